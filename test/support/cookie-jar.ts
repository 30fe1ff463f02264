/** Takes a response's Set-Cookie headers into `jar` (name → value), as a browser would; expired ones leave it. */
export function storeSetCookies(jar: Map<string, string>, setCookies: readonly string[]): void {
  for (const cookie of setCookies) {
    const [pair = ''] = cookie.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (/Max-Age=0/i.test(cookie) || value === 'deleted') jar.delete(name);
    else jar.set(name, value);
  }
}

/** The Cookie header for `jar`. */
export function cookieHeader(jar: ReadonlyMap<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
