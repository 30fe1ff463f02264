// The vault without a database: mode decisions, memory-only behaviour, and that secrets never
// show up in strings, JSON, inspection or errors. The cipher is the in-memory FakeCipher
// (vault-fake-cipher.ts): Electron's real safeStorage needs the Electron binary.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isOsKeyringBackend } from '../../main/vault/cipher';
import { VaultBackendChangedError, VaultError } from '../../main/vault/errors';
import { asSecret, Secret } from '../../main/vault/secret';
import { SecretVault } from '../../main/vault/secret-vault';
import { FakeCipher } from '../support/vault-fake-cipher';

const TOKEN = '5f4dcc3b5aa765d61d8327deb882cf99';

function everyRendering(value: unknown): string[] {
  return [String(value), `${value as string}`, JSON.stringify(value), JSON.stringify({ nested: [value] }), inspect(value, { depth: 10, showHidden: true }), inspect({ nested: value }, { depth: 10 })];
}

describe('Secret', () => {
  it('reveals its value only through reveal()', () => {
    const secret = new Secret(TOKEN);
    expect(secret.reveal()).toBe(TOKEN);
    for (const text of everyRendering(secret)) expect(text).not.toContain(TOKEN);
    expect(String(secret)).toBe('[Secret]');
    expect(JSON.stringify({ token: secret })).toBe('{"token":"[Secret]"}');
    expect(Object.keys(secret)).toEqual([]);
  });

  it('carries nothing through a structured clone (what IPC does)', () => {
    const cloned = structuredClone({ token: new Secret(TOKEN) });
    expect(JSON.stringify(cloned)).not.toContain(TOKEN);
    expect(inspect(cloned, { depth: 10, showHidden: true })).not.toContain(TOKEN);
  });

  it('asSecret wraps strings and passes Secrets through; non-strings are refused', () => {
    const secret = new Secret(TOKEN);
    expect(asSecret(secret)).toBe(secret);
    expect(asSecret(TOKEN).reveal()).toBe(TOKEN);
    expect(() => new Secret(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('which backends count as an OS keyring', () => {
  it.each([
    ['gnome_libsecret', true],
    ['kwallet', true],
    ['kwallet5', true],
    ['kwallet6', true],
    ['macos-keychain', true],
    ['windows-dpapi', true],
    ['basic_text', false],
    ['unknown', false],
    ['', false],
  ])('%s → %s', (backend, expected) => {
    expect(isOsKeyringBackend(backend)).toBe(expected);
  });
});

describe('SecretVault mode', () => {
  it('memory-only in the browser shell (no cipher), with the reason (the UI words it)', () => {
    const vault = new SecretVault({ cipher: null, store: null });
    expect(vault.persistence).toBe('memory-only');
    expect(vault.status()).toEqual({
      persistence: 'memory-only',
      backend: null,
      reason: 'no-electron',
      foreignBackends: [],
    });
  });

  it('memory-only on Linux with basic_text', () => {
    const vault = new SecretVault({ cipher: new FakeCipher({ backend: 'basic_text' }), store: null });
    expect(vault.status()).toMatchObject({ persistence: 'memory-only', backend: 'basic_text', reason: 'no-os-keyring' });
  });

  it('memory-only when encryption is unavailable, or when policy says so', () => {
    expect(new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret', available: false }), store: null }).reason).toBe('encryption-unavailable');
    expect(new SecretVault({ cipher: new FakeCipher({ backend: 'windows-dpapi' }), store: null, forceMemoryOnly: true }).reason).toBe('policy');
  });

  it('a real keyring without a store is a programming error, not a silent memory-only run', () => {
    expect(() => new SecretVault({ cipher: new FakeCipher({ backend: 'kwallet6' }), store: null })).toThrow(/store is required/);
  });
});

describe('SecretVault in memory', () => {
  it('put / get / delete / deleteAll per account', () => {
    const vault = new SecretVault({ cipher: null, store: null });
    expect(vault.get('a')).toBeNull();
    expect(vault.inspect('a')).toBe('absent');
    vault.put('a', TOKEN);
    vault.put('b', new Secret('other'));
    expect(vault.get('a')?.reveal()).toBe(TOKEN);
    expect(vault.inspect('a')).toBe('present');
    vault.put('a', 'replaced');
    expect(vault.get('a')?.reveal()).toBe('replaced');
    vault.delete('a');
    expect(vault.get('a')).toBeNull();
    expect(vault.get('b')?.reveal()).toBe('other');
    vault.deleteAll();
    expect(vault.get('b')).toBeNull();
  });

  it('never hands secrets to a basic_text cipher (nothing to encrypt in memory-only mode)', () => {
    const cipher = new FakeCipher({ backend: 'basic_text' });
    const vault = new SecretVault({ cipher, store: null });
    vault.put('a', TOKEN);
    expect(vault.get('a')?.reveal()).toBe(TOKEN);
    expect(cipher.encryptCalls + cipher.decryptCalls).toBe(0);
  });

  it('refuses an empty account id', () => {
    const vault = new SecretVault({ cipher: null, store: null });
    expect(() => vault.put('', TOKEN)).toThrow(TypeError);
    expect(() => vault.get('')).toThrow(TypeError);
  });

  it('shows no secret when printed, serialised or inspected', () => {
    const vault = new SecretVault({ cipher: null, store: null });
    vault.put('a', TOKEN);
    for (const text of everyRendering(vault)) expect(text).not.toContain(TOKEN);
    expect(JSON.stringify(vault)).toBe('{"persistence":"memory-only","backend":null}');
  });
});

describe('vault errors', () => {
  it('VaultBackendChangedError names both backends, is a VaultError, and has a stable code', () => {
    const error = new VaultBackendChangedError('acc-1', 'gnome_libsecret', 'basic_text');
    expect(error).toBeInstanceOf(VaultError);
    expect(error.code).toBe('vault-backend-changed');
    expect(error.storedBackend).toBe('gnome_libsecret');
    expect(error.currentBackend).toBe('basic_text');
    expect(error.message).toContain('gnome_libsecret');
    expect(error.message).toContain('basic_text');
    expect(error.message).toContain('nicht gelöscht');
  });
});
