/**
 * API contract, feature part: the loaner device (policy `sharedDevice`): the student's PIN that seals
 * drafts, the logout preview and the idle-logout activity mark. The service is main/outbox/service.ts;
 * merged into ApiMethods by preload/api.ts, bound in main/api/device.ts. No events.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */
import type { DraftView } from './outbox';

/**
 * What a logout removes from this device; the renderer words it (portal.accounts.logoutPreview.deletes).
 * 'damaged-store-copies': a loaner device keeps a damaged data file the salvage set aside (it holds
 * data of every account that used the device); listed only when one exists.
 */
export type LogoutDeletion = 'sign-in' | 'account-name' | 'cached-content' | 'cached-files' | 'sent-drafts' | 'damaged-store-copies';

export interface LogoutPreview {
  sharedDevice: boolean;
  /** Unsent work that stays (encrypted on shared devices) after logout. */
  unsentItems: { draftId: string; title: string; updatedAt: number }[];
  /** What logout removes from this device. */
  willDelete: LogoutDeletion[];
}

export interface DeviceStatus {
  sharedDevice: boolean;
  pinSet: boolean;
  unlocked: boolean;
  minPinLength: number;
  idleLogoutMinutes: number;
}

export interface DeviceMethods {
  'device.logoutPreview': { args: []; result: LogoutPreview };
  /** Shared device: is a PIN set / entered for the current account? (The editor asks for it before the first draft.) */
  'device.status': { args: []; result: DeviceStatus };
  /** Sets the PIN the first time, afterwards checks it; unlocks the account's sealed drafts. */
  'device.unlock': { args: [pin: string]; result: DraftView[] };
  /** The student did something: restarts the idle-logout timer. */
  'device.activity': { args: []; result: null };
}

export const DEVICE_METHOD_NAMES = ['device.logoutPreview', 'device.status', 'device.unlock', 'device.activity'] as const satisfies readonly (keyof DeviceMethods)[];
