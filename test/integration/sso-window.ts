// A login window stand-in over real HTTP(S) for SSO tests: a cookie jar, redirects followed hop by
// hop, and every hop fed to LoginWindowGuard (main/security/login-window.ts) the way Electron 45
// emits its events (loadURL: none; redirects: will-redirect; user or script: will-frame-navigate,
// then will-navigate; a committed page: did-navigate). Trusts the given test CA, as Chromium with
// the policy's trustedCaCertificates would.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LoginWindowGuard } from '../../main/security/login-window';
import type { LoginWindowEvent, LoginWindowOutcome } from '../../main/security/login-window';

export const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) SchulDesk-Test';
export const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)';

export interface Hop {
  method: string;
  url: string;
  path: string;
  status: number;
  location: string | null;
  html: string;
  reachedBy: 'load' | 'http-redirect' | 'user' | 'script';
}

/** A cookie jar (by name; the chain is on one host) and a window that follows redirects hop by hop. */
export class Window {
  readonly cookies = new Map<string, string>();
  readonly hops: Hop[] = [];
  readonly events: string[] = [];
  readonly guard: LoginWindowGuard;
  callbacks: string[] = [];
  closed = false;

  constructor(
    private readonly ca: string,
    portalOrigin: string,
    idpOrigins: string[],
    private readonly userAgent = DESKTOP_UA,
  ) {
    this.guard = new LoginWindowGuard({ portalOrigin, identityProviderOrigins: idpOrigins });
  }

  get outcome(): LoginWindowOutcome | null {
    return this.guard.outcome;
  }

  /** Feeds the guard; returns false when the navigation is cancelled. */
  #feed(event: LoginWindowEvent): boolean {
    const step = this.guard.handle(event);
    this.events.push(`${event.type}${'url' in event ? ` ${new URL(event.url).protocol === 'schuldesk:' ? 'schuldesk:' : new URL(event.url).pathname}` : ''}${step.prevent ? ' ✗' : ''}`);
    if (step.outcome?.kind === 'callback') this.callbacks.push(step.outcome.url);
    if (step.close) {
      this.closed = true;
      this.guard.handle({ type: 'closed' });
    }
    return !step.prevent;
  }

  /** Loads `url` (loadURL: no will-navigate), a user action (form, link) or a script's click, then follows redirects. */
  async open(url: string, by: 'load' | 'user' | 'script', form?: Record<string, string>): Promise<Hop | null> {
    if (this.closed) throw new Error('window is closed');
    if (by !== 'load' && !(this.#feed({ type: 'will-frame-navigate', url, isMainFrame: true }) && this.#feed({ type: 'will-navigate', url, isMainFrame: true }))) return null;
    let next: { url: string; method: string; form?: Record<string, string> } = { url, method: form ? 'POST' : 'GET', ...(form ? { form } : {}) };
    let reachedBy: Hop['reachedBy'] = by;
    for (let count = 0; count < 15; count += 1) {
      const hop = await this.#send(next.url, next.method, next.form, reachedBy);
      this.hops.push(hop);
      if (hop.status >= 300 && hop.status < 400 && hop.location) {
        const target = new URL(hop.location, hop.url).toString();
        if (!this.#feed({ type: 'will-redirect', url: target, isMainFrame: true })) return hop;
        next = { url: target, method: 'GET' };
        reachedBy = 'http-redirect';
        continue;
      }
      this.#feed({ type: 'did-navigate', url: hop.url, httpResponseCode: hop.status });
      return hop;
    }
    throw new Error('too many redirects');
  }

  /** The page's window.onload click on #launchapp (iOS, confirmed=1). */
  async runLaunchScript(page: Hop): Promise<void> {
    const href = /<a id="launchapp" href="([^"]+)"/.exec(page.html)?.[1];
    if (!href || !page.html.includes("document.getElementById('launchapp').click()")) throw new Error('no launch script');
    if (this.#feed({ type: 'will-frame-navigate', url: href, isMainFrame: true })) this.#feed({ type: 'will-navigate', url: href, isMainFrame: true });
  }

  #send(url: string, method: string, form: Record<string, string> | undefined, reachedBy: Hop['reachedBy']): Promise<Hop> {
    const target = new URL(url);
    const body = form ? Buffer.from(new URLSearchParams(form).toString()) : null;
    const headers: Record<string, string> = { 'user-agent': this.userAgent, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(body.length);
    }
    return new Promise((resolve, reject) => {
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(target, { method, headers, ca: this.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          for (const cookie of res.headers['set-cookie'] ?? []) {
            const [pair = ''] = cookie.split(';');
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq);
            if (/Max-Age=0/i.test(cookie)) this.cookies.delete(name);
            else this.cookies.set(name, pair.slice(eq + 1));
          }
          resolve({ method, url, path: target.pathname, status: res.statusCode ?? 0, location: res.headers.location ?? null, html: Buffer.concat(chunks).toString('utf8'), reachedBy });
        });
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }
}

export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[match[1] ?? ''] = (match[2] ?? '').replaceAll('&amp;', '&');
  return fields;
}

