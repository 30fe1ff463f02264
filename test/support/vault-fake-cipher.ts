/**
 * An in-memory stand-in for Electron's safeStorage (the only fake in the vault tests: the real
 * safeStorage needs the Electron binary, which this machine does not have). It really encrypts
 * (AES-256-GCM with a key held in memory, like a keyring's key), so ciphertext on disk never
 * contains the plain secret, and a wrong key fails to decrypt as safeStorage does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../main/vault/cipher';

export interface FakeCipherOptions {
  backend: string;
  available?: boolean;
  /** The keyring's key; share it between two instances to model two runs on one keyring. */
  key?: Buffer;
}

export class FakeCipher implements SecretCipher {
  readonly backend: string;
  available: boolean;
  readonly key: Buffer;
  encryptCalls = 0;
  decryptCalls = 0;

  constructor(options: FakeCipherOptions) {
    this.backend = options.backend;
    this.available = options.available ?? true;
    this.key = options.key ?? randomBytes(32);
  }

  isAvailable(): boolean {
    return this.available;
  }

  encrypt(plain: string): Buffer {
    this.encryptCalls += 1;
    if (!this.available) throw new Error(`cannot encrypt ${plain}`); // quotes the input on purpose: the vault must not pass it on
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Buffer): string {
    this.decryptCalls += 1;
    if (!this.available) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    if (data.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const iv = data.subarray(3, 15);
    const tag = data.subarray(15, 31);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data.subarray(31)), decipher.final()]).toString('utf8');
  }
}
