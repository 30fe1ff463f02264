// The vault over the real SQLite store (temp files): what reaches the disk, what survives a
// restart, and how a changed keyring backend fails. The cipher is the in-memory FakeCipher
// (test/unit/vault-fake-cipher.ts) because Electron's safeStorage needs the Electron binary.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { SettingsRepository } from '../../main/store/settings-repository';
import { VaultBackendChangedError, VaultError } from '../../main/vault/errors';
import { SecretVault } from '../../main/vault/secret-vault';
import { FakeCipher } from '../support/vault-fake-cipher';
import { useStoreFolderPerTest } from '../support/app-store';

// Shaped like a Moodle web-service token and a private token.
const TOKEN = 'c0ffee00deadbeef0123456789abcdef';
const PRIVATE = 'Zq8Lr2Ws9Xv4Ty7Up1Oi3Ke6Jh5Gf0Dd8Sa2Qw4Er6Ty8Ui0Op2Lk4Jh6Gf8Ds0A';

const folder = useStoreFolderPerTest('schuldesk-vault-');

function open(): Store {
  const store = openDatabase(join(folder.dir, 'schuldesk.sqlite'), { migrations: APP_MIGRATIONS });
  folder.track(store);
  return store;
}

function closeAll(): void {
  folder.closeAll();
}

/** Every byte of every file under the data dir (database, -wal, -shm, anything else). */
function dataDirBytes(): Buffer {
  const parts: Buffer[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else parts.push(readFileSync(path));
    }
  };
  walk(folder.dir);
  return Buffer.concat(parts);
}

/** The secret in the encodings it could take on disk. */
function leaks(secret: string): string[] {
  const bytes = dataDirBytes();
  const forms: [string, Buffer][] = [
    ['utf8', Buffer.from(secret, 'utf8')],
    ['utf16le', Buffer.from(secret, 'utf16le')],
    ['base64', Buffer.from(Buffer.from(secret).toString('base64'))],
  ];
  return forms.filter(([, needle]) => bytes.includes(needle)).map(([name]) => name);
}

function rowCount(store: Store): number {
  return store.get<{ n: number }>('SELECT count(*) AS n FROM secrets')?.n ?? -1;
}

function everyRendering(error: unknown): string {
  return [String(error), (error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ''].join('\n');
}

describe('os-keyring mode (a real keyring backend)', () => {
  it('persists ciphertext only, and the next run on the same keyring reads it back', () => {
    const key = new FakeCipher({ backend: 'gnome_libsecret' }).key;
    const vault = new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret', key }), store: open(), now: () => 1_700_000_000_000 });
    expect(vault.status()).toMatchObject({ persistence: 'os-keyring', backend: 'gnome_libsecret', reason: null });
    vault.put('acc-1', JSON.stringify({ token: TOKEN, privateToken: PRIVATE }));
    vault.put('acc-2', 'second');
    expect(leaks(TOKEN)).toEqual([]);
    expect(leaks(PRIVATE)).toEqual([]);
    closeAll();
    expect(leaks(TOKEN)).toEqual([]);

    const store = open();
    expect(store.all('SELECT account_id, backend, written_at FROM secrets ORDER BY account_id')).toEqual([
      { account_id: 'acc-1', backend: 'gnome_libsecret', written_at: 1_700_000_000_000 },
      { account_id: 'acc-2', backend: 'gnome_libsecret', written_at: 1_700_000_000_000 },
    ]);
    const nextRun = new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret', key }), store });
    expect(JSON.parse(nextRun.get('acc-1')?.reveal() ?? 'null')).toEqual({ token: TOKEN, privateToken: PRIVATE });
    expect(nextRun.get('acc-2')?.reveal()).toBe('second');
    expect(nextRun.get('acc-3')).toBeNull();
  });

  it('delete and deleteAll remove the rows', () => {
    const store = open();
    const vault = new SecretVault({ cipher: new FakeCipher({ backend: 'windows-dpapi' }), store });
    vault.put('a', TOKEN);
    vault.put('b', TOKEN);
    vault.put('c', TOKEN);
    vault.delete('a');
    expect(vault.get('a')).toBeNull();
    expect(rowCount(store)).toBe(2);
    vault.deleteAll();
    expect(rowCount(store)).toBe(0);
    expect(vault.get('b')).toBeNull();
  });

  it('a put inside a rolled-back transaction leaves nothing behind (the accounts service relies on it)', () => {
    const store = open();
    const vault = new SecretVault({ cipher: new FakeCipher({ backend: 'macos-keychain' }), store });
    expect(() =>
      store.transaction(() => {
        vault.put('a', TOKEN);
        throw new Error('later step failed');
      }),
    ).toThrow('later step failed');
    expect(vault.get('a')).toBeNull();
  });

  it('encrypt failure: VaultError without the secret, even when the cipher quotes it', () => {
    const store = open();
    const cipher = new FakeCipher({ backend: 'kwallet6' });
    const vault = new SecretVault({ cipher, store });
    cipher.available = false; // the keyring went away after start
    let caught: unknown;
    try {
      vault.put('a', TOKEN);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VaultError);
    expect((caught as VaultError).code).toBe('vault-encrypt-failed');
    expect(everyRendering(caught)).not.toContain(TOKEN);
    expect(rowCount(store)).toBe(0);
  });

  it('a keyring that lost its key: vault-decrypt-failed, and the row stays', () => {
    const store = open();
    new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret' }), store }).put('a', TOKEN);
    const afterReset = new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret' }), store }); // new random key
    expect(() => afterReset.get('a')).toThrow(expect.objectContaining({ code: 'vault-decrypt-failed', accountId: 'a' }));
    expect(afterReset.inspect('a')).toBe('present');
    expect(rowCount(store)).toBe(1);
  });
});

describe('backend changes fail loudly', () => {
  it('gnome_libsecret → basic_text: VaultBackendChangedError, not null, and nothing deleted', () => {
    const store = open();
    new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret' }), store }).put('acc-1', TOKEN);
    closeAll();

    const reopened = open();
    const cipher = new FakeCipher({ backend: 'basic_text' });
    const vault = new SecretVault({ cipher, store: reopened });
    expect(vault.persistence).toBe('memory-only');
    expect(vault.status().foreignBackends).toEqual(['gnome_libsecret']);
    expect(vault.inspect('acc-1')).toBe('backend-changed');
    let caught: unknown;
    try {
      vault.get('acc-1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VaultBackendChangedError);
    expect(caught).toMatchObject({ code: 'vault-backend-changed', accountId: 'acc-1', storedBackend: 'gnome_libsecret', currentBackend: 'basic_text' });
    expect(everyRendering(caught)).not.toContain(TOKEN);
    expect(rowCount(reopened)).toBe(1);
    expect(cipher.decryptCalls).toBe(0);

    // Signing in again in this run works from memory; the old row is still not touched.
    vault.put('acc-1', 'fresh-token');
    expect(vault.get('acc-1')?.reveal()).toBe('fresh-token');
    expect(reopened.get('SELECT backend FROM secrets WHERE account_id = ?', 'acc-1')).toEqual({ backend: 'gnome_libsecret' });
    // Only the user's explicit choice removes it.
    vault.delete('acc-1');
    expect(rowCount(reopened)).toBe(0);
  });

  it('kwallet5 → kwallet6: loud error; a new sign-in then overwrites under kwallet6', () => {
    const store = open();
    new SecretVault({ cipher: new FakeCipher({ backend: 'kwallet5' }), store }).put('acc-1', TOKEN);
    const vault = new SecretVault({ cipher: new FakeCipher({ backend: 'kwallet6' }), store });
    expect(vault.persistence).toBe('os-keyring');
    expect(() => vault.get('acc-1')).toThrow(VaultBackendChangedError);
    vault.put('acc-1', 'new-token');
    expect(vault.get('acc-1')?.reveal()).toBe('new-token');
    expect(store.get('SELECT backend FROM secrets')).toEqual({ backend: 'kwallet6' });
  });

  it('same backend but unavailable now (keychain locked): vault-keyring-unavailable, row kept', () => {
    const store = open();
    new SecretVault({ cipher: new FakeCipher({ backend: 'macos-keychain' }), store }).put('acc-1', TOKEN);
    const vault = new SecretVault({ cipher: new FakeCipher({ backend: 'macos-keychain', available: false }), store });
    expect(vault.reason).toBe('encryption-unavailable');
    expect(vault.inspect('acc-1')).toBe('keyring-unavailable');
    expect(() => vault.get('acc-1')).toThrow(expect.objectContaining({ code: 'vault-keyring-unavailable' }));
    expect(rowCount(store)).toBe(1);
  });

  it('browser shell reading a data dir the app wrote: loud, not null', () => {
    const store = open();
    new SecretVault({ cipher: new FakeCipher({ backend: 'windows-dpapi' }), store }).put('acc-1', TOKEN);
    const vault = new SecretVault({ cipher: null, store });
    expect(() => vault.get('acc-1')).toThrow(expect.objectContaining({ code: 'vault-backend-changed', storedBackend: 'windows-dpapi', currentBackend: null }));
  });
});

describe('memory-only mode writes nothing secret to disk', () => {
  it.each([
    ['Linux without keyring (basic_text)', () => new FakeCipher({ backend: 'basic_text' })],
    ['browser shell (no Electron)', () => null],
    ['school policy on a keyring machine', () => new FakeCipher({ backend: 'gnome_libsecret' })],
  ])('%s', (_name, makeCipher) => {
    const store = open();
    const cipher = makeCipher();
    const vault = new SecretVault({ cipher, store, forceMemoryOnly: _name.startsWith('school') });
    expect(vault.persistence).toBe('memory-only');
    vault.put('acc-1', JSON.stringify({ token: TOKEN, privateToken: PRIVATE }));
    vault.put('acc-2', TOKEN);
    // Other writes happen in the same run, so the WAL and the main file both have content.
    new SettingsRepository(store).set('language', 'de');
    expect(JSON.parse(vault.get('acc-1')?.reveal() ?? 'null')).toEqual({ token: TOKEN, privateToken: PRIVATE });
    expect(rowCount(store)).toBe(0);
    expect(leaks(TOKEN)).toEqual([]);
    expect(leaks(PRIVATE)).toEqual([]);
    closeAll();
    expect(leaks(TOKEN)).toEqual([]);
    expect(leaks(PRIVATE)).toEqual([]);

    // The session ended with the process: the next run has nothing.
    expect(new SecretVault({ cipher: makeCipher(), store: open(), forceMemoryOnly: true }).get('acc-1')).toBeNull();
  });

  it('the scan does find a secret that reaches the disk (negative control)', () => {
    const store = open();
    new SettingsRepository(store).set('oops', TOKEN);
    expect(leaks(TOKEN)).toContain('utf8');
  });
});
