/**
 * Binds the device part of the API contract (preload/contract/device.ts): the loaner device's PIN,
 * logout preview and idle-logout activity. The service is the outbox's (main/outbox/service.ts),
 * which seals drafts and runs the idle timer; the composition root hands it in and closes it.
 */
import { z } from 'zod';
import type { DeviceMethods } from '../../preload/contract/device';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import { MIN_PIN_LENGTH } from '../outbox/device-keys';
import type { OutboxService } from '../outbox/service';
import { draftView } from '../outbox/views';

const none = z.tuple([]);

export const DEVICE_INPUT_SCHEMAS: InputSchemasFor<DeviceMethods> = {
  'device.logoutPreview': none,
  'device.status': none,
  'device.unlock': z.tuple([z.string().min(1).max(200)]),
  'device.activity': none,
};

export function createDeviceApi(context: ServiceContext, outbox: OutboxService): FeatureApi<DeviceMethods> {
  const handlers: HandlersFor<DeviceMethods> = {
    'device.logoutPreview': () => outbox.logoutPreview(),
    'device.status': () => {
      const account = context.accounts.current();
      return {
        sharedDevice: outbox.sharedDevice(),
        pinSet: account ? outbox.keys.hasPin(account.id) : false,
        unlocked: account ? outbox.keys.key(account.id) !== null : false,
        minPinLength: MIN_PIN_LENGTH,
        idleLogoutMinutes: Number(context.settings.get('idleLogoutMinutes') ?? 0),
      };
    },
    'device.unlock': (pin) => Promise.all(outbox.unlock(pin).map((draft) => draftView(outbox, draft))),
    'device.activity': () => {
      outbox.activity();
      return null;
    },
  };
  return { handlers };
}
