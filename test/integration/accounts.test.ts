// Portal accounts over the real SQLite store (temp files) and the vault. The vault's cipher is
// the in-memory FakeCipher (test/unit/vault-fake-cipher.ts): Electron's safeStorage needs the
// Electron binary. Everything else is real.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID_COLUMN, findUnscopedTables, forAccount } from '../../main/portal/accounts-scope';
import { AccountsService } from '../../main/portal/accounts';
import type { AccountProfile, AccountsServiceOptions, PortalAccount, PortalCredentials } from '../../main/portal/accounts';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import type { Migration } from '../../main/store/migrations';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { VaultBackendChangedError } from '../../main/vault/errors';
import { Secret } from '../../main/vault/secret';
import { SecretVault } from '../../main/vault/secret-vault';
import type { SecretCipher } from '../../main/vault/cipher';
import { FakeCipher } from '../support/vault-fake-cipher';
import { useStoreFolderPerTest } from '../support/app-store';

// A stand-in for the tables later features add, built the way accounts-scope.ts asks.
const TEST_MIGRATIONS: Migration[] = [
  ...APP_MIGRATIONS,
  { id: 900, name: 'test course cache', up: `CREATE TABLE test_courses (${ACCOUNT_ID_COLUMN}, course_id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (account_id, course_id)) STRICT` },
];

const NORD = 'https://moodle.gym-nord.example';
const SUED = 'https://lernen.realschule-sued.example/moodle';
const TOKEN_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const TOKEN_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const PRIVATE = 'Pq7Rs9Tu1Vw3Xy5Za7Bc9De1Fg3Hi5Jk7Lm9No1Pq3Rs5Tu7Vw9Xy1Za3Bc5De7F';

const teacherAtNord: AccountProfile = { siteUrl: NORD, siteName: 'Gymnasium Nord', userId: 3, username: 'sbecker', fullName: 'Sabine Becker', lang: 'de' };
const teacherAtSued: AccountProfile = { siteUrl: SUED, siteName: 'Realschule Süd', userId: 17, username: 'sbecker', fullName: 'Sabine Becker', lang: 'de_du' };

const creds = (token: string, privateToken: string | null = null): PortalCredentials => ({ token: new Secret(token), privateToken: privateToken ? new Secret(privateToken) : null });

const folder = useStoreFolderPerTest('schuldesk-accounts-');
let clock: number;

beforeEach(() => {
  clock = 1_800_000_000_000;
});

function open(): Store {
  const store = openDatabase(join(folder.dir, 'schuldesk.sqlite'), { migrations: TEST_MIGRATIONS });
  folder.track(store);
  return store;
}

function restart(): void {
  folder.closeAll();
}

function service(cipher: SecretCipher | null, extra: Partial<AccountsServiceOptions> = {}): { accounts: AccountsService; store: Store; vault: SecretVault } {
  const store = open();
  const vault = new SecretVault({ cipher, store });
  const accounts = new AccountsService({ store, vault, now: () => clock, ...extra });
  return { accounts, store, vault };
}

function cacheCourse(store: Store, account: PortalAccount, courseId: number, name: string): void {
  forAccount(store, account.id).run('INSERT INTO test_courses (account_id, course_id, name) VALUES (:account_id, :course_id, :name)', { course_id: courseId, name });
}

function cachedCourses(store: Store, account: PortalAccount): string[] {
  return forAccount(store, account.id)
    .all<{ name: string }>('SELECT name FROM test_courses WHERE account_id = :account_id ORDER BY course_id')
    .map((row) => row.name);
}

describe('signing in', () => {
  it('creates an account with a random id, makes it current and keeps the token in the vault', () => {
    const { accounts, store } = service(new FakeCipher({ backend: 'gnome_libsecret' }));
    const { account, created } = accounts.signIn(teacherAtNord, creds(TOKEN_A, PRIVATE));
    expect(created).toBe(true);
    expect(account).toEqual({ id: account.id, ...teacherAtNord, createdAt: clock, lastUsedAt: clock, needsReauth: false });
    expect(account.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(account.id).not.toContain('sbecker');
    expect(accounts.current()).toEqual(account);
    expect(accounts.credentials(account.id)?.token.reveal()).toBe(TOKEN_A);
    expect(accounts.credentials(account.id)?.privateToken?.reveal()).toBe(PRIVATE);
    // The account row holds no token.
    expect(JSON.stringify(store.all('SELECT * FROM accounts'))).not.toContain(TOKEN_A);
  });

  it('ids are not derived from anything: the same person on a fresh device gets another id', () => {
    const first = service(new FakeCipher({ backend: 'kwallet6' })).accounts.signIn(teacherAtNord, creds(TOKEN_A)).account.id;
    restart();
    rmSync(join(folder.dir, 'schuldesk.sqlite'));
    const second = service(new FakeCipher({ backend: 'kwallet6' })).accounts.signIn(teacherAtNord, creds(TOKEN_A)).account.id;
    expect(second).not.toBe(first);
  });

  it('the same user on the same site again updates the account instead of adding one', () => {
    const { accounts, store } = service(new FakeCipher({ backend: 'macos-keychain' }));
    const first = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    cacheCourse(store, first, 2, 'Mathematik 7b');
    accounts.markNeedsReauth(first.id);
    clock += 60_000;
    // Same site spelled differently, new name and language, a new token.
    const again = accounts.signIn({ ...teacherAtNord, siteUrl: 'https://Moodle.Gym-Nord.example:443/', fullName: 'Sabine Becker-Wolf', lang: 'en' }, creds(TOKEN_B));
    expect(again.created).toBe(false);
    expect(again.account).toEqual({ ...first, fullName: 'Sabine Becker-Wolf', lang: 'en', lastUsedAt: clock, needsReauth: false });
    expect(accounts.list()).toHaveLength(1);
    expect(accounts.credentials(first.id)?.token.reveal()).toBe(TOKEN_B);
    expect(cachedCourses(store, first)).toEqual(['Mathematik 7b']);
  });

  it('another Moodle user on the same site, or the same user name on another site, is another account', () => {
    const { accounts } = service(new FakeCipher({ backend: 'windows-dpapi' }));
    const a = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    const b = accounts.signIn({ ...teacherAtNord, userId: 4, username: 'lmueller', fullName: 'Lena Müller' }, creds(TOKEN_B)).account;
    const c = accounts.signIn(teacherAtSued, creds(TOKEN_B)).account;
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(accounts.list()).toHaveLength(3);
  });

  it.each([
    ['no user id', { userId: 0 }],
    ['fractional user id', { userId: 1.5 }],
    ['empty user name', { username: '  ' }],
    ['site not http(s)', { siteUrl: 'file:///etc' }],
    ['site with credentials', { siteUrl: 'https://u:p@moodle.example' }],
    ['site not a URL', { siteUrl: 'moodle' }],
  ])('refuses an incomplete profile: %s', (_what, patch) => {
    const { accounts } = service(new FakeCipher({ backend: 'kwallet5' }));
    expect(() => accounts.signIn({ ...teacherAtNord, ...patch } as AccountProfile, creds(TOKEN_A))).toThrow(expect.objectContaining({ code: 'account-invalid-profile' }));
    expect(accounts.list()).toEqual([]);
  });

  it('all or nothing: when the token cannot be stored, no account is added', () => {
    const cipher = new FakeCipher({ backend: 'gnome_libsecret' });
    const { accounts, store } = service(cipher);
    cipher.available = false;
    expect(() => accounts.signIn(teacherAtNord, creds(TOKEN_A))).toThrow(expect.objectContaining({ code: 'vault-encrypt-failed' }));
    expect(accounts.list()).toEqual([]);
    expect(accounts.current()).toBeNull();
    expect(store.get('SELECT count(*) AS n FROM secrets')).toEqual({ n: 0 });
  });
});

describe('several accounts (a teacher at two schools)', () => {
  it('switching moves the current pointer and keeps each account’s data apart', () => {
    const { accounts, store } = service(new FakeCipher({ backend: 'gnome_libsecret' }));
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    cacheCourse(store, nord, 2, 'Mathematik 7b');
    clock += 1000;
    const sued = accounts.signIn(teacherAtSued, creds(TOKEN_B)).account;
    cacheCourse(store, sued, 2, 'Physik 9a'); // same Moodle course id at the other school
    expect(accounts.current()?.id).toBe(sued.id);
    expect(accounts.list().map((a) => a.siteName)).toEqual(['Realschule Süd', 'Gymnasium Nord']);

    clock += 1000;
    const switched = accounts.switchTo(nord.id);
    expect(switched.lastUsedAt).toBe(clock);
    expect(accounts.current()?.id).toBe(nord.id);
    expect(accounts.list().map((a) => a.siteName)).toEqual(['Gymnasium Nord', 'Realschule Süd']);
    expect(cachedCourses(store, nord)).toEqual(['Mathematik 7b']);
    expect(cachedCourses(store, sued)).toEqual(['Physik 9a']);
    expect(accounts.credentials(nord.id)?.token.reveal()).toBe(TOKEN_A);
    expect(accounts.credentials(sued.id)?.token.reveal()).toBe(TOKEN_B);
    expect(accounts.views().map((v) => [v.siteName, v.isCurrent, v.session])).toEqual([
      ['Gymnasium Nord', true, 'signed-in'],
      ['Realschule Süd', false, 'signed-in'],
    ]);
  });

  it('switching to an unknown account fails and changes nothing', () => {
    const { accounts } = service(new FakeCipher({ backend: 'gnome_libsecret' }));
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    expect(() => accounts.switchTo('no-such-id')).toThrow(expect.objectContaining({ code: 'account-not-found' }));
    expect(accounts.current()?.id).toBe(nord.id);
  });

  it('everything survives a restart on the same keyring', () => {
    const key = new FakeCipher({ backend: 'kwallet6' }).key;
    const first = service(new FakeCipher({ backend: 'kwallet6', key })).accounts;
    const nord = first.signIn(teacherAtNord, creds(TOKEN_A)).account;
    first.signIn(teacherAtSued, creds(TOKEN_B));
    first.switchTo(nord.id);
    restart();
    const { accounts } = service(new FakeCipher({ backend: 'kwallet6', key }));
    expect(accounts.current()?.id).toBe(nord.id);
    expect(accounts.list()).toHaveLength(2);
    expect(accounts.credentials(nord.id)?.token.reveal()).toBe(TOKEN_A);
  });
});

describe('needs re-authentication (invalidtoken)', () => {
  it('keeps the account, its data and the current pointer; survives a restart; a new sign-in clears it', () => {
    const key = new FakeCipher({ backend: 'gnome_libsecret' }).key;
    const first = service(new FakeCipher({ backend: 'gnome_libsecret', key }));
    const nord = first.accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    cacheCourse(first.store, nord, 2, 'Mathematik 7b');
    expect(first.accounts.markNeedsReauth(nord.id).needsReauth).toBe(true);
    expect(first.accounts.markNeedsReauth(nord.id).needsReauth).toBe(true); // idempotent
    restart();

    const { accounts, store } = service(new FakeCipher({ backend: 'gnome_libsecret', key }));
    expect(accounts.get(nord.id)?.needsReauth).toBe(true);
    expect(accounts.current()?.id).toBe(nord.id);
    expect(accounts.views()[0]?.session).toBe('needs-reauth');
    expect(cachedCourses(store, nord)).toEqual(['Mathematik 7b']);
    accounts.signIn(teacherAtNord, creds(TOKEN_B));
    expect(accounts.get(nord.id)?.needsReauth).toBe(false);
    expect(accounts.views()[0]?.session).toBe('signed-in');
  });
});

describe('logout', () => {
  it('personal device: the secret goes, the account and its cached data stay', async () => {
    const { accounts, store } = service(new FakeCipher({ backend: 'gnome_libsecret' }));
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    cacheCourse(store, nord, 2, 'Mathematik 7b');
    await accounts.logout(nord.id, { deviceMode: 'personal' });
    expect(accounts.credentials(nord.id)).toBeNull();
    expect(store.get('SELECT count(*) AS n FROM secrets')).toEqual({ n: 0 });
    expect(accounts.get(nord.id)).not.toBeNull();
    expect(accounts.current()).toBeNull();
    expect(accounts.views()[0]?.session).toBe('signed-out');
    expect(cachedCourses(store, nord)).toEqual(['Mathematik 7b']);
    // Signing in again finds the same account with its data.
    expect(accounts.signIn(teacherAtNord, creds(TOKEN_B)).account.id).toBe(nord.id);
    expect(cachedCourses(store, nord)).toEqual(['Mathematik 7b']);
  });

  it('logging out one account leaves the other signed in and current', async () => {
    const { accounts } = service(new FakeCipher({ backend: 'gnome_libsecret' }));
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    const sued = accounts.signIn(teacherAtSued, creds(TOKEN_B)).account;
    await accounts.logout(nord.id, { deviceMode: 'personal' });
    expect(accounts.current()?.id).toBe(sued.id);
    expect(accounts.credentials(sued.id)?.token.reveal()).toBe(TOKEN_B);
  });

  it('shared device: the hook runs after the secret is gone, with the account', async () => {
    const seen: { account: PortalAccount; secretLeft: Secret | null }[] = [];
    const { accounts, vault } = service(new FakeCipher({ backend: 'windows-dpapi' }));
    // Wired after the accounts exist, as the composition root does (the outbox is built on them).
    accounts.useSharedDeviceLogout(async (account) => {
      await Promise.resolve();
      seen.push({ account, secretLeft: vault.get(account.id) });
      accounts.remove(account.id); // e.g. wipe everything of this student
    });
    // Set once: a second hook would silently replace the first's decision.
    expect(() => accounts.useSharedDeviceLogout(() => undefined)).toThrow(/already set/);
    const student = accounts.signIn({ ...teacherAtNord, userId: 4, username: 'lmueller' }, creds(TOKEN_A)).account;
    await accounts.logout(student.id, { deviceMode: 'shared' });
    expect(seen).toEqual([{ account: student, secretLeft: null }]);
    expect(accounts.list()).toEqual([]);
  });

  it('shared device without a hook: the secret goes and cached data is kept (unsent work is never dropped)', async () => {
    const { accounts, store } = service(new FakeCipher({ backend: 'windows-dpapi' }));
    const student = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    cacheCourse(store, student, 2, 'Mathematik 7b');
    await accounts.logout(student.id, { deviceMode: 'shared' });
    expect(accounts.credentials(student.id)).toBeNull();
    expect(cachedCourses(store, student)).toEqual(['Mathematik 7b']);
  });

  it('unknown account: rejects', async () => {
    const { accounts } = service(null);
    await expect(accounts.logout('nope', { deviceMode: 'personal' })).rejects.toMatchObject({ code: 'account-not-found' });
  });
});

describe('removing an account', () => {
  it('removes its row, secret, current pointer and (cascade) its data — nothing of the other account', () => {
    const { accounts, store } = service(new FakeCipher({ backend: 'gnome_libsecret' }));
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    const sued = accounts.signIn(teacherAtSued, creds(TOKEN_B)).account;
    cacheCourse(store, nord, 2, 'Mathematik 7b');
    cacheCourse(store, sued, 2, 'Physik 9a');
    accounts.remove(sued.id);
    expect(accounts.get(sued.id)).toBeNull();
    expect(accounts.current()).toBeNull();
    expect(store.all('SELECT account_id FROM secrets')).toEqual([{ account_id: nord.id }]);
    expect(store.all('SELECT account_id, name FROM test_courses')).toEqual([{ account_id: nord.id, name: 'Mathematik 7b' }]);
  });
});

describe('memory-only vault and keyring changes', () => {
  it('memory-only: after a restart the accounts are listed, signed out, with their data', () => {
    const first = service(new FakeCipher({ backend: 'basic_text' }));
    const nord = first.accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    cacheCourse(first.store, nord, 2, 'Mathematik 7b');
    expect(first.accounts.credentials(nord.id)?.token.reveal()).toBe(TOKEN_A);
    restart();
    const { accounts, store } = service(new FakeCipher({ backend: 'basic_text' }));
    expect(accounts.views()).toMatchObject([{ id: nord.id, isCurrent: true, session: 'signed-out' }]);
    expect(accounts.credentials(nord.id)).toBeNull();
    expect(cachedCourses(store, nord)).toEqual(['Mathematik 7b']);
  });

  it('keyring changed: the view says so without throwing; reading the credentials throws loudly', () => {
    service(new FakeCipher({ backend: 'gnome_libsecret' })).accounts.signIn(teacherAtNord, creds(TOKEN_A));
    restart();
    const { accounts } = service(new FakeCipher({ backend: 'basic_text' }));
    const [view] = accounts.views();
    expect(view?.session).toBe('keyring-changed');
    expect(() => accounts.credentials(view?.id ?? '')).toThrow(VaultBackendChangedError);
  });

  it('a damaged credentials record is reported, not returned', () => {
    const { accounts, vault } = service(null);
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    vault.put(nord.id, `{"v":2,"token":"${TOKEN_A}"}`);
    let message = '';
    try {
      accounts.credentials(nord.id);
    } catch (error) {
      message = `${String(error)} ${JSON.stringify(error)} ${inspect(error)}`;
      expect(error).toMatchObject({ code: 'account-credentials-unreadable' });
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(TOKEN_A);
  });
});

describe('no secrets in what the renderer or a log sees', () => {
  it('views, list, the service and the credentials object print no token', () => {
    const { accounts } = service(new FakeCipher({ backend: 'gnome_libsecret' }));
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A, PRIVATE)).account;
    const texts = [
      JSON.stringify(accounts.views()),
      JSON.stringify(accounts.list()),
      JSON.stringify(accounts),
      inspect(accounts, { depth: 10, showHidden: true }),
      JSON.stringify(accounts.credentials(nord.id)),
      inspect(accounts.credentials(nord.id), { depth: 10 }),
    ];
    for (const text of texts) {
      expect(text).not.toContain(TOKEN_A);
      expect(text).not.toContain(PRIVATE);
    }
  });
});

describe('change notifications', () => {
  it('fire on sign-in, switch, needs-reauth, logout and removal; unsubscribe stops them', async () => {
    const { accounts } = service(null);
    let count = 0;
    const off = accounts.onChange(() => {
      count += 1;
    });
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    accounts.switchTo(nord.id);
    accounts.markNeedsReauth(nord.id);
    accounts.markNeedsReauth(nord.id); // no change, no event
    await accounts.logout(nord.id, { deviceMode: 'personal' });
    accounts.remove(nord.id);
    expect(count).toBe(5);
    off();
    accounts.signIn(teacherAtNord, creds(TOKEN_A));
    expect(count).toBe(5);
  });
});

describe('account scope helper', () => {
  it('refuses SQL without :account_id and a caller-bound account_id', () => {
    const { accounts, store } = service(null);
    const nord = accounts.signIn(teacherAtNord, creds(TOKEN_A)).account;
    const scope = forAccount(store, nord.id);
    expect(() => scope.all('SELECT name FROM test_courses')).toThrow(/without :account_id/);
    expect(() => scope.run('DELETE FROM test_courses WHERE account_id = :account_id', { account_id: 'other' })).toThrow(/bound by the scope/);
    expect(() => forAccount(store, '')).toThrow(TypeError);
  });

  it('the column definition really cascades and refuses rows of unknown accounts', () => {
    const { store } = service(null);
    expect(() => forAccount(store, 'ghost').run('INSERT INTO test_courses (account_id, course_id, name) VALUES (:account_id, 1, :name)', { name: 'x' })).toThrow(/FOREIGN KEY/);
  });

  it('every app table is account-scoped or listed as device-wide', () => {
    const store = openDatabase(join(folder.dir, 'app.sqlite'), { migrations: APP_MIGRATIONS });
    folder.track(store);
    expect(findUnscopedTables(store), 'add `account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE` (ACCOUNT_ID_COLUMN), or list the table in DEVICE_WIDE_TABLES with a reason').toEqual([]);
  });

  it('finds tables that break the rule', () => {
    const store = openDatabase(join(folder.dir, 'rule.sqlite'), {
      migrations: [
        ...APP_MIGRATIONS,
        {
          id: 900,
          name: 'bad tables',
          up: `CREATE TABLE no_account (x INTEGER) STRICT;
               CREATE TABLE no_cascade (account_id TEXT NOT NULL REFERENCES accounts (id), x INTEGER) STRICT;
               CREATE TABLE nullable (account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE) STRICT;
               CREATE TABLE "good one" (${ACCOUNT_ID_COLUMN}) STRICT;`,
        },
      ],
    });
    folder.track(store);
    expect(findUnscopedTables(store)).toEqual(['no_account', 'no_cascade', 'nullable']);
  });
});
