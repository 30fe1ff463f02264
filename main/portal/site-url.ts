/**
 * Rules for portal addresses shared by every portal call: https only, plain http only for
 * loopback (a developer's local Moodle, the test Moodle). A token or password never travels
 * unencrypted over a network.
 */
import { PortalError } from './errors';

/** A portal: its base URL (Moodle's wwwroot, no trailing slash). */
export type SiteRef = string | { readonly url: string };

/** 127.0.0.0/8, ::1 and localhost (also *.localhost). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]' ||
    host === '[::ffff:7f00:1]'
  );
}

export function isAllowedScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** The base URL of a known portal; refuses anything that is not https (or loopback http). */
export function siteBaseUrl(site: SiteRef): string {
  const raw = typeof site === 'string' ? site : site.url;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PortalError('invalid-url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PortalError('invalid-url');
  if (!isAllowedScheme(url)) throw new PortalError('insecure-http', { data: { host: url.host } });
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
