import { redactSecrets } from '../log/redact';

/** Query parameters that carry secrets in Moodle traffic (web-service token, file token, keys, passwords). */
const SECRET_PARAMS = new Set(['wstoken', 'token', 'privatetoken', 'password', 'key', 'sesskey', 'passport']);

/**
 * A URL safe for logs and error messages: secret query parameters, user:password@ and the
 * private access key in /tokenpluginfile.php/<key>/… are replaced with "<redacted>".
 * Works on anything (also on text that is not a valid URL): the log redactor runs last.
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return redactSecrets(text);
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  parsed.pathname = parsed.pathname.replace(/(\/tokenpluginfile\.php\/)[^/]+/i, '$1<redacted>');
  // Rebuild the query by hand so the other parameters keep their exact spelling.
  if (parsed.search) {
    const parts = parsed.search
      .slice(1)
      .split('&')
      .map((part) => {
        const name = part.split('=')[0] ?? '';
        let decoded = name;
        try {
          decoded = decodeURIComponent(name.replace(/\+/g, ' '));
        } catch {
          // Malformed escapes: compare the raw name.
        }
        return SECRET_PARAMS.has(decoded.toLowerCase()) ? `${name}=<redacted>` : part;
      });
    parsed.search = `?${parts.join('&')}`;
  }
  return redactSecrets(parsed.toString().replace(/%3Credacted%3E/gi, '<redacted>'));
}
