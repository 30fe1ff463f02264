/**
 * Electron's safeStorage as the vault's SecretCipher. Create it after `app.whenReady()`: before
 * that, Linux reports the backend `unknown` and encryption as unavailable, and the vault would
 * fall back to memory-only for the whole run.
 *
 * Uses the synchronous API (deprecated since Electron 42 in favour of encryptStringAsync /
 * decryptStringAsync, which add key rotation). The vault's port is synchronous so that a secret
 * and the rows that belong to it can be written in one SQLite transaction; moving to the async
 * API means an async port and re-encrypting when `shouldReEncrypt` is reported.
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../vault/cipher';

function selectedBackend(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macos-keychain';
  if (platform === 'win32') return 'windows-dpapi';
  if (platform === 'linux') return safeStorage.getSelectedStorageBackend();
  return 'unknown';
}

export function createSafeStorageCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    backend: selectedBackend(platform),
    isAvailable: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
