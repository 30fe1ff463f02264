/**
 * Per-student keys for shared loaner laptops (policy `sharedDevice`). Each account gets a random
 * 32-byte data key; on disk it exists only wrapped (AES-256-GCM) under a key derived with scrypt
 * from the student's PIN, salted with a random salt and bound to (site, Moodle user id). The data
 * key lives in memory only while the student is signed in and has entered the PIN; logout and the
 * idle timeout forget it. Without the PIN, another student on the same OS account has only
 * ciphertext (drafts, versions, files). Offline guessing of a weak PIN is the residual risk
 * (scrypt makes each guess cost ~0.1 s), so PINs need at least 6 characters.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { UserFacingError } from '../ipc/errors';
import type { Store } from '../store/database';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const MIN_PIN_LENGTH = 6;

export function encrypt(key: Buffer, plain: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}

export function decrypt(key: Buffer, sealed: Uint8Array): Buffer {
  const data = Buffer.from(sealed);
  if (data[0] !== 1 || data.length < 29) throw new Error('sealed data: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(1, 13));
  decipher.setAuthTag(data.subarray(13, 29));
  return Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]);
}

function kek(pin: string, salt: Uint8Array, binding: string): Buffer {
  return scryptSync(`${binding}\n${pin.normalize('NFC')}`, salt, 32, SCRYPT);
}

export class DeviceKeys {
  readonly #store: Store;
  readonly #keys = new Map<string, Buffer>();

  constructor(store: Store) {
    this.#store = store;
  }

  hasPin(accountId: string): boolean {
    return this.#store.get('SELECT 1 AS x FROM sealed_keys WHERE account_id = ?', accountId) !== undefined;
  }

  key(accountId: string): Buffer | null {
    return this.#keys.get(accountId) ?? null;
  }

  /** Sets the PIN (first time) or checks it and unlocks. Throws UserFacingError on a wrong PIN. */
  unlock(accountId: string, pin: string, binding: string, now: number): void {
    if (pin.length < MIN_PIN_LENGTH) throw new UserFacingError('pin-too-short', { min: MIN_PIN_LENGTH });
    const row = this.#store.get<{ salt: Uint8Array; wrapped_key: Uint8Array }>('SELECT salt, wrapped_key FROM sealed_keys WHERE account_id = ?', accountId);
    if (row) {
      try {
        this.#keys.set(accountId, decrypt(kek(pin, row.salt, binding), row.wrapped_key));
      } catch {
        throw new UserFacingError('pin-wrong');
      }
      return;
    }
    const key = randomBytes(32);
    const salt = randomBytes(16);
    this.#store.run('INSERT INTO sealed_keys (account_id, kind, salt, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?)', accountId, 'pin-scrypt', salt, encrypt(kek(pin, salt, binding), key), now);
    this.#keys.set(accountId, key);
  }

  /** Logout / idle: the key is forgotten (its bytes overwritten). */
  forget(accountId: string): void {
    const key = this.#keys.get(accountId);
    key?.fill(0);
    this.#keys.delete(accountId);
  }
}
