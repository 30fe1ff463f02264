/**
 * Portal accounts: several per person (a teacher at two schools, a student who also uses the
 * district's portal), one of them current. An account is a (portal, Moodle user) pair with a
 * random id; signing in again as the same user on the same portal updates that account instead
 * of adding a second. The token lives in the SecretVault under the account id, never in these rows;
 * so does the user's private access key for /tokenpluginfile.php (it grants file access too).
 *
 * - markNeedsReauth(): the portal said `invalidtoken` — keep every cached thing, ask for a new sign-in.
 * - logout(): the secret goes. On a personal device cached data stays for the next sign-in; on a
 *   shared device `onSharedDeviceLogout` decides what happens to it (the offline work's hook).
 * - remove(): the account and, by ON DELETE CASCADE, all of its data go.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { ACCOUNTS_ERROR_TEXTS } from '../../preload/contract/errors';
import { UserFacingError } from '../ipc/errors';
import type { Store } from '../store/database';
import { Secret } from '../vault/secret';
import type { SecretState, SecretVault } from '../vault/secret-vault';
import { AccountRepository } from './accounts-repository';
import type { PortalAccount } from './accounts-repository';

export type { PortalAccount } from './accounts-repository';

/** Who signed in, from core_webservice_get_site_info (and the site check for siteUrl). */
export interface AccountProfile {
  siteUrl: string;
  siteName: string;
  userId: number;
  username: string;
  fullName: string;
  lang: string;
}

export interface PortalCredentials {
  token: Secret;
  privateToken: Secret | null;
  /**
   * core_webservice_get_site_info's `userprivateaccesskey`: files via
   * /tokenpluginfile.php/<key>/… without the token in the URL. Absent on sites that give none
   * (and in sign-ins stored before SchulDesk kept it); then files go through webservice/pluginfile.php.
   */
  privateAccessKey?: Secret | null;
}

export type DeviceMode = 'personal' | 'shared';

/**
 * What the renderer needs to draw the account list. `session`:
 * signed-in · needs-reauth (token rejected) · signed-out (no secret: logged out, or a memory-only
 * vault after a restart) · keyring-changed / keyring-unavailable (a secret is stored but cannot be
 * read now; the vault's error explains it, nothing was deleted).
 */
export type AccountSession = 'signed-in' | 'needs-reauth' | 'signed-out' | 'keyring-changed' | 'keyring-unavailable';

export interface AccountView extends PortalAccount {
  isCurrent: boolean;
  session: AccountSession;
}

/**
 * Shared devices: called after the secret is gone, with the account whose cached data must now
 * be wiped, kept encrypted, or whatever the offline/shared-device work decides. Unsent work must
 * not be lost, so without a hook the data is kept (and a warning logged).
 */
export type SharedDeviceLogoutHook = (account: PortalAccount) => void | Promise<void>;

export interface AccountsServiceOptions {
  store: Store;
  vault: SecretVault;
  now?: () => number;
  newId?: () => string;
  onSharedDeviceLogout?: SharedDeviceLogoutHook;
}

export type AccountsErrorCode = 'account-not-found' | 'account-invalid-profile' | 'account-credentials-unreadable';

export { ACCOUNTS_ERROR_TEXTS };

export class AccountsError extends UserFacingError {
  declare readonly code: AccountsErrorCode;

  constructor(code: AccountsErrorCode) {
    super(code);
    this.name = 'AccountsError';
  }
}

/**
 * One spelling per portal: lower-case scheme and host, no default port, no trailing slash,
 * no query or fragment. `https://Moodle.Schule.de/` and `https://moodle.schule.de` are one site.
 */
export function canonicalSiteUrl(siteUrl: string): string {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new AccountsError('account-invalid-profile');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) throw new AccountsError('account-invalid-profile');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function validProfile(profile: AccountProfile): AccountProfile {
  const { siteName, userId, username, fullName, lang } = profile;
  const ok =
    Number.isSafeInteger(userId) &&
    userId > 0 &&
    typeof username === 'string' &&
    username.trim() !== '' &&
    typeof siteName === 'string' &&
    typeof fullName === 'string' &&
    typeof lang === 'string';
  if (!ok) throw new AccountsError('account-invalid-profile');
  return { siteUrl: canonicalSiteUrl(profile.siteUrl), siteName, userId, username, fullName, lang };
}

/** The vault holds one string per account: these credentials as JSON. */
export function encodeCredentials(credentials: PortalCredentials): Secret {
  return new Secret(
    JSON.stringify({
      v: 1,
      token: credentials.token.reveal(),
      privateToken: credentials.privateToken?.reveal() ?? null,
      privateAccessKey: credentials.privateAccessKey?.reveal() ?? null,
    }),
  );
}

export function decodeCredentials(secret: Secret): PortalCredentials {
  let data: unknown;
  try {
    data = JSON.parse(secret.reveal());
  } catch {
    throw new AccountsError('account-credentials-unreadable');
  }
  const record = data as { v?: unknown; token?: unknown; privateToken?: unknown; privateAccessKey?: unknown } | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    record.v !== 1 ||
    typeof record.token !== 'string' ||
    record.token === '' ||
    (record.privateToken !== null && typeof record.privateToken !== 'string') ||
    // Sign-ins stored before the key was kept have no such field: that reads as "no key".
    (record.privateAccessKey !== undefined && record.privateAccessKey !== null && typeof record.privateAccessKey !== 'string')
  ) {
    throw new AccountsError('account-credentials-unreadable');
  }
  return {
    token: new Secret(record.token),
    privateToken: typeof record.privateToken === 'string' ? new Secret(record.privateToken) : null,
    privateAccessKey: typeof record.privateAccessKey === 'string' && record.privateAccessKey !== '' ? new Secret(record.privateAccessKey) : null,
  };
}

/**
 * What identifies a sealed placeholder (shared device): a hash of the portal and the Moodle user id,
 * so the student's work is found again when they sign in, while the row shows no name. It is a
 * pseudonym, not anonymity: whoever can list the portal's user ids can compute it.
 */
export function sealedAccountHandle(siteUrl: string, userId: number): string {
  return createHash('sha256').update(`schuldesk-sealed-account-v1\n${canonicalSiteUrl(siteUrl)}\n${userId}`).digest('hex');
}

const SESSION_BY_SECRET: Record<SecretState, AccountSession> = {
  present: 'signed-in',
  absent: 'signed-out',
  'backend-changed': 'keyring-changed',
  'keyring-unavailable': 'keyring-unavailable',
};

export class AccountsService {
  readonly #store: Store;
  readonly #vault: SecretVault;
  readonly #accounts: AccountRepository;
  readonly #now: () => number;
  readonly #newId: () => string;
  #onSharedDeviceLogout: SharedDeviceLogoutHook | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(options: AccountsServiceOptions) {
    this.#store = options.store;
    this.#vault = options.vault;
    this.#accounts = new AccountRepository(options.store);
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? randomUUID;
    this.#onSharedDeviceLogout = options.onSharedDeviceLogout;
  }

  /**
   * Wires the shared-device logout hook once its owner exists (the composition root: the outbox
   * service is built on the accounts it serves). Set once, here or through the constructor option.
   */
  useSharedDeviceLogout(hook: SharedDeviceLogoutHook): void {
    if (this.#onSharedDeviceLogout) throw new Error('shared-device logout hook is already set');
    this.#onSharedDeviceLogout = hook;
  }

  /** Most recently used first. */
  list(): PortalAccount[] {
    return this.#accounts.list();
  }

  get(id: string): PortalAccount | null {
    return this.#accounts.get(id);
  }

  /** Throws AccountsError('account-not-found'). */
  require(id: string): PortalAccount {
    const account = this.#accounts.get(id);
    if (!account) throw new AccountsError('account-not-found');
    return account;
  }

  current(): PortalAccount | null {
    const id = this.#accounts.currentId();
    return id ? this.#accounts.get(id) : null;
  }

  /** For the renderer: no secrets, no decryption (so no keychain prompt). */
  views(): AccountView[] {
    const currentId = this.#accounts.currentId();
    return this.#accounts.list().map((account) => ({
      ...account,
      isCurrent: account.id === currentId,
      session: account.needsReauth ? 'needs-reauth' : SESSION_BY_SECRET[this.#vault.inspect(account.id)],
    }));
  }

  /**
   * After a successful login (password or SSO, then site info): adds the account, or updates the
   * one with the same site and Moodle user id. Stores the credentials, clears needsReauth, and makes
   * it current — all or nothing.
   */
  signIn(profile: AccountProfile, credentials: PortalCredentials): { account: PortalAccount; created: boolean } {
    const valid = validProfile(profile);
    const secret = encodeCredentials(credentials);
    const now = this.#now();
    const result = this.#store.transaction(() => {
      const existing = this.#accounts.findBySiteAndUser(valid.siteUrl, valid.userId);
      // A placeholder this student left on a shared device (unsent, sealed work hangs on its id).
      const sealed = existing ? null : this.#accounts.findSealed(sealedAccountHandle(valid.siteUrl, valid.userId));
      let account: PortalAccount;
      if (sealed) {
        account = { ...sealed, ...valid, lastUsedAt: now, needsReauth: false };
        this.#accounts.unseal(account);
      } else if (existing) {
        account = { ...existing, siteName: valid.siteName, username: valid.username, fullName: valid.fullName, lang: valid.lang, lastUsedAt: now, needsReauth: false };
        this.#accounts.update(account);
      } else {
        account = { id: this.#newId(), ...valid, createdAt: now, lastUsedAt: now, needsReauth: false };
        this.#accounts.insert(account);
      }
      this.#accounts.setCurrentId(account.id);
      // Last: in memory-only mode this cannot be rolled back, so nothing may fail after it.
      this.#vault.put(account.id, secret);
      return { account, created: !existing && !sealed };
    });
    this.#emit();
    return result;
  }

  switchTo(id: string): PortalAccount {
    const account = this.#store.transaction(() => {
      const found = this.require(id);
      const now = this.#now();
      this.#accounts.setLastUsed(id, now);
      this.#accounts.setCurrentId(id);
      return { ...found, lastUsedAt: now };
    });
    this.#emit();
    return account;
  }

  /**
   * The account's token, or null when signed out. Throws the vault's errors (backend changed,
   * keyring unavailable, decrypt failed) and AccountsError('account-credentials-unreadable').
   */
  credentials(id: string): PortalCredentials | null {
    this.require(id);
    const secret = this.#vault.get(id);
    return secret ? decodeCredentials(secret) : null;
  }

  /** On `invalidtoken`: the account stays with all its cached data; the UI asks for a new sign-in. */
  markNeedsReauth(id: string): PortalAccount {
    const account = this.require(id);
    if (!account.needsReauth) {
      this.#accounts.setNeedsReauth(id, true);
      this.#emit();
    }
    return { ...account, needsReauth: true };
  }

  /**
   * Removes the account's secret and, if it was current, leaves no account current. The account
   * and its cached data stay (personal device); on a shared device the hook then runs.
   */
  async logout(id: string, options: { deviceMode: DeviceMode }): Promise<void> {
    const account = this.#store.transaction(() => {
      const found = this.require(id);
      if (this.#accounts.currentId() === id) this.#accounts.setCurrentId(null);
      this.#vault.delete(id);
      return found;
    });
    this.#emit();
    if (options.deviceMode !== 'shared') return;
    if (this.#onSharedDeviceLogout) await this.#onSharedDeviceLogout(account);
    else console.warn('[accounts] logout on a shared device: no handler for cached data is configured, so it was kept.');
  }

  /**
   * Shared devices, after logout: the row keeps only its id, the portal address and a handle
   * (sealedAccountHandle); it leaves list() and views(), and the same student's next sign-in takes
   * it back (signIn). Whoever calls this has deleted the account's other data already.
   */
  seal(id: string): void {
    const account = this.require(id);
    this.#store.transaction(() => {
      if (this.#accounts.currentId() === id) this.#accounts.setCurrentId(null);
      this.#vault.delete(id);
      this.#accounts.seal(id, sealedAccountHandle(account.siteUrl, account.userId), -randomInt(1, 2 ** 47));
    });
    this.#emit();
  }

  /** Ids of sealed placeholders (shared devices): not shown, not signed in, holding only sealed work. */
  sealedIds(): string[] {
    return this.#accounts.sealedIds();
  }

  /** Removes the account, its secret and (ON DELETE CASCADE) every row of its data. */
  remove(id: string): void {
    this.#store.transaction(() => {
      this.require(id);
      this.#vault.delete(id);
      this.#accounts.delete(id);
    });
    this.#emit();
  }

  /** Called after every change (sign-in, switch, needs-reauth, logout, removal). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        console.warn('[accounts] change listener failed:', error instanceof Error ? error.name : typeof error);
      }
    }
  }
}
