/**
 * What the settings screen needs to know about each setting beyond its SettingView: which group it
 * belongs to and which control shows it. Mirrors main/settings/schema.ts (which the renderer cannot
 * import: it uses node:crypto); test/unit/renderer-setting-meta.test.ts fails when the two drift.
 * Labels and hints live in the i18n resources under settings.keys.<key>.
 */

export type SettingGroupId = 'general' | 'notifications' | 'conference' | 'offline' | 'device' | 'updates' | 'portals' | 'network';

/** Order of the sections on the settings screen; settings main sends that are not listed land in "other". */
export const SETTING_GROUP_ORDER: readonly SettingGroupId[] = [
  'general',
  'conference',
  'offline',
  'device',
  'notifications',
  'updates',
  'portals',
  'network',
];

export type SettingUnit = 'mb' | 'minutes';

export type SettingControl =
  | { kind: 'boolean' }
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'integer'; min: number; max: number; unit: SettingUnit; zeroMeansOff?: boolean }
  /** A single address or text; `null` means "not set" (the built-in default applies). */
  | { kind: 'text' }
  /** Lists are shown read-only: only IT fills them in. */
  | { kind: 'list'; item: 'text' | 'portal' | 'certificate' | 'choice'; choices?: readonly string[] };

export interface SettingMeta {
  group: SettingGroupId;
  control: SettingControl;
}

export const SETTING_META = {
  language: { group: 'general', control: { kind: 'choice', choices: ['de', 'en'] } },
  portals: { group: 'portals', control: { kind: 'list', item: 'portal' } },
  allowUserPortals: { group: 'portals', control: { kind: 'boolean' } },
  ssoIdentityProviderOrigins: { group: 'portals', control: { kind: 'list', item: 'text' } },
  cameraGate: { group: 'conference', control: { kind: 'boolean' } },
  objectionForced: { group: 'conference', control: { kind: 'boolean' } },
  localRecordingForModerators: { group: 'conference', control: { kind: 'boolean' } },
  screenSharingRoles: { group: 'conference', control: { kind: 'list', item: 'choice', choices: ['moderator', 'viewer'] } },
  recorderDetection: { group: 'conference', control: { kind: 'choice', choices: ['off', 'warn', 'leave'] } },
  extraBbbHosts: { group: 'conference', control: { kind: 'list', item: 'text' } },
  offlineEnabled: { group: 'offline', control: { kind: 'boolean' } },
  offlineStorageBudgetMb: { group: 'offline', control: { kind: 'integer', min: 50, max: 20_000, unit: 'mb' } },
  prefetch: { group: 'offline', control: { kind: 'choice', choices: ['off', 'assignments', 'all'] } },
  sharedDevice: { group: 'device', control: { kind: 'boolean' } },
  idleLogoutMinutes: { group: 'device', control: { kind: 'integer', min: 0, max: 480, unit: 'minutes', zeroMeansOff: true } },
  updateMode: { group: 'updates', control: { kind: 'choice', choices: ['auto', 'notify', 'off'] } },
  dataDirectory: { group: 'device', control: { kind: 'text' } },
  updateUrl: { group: 'updates', control: { kind: 'text' } },
  updateChannel: { group: 'updates', control: { kind: 'choice', choices: ['latest', 'beta'] } },
  notifications: { group: 'notifications', control: { kind: 'boolean' } },
  deadlineNotifications: { group: 'notifications', control: { kind: 'boolean' } },
  trustedCaCertificates: { group: 'network', control: { kind: 'list', item: 'certificate' } },
  maxDownloadMb: { group: 'network', control: { kind: 'integer', min: 1, max: 10_000, unit: 'mb' } },
} as const satisfies Record<string, SettingMeta>;

export type KnownSettingKey = keyof typeof SETTING_META;

export function isKnownSettingKey(key: string): key is KnownSettingKey {
  return Object.hasOwn(SETTING_META, key);
}

export function settingMeta(key: string): SettingMeta | undefined {
  return isKnownSettingKey(key) ? SETTING_META[key] : undefined;
}
