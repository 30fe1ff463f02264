/**
 * The port to the operating system's secret protection. In the app it is Electron's safeStorage
 * (main/electron/safe-storage-port.ts); tests use an in-memory fake; the browser shell has none.
 */
export interface SecretCipher {
  /**
   * Which protection encrypts: on Linux safeStorage's selected backend (`gnome_libsecret`,
   * `kwallet`, `kwallet5`, `kwallet6`, `basic_text`, `unknown`), `macos-keychain` on macOS,
   * `windows-dpapi` on Windows. Recorded with every stored secret.
   */
  readonly backend: string;
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/**
 * Backends that do not protect anything: `basic_text` encrypts with a password hard-coded in
 * Chromium, `unknown` means safeStorage was asked before `ready`. Secrets are then kept in memory
 * only (as Signal treats basic_text: "not available").
 */
const NOT_A_KEYRING: ReadonlySet<string> = new Set(['basic_text', 'unknown', '']);

export function isOsKeyringBackend(backend: string): boolean {
  return !NOT_A_KEYRING.has(backend.trim().toLowerCase());
}
