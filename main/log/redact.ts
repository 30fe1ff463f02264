/**
 * Removes secrets from text before it reaches a log or an error message: web-service tokens in
 * URLs and form bodies (`wstoken=`, `token=`, `privatetoken=`), SSO callbacks (`schuldesk://token=…`),
 * passwords in form bodies, private file-access keys in tokenpluginfile paths, and bearer headers.
 */
const PATTERNS: [RegExp, string][] = [
  [/((?:ws|private)?token=)[^&\s"']+/gi, '$1<redacted>'],
  [/(password=)[^&\s"']+/gi, '$1<redacted>'],
  [/(\/tokenpluginfile\.php\/)[^/\s"']+/gi, '$1<redacted>'],
  [/(authorization:\s*bearer\s+)\S+/gi, '$1<redacted>'],
];

export function redactSecrets(text: string): string {
  return PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/** A log-safe one-line description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return redactSecrets(`${error.name}: ${error.message}`);
  return redactSecrets(String(error));
}
