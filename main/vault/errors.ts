/**
 * Vault failures. They are loud on purpose: a stored sign-in that cannot be read is reported,
 * never turned into "not signed in" and never deleted behind the user's back. Messages hold no
 * secret, no ciphertext and no text of an underlying error (that could quote what it failed on).
 */
import { VAULT_ERROR_TEXTS } from '../../preload/contract/errors';
import { UserFacingError } from '../ipc/errors';

export type VaultErrorCode =
  /** The secret was written under another keyring backend than the one in use now. */
  | 'vault-backend-changed'
  /** A secret is stored, but the keyring that wrote it cannot be used right now. */
  | 'vault-keyring-unavailable'
  | 'vault-decrypt-failed'
  | 'vault-encrypt-failed';

export { VAULT_ERROR_TEXTS };

export class VaultError extends UserFacingError {
  declare readonly code: VaultErrorCode;
  readonly accountId: string | null;
  /** Name of the underlying error (e.g. "Error"), never its message. */
  readonly causeName: string | null;

  constructor(code: VaultErrorCode, accountId: string | null, detail?: { causeName?: string; message?: string }) {
    super(code);
    // A more precise German text for the log; the user sees the code's text.
    if (detail?.message) this.message = detail.message;
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
