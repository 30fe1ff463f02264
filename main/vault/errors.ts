/**
 * Vault failures. They are loud on purpose: a stored sign-in that cannot be read is reported,
 * never turned into "not signed in" and never deleted behind the user's back. Messages hold no
 * secret, no ciphertext and no text of an underlying error (that could quote what it failed on).
 */
import { UserFacingError } from '../ipc/errors';

export type VaultErrorCode =
  /** The secret was written under another keyring backend than the one in use now. */
  | 'vault-backend-changed'
  /** A secret is stored, but the keyring that wrote it cannot be used right now. */
  | 'vault-keyring-unavailable'
  | 'vault-decrypt-failed'
  | 'vault-encrypt-failed';

export const VAULT_ERROR_TEXTS: Record<VaultErrorCode, { de: string; en: string }> = {
  'vault-backend-changed': {
    de: 'Der Schlüsselbund des Systems hat sich geändert. Die gespeicherte Anmeldung kann nicht gelesen werden; sie wurde nicht gelöscht. Bitte neu anmelden.',
    en: 'The system keyring has changed. The stored sign-in cannot be read; it was not deleted. Please sign in again.',
  },
  'vault-keyring-unavailable': {
    de: 'Der Schlüsselbund des Systems ist gerade nicht verfügbar. Die gespeicherte Anmeldung wurde nicht gelöscht.',
    en: 'The system keyring is not available right now. The stored sign-in was not deleted.',
  },
  'vault-decrypt-failed': {
    de: 'Die gespeicherte Anmeldung ließ sich nicht entschlüsseln. Sie wurde nicht gelöscht. Bitte neu anmelden.',
    en: 'The stored sign-in could not be decrypted. It was not deleted. Please sign in again.',
  },
  'vault-encrypt-failed': {
    de: 'Die Anmeldung konnte nicht sicher gespeichert werden.',
    en: 'The sign-in could not be stored securely.',
  },
};

export class VaultError extends UserFacingError {
  declare readonly code: VaultErrorCode;
  readonly accountId: string | null;
  /** Name of the underlying error (e.g. "Error"), never its message. */
  readonly causeName: string | null;

  constructor(code: VaultErrorCode, accountId: string | null, detail?: { causeName?: string; message?: string }) {
    super(code, detail?.message ?? VAULT_ERROR_TEXTS[code].de);
    this.name = 'VaultError';
    this.accountId = accountId;
    this.causeName = detail?.causeName ?? null;
  }
}

export class VaultBackendChangedError extends VaultError {
  readonly storedBackend: string;
  readonly currentBackend: string | null;

  constructor(accountId: string, storedBackend: string, currentBackend: string | null) {
    super('vault-backend-changed', accountId, {
      message: `${VAULT_ERROR_TEXTS['vault-backend-changed'].de} (gespeichert mit „${storedBackend}“, jetzt „${currentBackend ?? 'keiner'}“)`,
    });
    this.name = 'VaultBackendChangedError';
    this.storedBackend = storedBackend;
    this.currentBackend = currentBackend;
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
