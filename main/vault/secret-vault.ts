/**
 * Per-account secrets (the portal token). Persisted — as ciphertext from the OS keyring, in the
 * `secrets` table — only when the cipher is a real keyring. Otherwise (Linux without a keyring,
 * the browser shell, or a school policy) they live in this process's memory until the app closes,
 * and `status()` tells the UI why the user has to sign in after every start.
 *
 * Every stored secret records the backend that wrote it. Reading one written by another backend
 * (gnome_libsecret → basic_text, kwallet5 → kwallet6) throws VaultBackendChangedError: not
 * null, not a silent delete (the pattern of Signal and Element, see notes/electron-platform.md §3).
 */
import type { Store } from '../store/database';
import type { SecretCipher } from './cipher';
import { isOsKeyringBackend } from './cipher';
import { errorName, VaultBackendChangedError, VaultError } from './errors';
import { asSecret, Secret } from './secret';

export type VaultPersistence = 'os-keyring' | 'memory-only';

export type MemoryOnlyReason =
  /** Linux: safeStorage runs on `basic_text` (no Secret Service / KWallet found). */
  | 'no-os-keyring'
  /** safeStorage says encryption is not available (keychain locked or refused, called too early). */
  | 'encryption-unavailable'
  /** The browser shell: there is no Electron, so no safeStorage. */
  | 'no-electron'
  /** The school's policy says sign-ins are not kept on this device. */
  | 'policy';

export interface VaultStatus {
  persistence: VaultPersistence;
  /** The cipher's backend, or null without a cipher (browser shell). */
  backend: string | null;
  /** Why sign-ins are memory-only (the UI words it: portal.accounts.memoryOnlyReason); null when they persist. */
  reason: MemoryOnlyReason | null;
  /** Backends of the secrets on disk that differ from `backend` (reading them would throw). */
  foreignBackends: string[];
}

/** What `inspect()` knows about one account without decrypting anything. */
export type SecretState = 'present' | 'absent' | 'backend-changed' | 'keyring-unavailable';

export interface SecretVaultOptions {
  /** null in the browser shell. */
  cipher: SecretCipher | null;
  /** The app database; null only where nothing could be persisted anyway. */
  store: Store | null;
  /** School policy: keep secrets in memory only even where a keyring exists (shared devices). */
  forceMemoryOnly?: boolean;
  now?: () => number;
}

interface SecretRow {
  backend: string;
  ciphertext: Uint8Array;
}

function decide(options: SecretVaultOptions): { persistence: VaultPersistence; reason: MemoryOnlyReason | null } {
  const { cipher } = options;
  if (!cipher) return { persistence: 'memory-only', reason: 'no-electron' };
  if (options.forceMemoryOnly) return { persistence: 'memory-only', reason: 'policy' };
  if (!isOsKeyringBackend(cipher.backend)) return { persistence: 'memory-only', reason: 'no-os-keyring' };
  if (!cipher.isAvailable()) return { persistence: 'memory-only', reason: 'encryption-unavailable' };
  return { persistence: 'os-keyring', reason: null };
}

export class SecretVault {
  readonly persistence: VaultPersistence;
  readonly reason: MemoryOnlyReason | null;
  /** Snapshot at start: one backend per run, so a change mid-run cannot mix two. */
  readonly backend: string | null;
  readonly #cipher: SecretCipher | null;
  readonly #store: Store | null;
  readonly #now: () => number;
  /** Memory-only mode: the secrets of this run. */
  readonly #memory = new Map<string, Secret>();

  constructor(options: SecretVaultOptions) {
    const { persistence, reason } = decide(options);
    if (persistence === 'os-keyring' && !options.store) throw new Error('SecretVault: a store is required to persist secrets');
    this.persistence = persistence;
    this.reason = reason;
    this.backend = options.cipher?.backend ?? null;
    this.#cipher = options.cipher;
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
  }

  status(): VaultStatus {
    const foreignBackends = this.#store
      ? this.#store
          .all<{ backend: string }>('SELECT DISTINCT backend FROM secrets WHERE backend IS NOT ? ORDER BY backend', this.backend)
          .map((row) => row.backend)
      : [];
    return {
      persistence: this.persistence,
      backend: this.backend,
      reason: this.reason,
      foreignBackends,
    };
  }

  put(accountId: string, secret: string | Secret): void {
    assertAccountId(accountId);
    const value = asSecret(secret);
    if (this.persistence === 'memory-only') {
      // A row another backend wrote stays: it is not ours to drop, and get() prefers memory.
      this.#memory.set(accountId, value);
      return;
    }
    let ciphertext: Buffer;
    try {
      ciphertext = this.#keyring().encrypt(value.reveal());
    } catch (error) {
      throw new VaultError('vault-encrypt-failed', accountId, { causeName: errorName(error) });
    }
    this.#store?.run(
      'INSERT INTO secrets (account_id, backend, ciphertext, written_at) VALUES (?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET backend = excluded.backend, ciphertext = excluded.ciphertext, written_at = excluded.written_at',
      accountId,
      this.backend,
      ciphertext,
      this.#now(),
    );
  }

  /**
   * The account's secret, or null when there is none. Throws VaultBackendChangedError or
   * VaultError when one is stored but cannot be read — the caller shows that, and may offer
   * `delete(accountId)` as the user's explicit choice.
   */
  get(accountId: string): Secret | null {
    assertAccountId(accountId);
    const remembered = this.#memory.get(accountId);
    if (remembered) return remembered;
    const row = this.#row(accountId);
    if (!row) return null;
    if (row.backend !== this.backend) throw new VaultBackendChangedError(accountId, row.backend, this.backend);
    if (this.persistence === 'memory-only') throw new VaultError('vault-keyring-unavailable', accountId);
    let plain: string;
    try {
      plain = this.#keyring().decrypt(Buffer.from(row.ciphertext));
    } catch (error) {
      throw new VaultError('vault-decrypt-failed', accountId, { causeName: errorName(error) });
    }
    return new Secret(plain);
  }

  /** Like get() but without decrypting (no keychain prompt) and without throwing. */
  inspect(accountId: string): SecretState {
    assertAccountId(accountId);
    if (this.#memory.has(accountId)) return 'present';
    const row = this.#row(accountId);
    if (!row) return 'absent';
    if (row.backend !== this.backend) return 'backend-changed';
    return this.persistence === 'memory-only' ? 'keyring-unavailable' : 'present';
  }

  /** Removes the secret from memory and disk, whichever backend wrote it. */
  delete(accountId: string): void {
    assertAccountId(accountId);
    this.#memory.delete(accountId);
    this.#store?.run('DELETE FROM secrets WHERE account_id = ?', accountId);
  }

  /** Removes every secret, from memory and disk. */
  deleteAll(): void {
    this.#memory.clear();
    this.#store?.run('DELETE FROM secrets');
  }

  #row(accountId: string): SecretRow | undefined {
    return this.#store?.get<SecretRow>('SELECT backend, ciphertext FROM secrets WHERE account_id = ?', accountId);
  }

  #keyring(): SecretCipher {
    if (!this.#cipher) throw new Error('SecretVault: no cipher');
    return this.#cipher;
  }

  toJSON(): { persistence: VaultPersistence; backend: string | null } {
    return { persistence: this.persistence, backend: this.backend };
  }
}

function assertAccountId(accountId: string): void {
  if (typeof accountId !== 'string' || accountId === '') throw new TypeError('SecretVault: accountId must be a non-empty string');
}
