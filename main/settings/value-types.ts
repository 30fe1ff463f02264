import { X509Certificate } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { z } from 'zod';

/**
 * Building blocks for the settings schema. Each one pairs a zod schema with a human description
 * of what it expects (German and English), so a rejected policy value or user input can say what
 * would have been accepted, and docs/ADMX generation can describe the value without parsing zod.
 */

export interface Localized {
  de: string;
  en: string;
}

/** The value's shape as IT writes it (registry/plist/JSON converters and ADMX generation branch on it). */
export type SettingKind = 'boolean' | 'integer' | 'choice' | 'url' | 'origin' | 'text' | 'list';

export interface SettingType<T> {
  kind: SettingKind;
  schema: z.ZodType<T>;
  /** Completes the sentence "erwartet …" / "expected …". */
  expected: Localized;
  /** What is allowed, as data for a refused user input (invalid-value-allowed / -range): the renderer words it. */
  allowed?: { values: readonly string[] } | { min: number; max: number };
}

export function booleanType(): SettingType<boolean> {
  return { kind: 'boolean', schema: z.boolean(), expected: { de: 'true oder false', en: 'true or false' }, allowed: { values: ['true', 'false'] } };
}

export function integerType(min: number, max: number): SettingType<number> {
  return {
    kind: 'integer',
    schema: z.number().int().min(min).max(max),
    expected: { de: `eine ganze Zahl von ${min} bis ${max}`, en: `a whole number from ${min} to ${max}` },
    allowed: { min, max },
  };
}

function quoteAll(values: readonly string[], open: string, close: string): string {
  return values.map((value) => `${open}${value}${close}`).join(', ');
}

export function choiceType<const V extends readonly [string, ...string[]]>(values: V): SettingType<V[number]> {
  return {
    kind: 'choice',
    schema: z.enum(values) as unknown as z.ZodType<V[number]>,
    expected: {
      de: `einen der Werte ${quoteAll(values, '„', '“')}`,
      en: `one of ${quoteAll(values, '"', '"')}`,
    },
    allowed: { values },
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Why `raw` is not an acceptable address, or null if it is. https only; plain http is accepted
 * for loopback hosts so development and test servers on 127.0.0.1 work. Credentials, query and
 * fragment are refused: a configured address must never carry a secret or a session.
 */
export function urlProblem(raw: string, options: { originOnly: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `„${raw}“ ist keine gültige Adresse.`;
  }
  // International names (bbb.schüle.de) may be written in Unicode or punycode (xn--…); both must
  // name a valid host once converted (node:url domainToASCII, the same conversion WHATWG URL uses).
  if (url.hostname !== '' && !url.hostname.startsWith('[') && domainToASCII(url.hostname) === '') return `„${raw}“ enthält keinen gültigen Rechnernamen.`;
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure) return `„${raw}“ muss mit https:// beginnen (http:// nur für localhost/127.0.0.1 beim Entwickeln).`;
  // Also an empty userinfo ("https://@host", "https://:@host"): URL drops it, the text would still show it.
  if (url.username || url.password || /@/.test(AUTHORITY.exec(raw)?.[1] ?? '')) return `„${raw}“ darf keine Zugangsdaten enthalten.`;
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) return `„${raw}“ darf weder „?“ noch „#“ enthalten.`;
  // An origin is scheme://host[:port] and nothing more. The host may be Unicode, punycode or in
  // capitals: compared normalised (sameOriginKey), not as typed — one umlaut entry must not make a
  // whole policy list invalid.
  if (options.originOnly && !ORIGIN_FORM.test(raw)) {
    return `„${raw}“ muss genau die Form Schema://Rechnername[:Port] ohne Pfad und ohne „/“ am Ende haben, hier „${url.origin}“.`;
  }
  return null;
}

/** The authority as written (up to the first /, ?, # or \\). */
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i;

/** scheme://authority with no path, query, fragment or trailing slash (userinfo is refused above). */
const ORIGIN_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\\s]+$/i;

/**
 * The normalised form of a configured address for comparisons and duplicate checks: WHATWG URL
 * (host lowercased, IDN to punycode via domainToASCII, default port dropped), path without a
 * trailing slash. `https://bbb.schüle.de` and `https://bbb.xn--schle-mva.de` are the same key.
 */
export function sameOriginKey(raw: string): string {
  try {
    const url = new URL(raw);
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.origin}${path}`;
  } catch {
    return raw;
  }
}

function urlSchema(options: { originOnly: boolean }): z.ZodType<string> {
  return z.string().superRefine((raw, ctx) => {
    const problem = urlProblem(raw, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A web address such as a Moodle site (a path is allowed: https://schule.de/moodle). */
export function urlType(example: string): SettingType<string> {
  return {
    kind: 'url',
    schema: urlSchema({ originOnly: false }),
    expected: {
      de: `eine https-Adresse wie „${example}“ (http nur für localhost/127.0.0.1)`,
      en: `an https address such as "${example}" (http only for localhost/127.0.0.1)`,
    },
  };
}

/** A web origin: scheme, host and optional port, nothing else (https://bbb.schule.de). */
export function originType(): SettingType<string> {
  return {
    kind: 'origin',
    schema: urlSchema({ originOnly: true }),
    expected: {
      de: 'eine https-Herkunft ohne Pfad wie „https://bbb.schule.de“',
      en: 'an https origin without a path such as "https://bbb.school.example"',
    },
  };
}

/**
 * Why `raw` cannot name a data folder, or null: an absolute path on Windows (`C:\…`, `\\server\share\…`)
 * or macOS/Linux (`/…`), or a path starting with an environment variable (`%LOCALAPPDATA%\…` on
 * Windows, `$HOME/…` or `${XDG_DATA_HOME}/…` on macOS/Linux), expanded when SchulDesk starts
 * (main/paths.ts). Relative paths and `..` segments are refused.
 */
export function folderPathProblem(raw: string): string | null {
  if (raw.trim() !== raw || raw.length === 0) return `„${raw}“ ist leer oder beginnt/endet mit Leerzeichen.`;
  if (raw.includes('\0')) return 'Der Pfad enthält ein Nullzeichen.';
  const absolute = /^[A-Za-z]:[\\/]/.test(raw) || raw.startsWith('\\\\') || raw.startsWith('/') || /^%[A-Za-z_][A-Za-z0-9_()]*%([\\/]|$)/.test(raw) || /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)(\/|$)/.test(raw);
  if (!absolute) return `„${raw}“ ist kein absoluter Pfad (etwa „C:\\SchulDesk-Daten“, „%LOCALAPPDATA%\\SchulDesk“ oder „/var/lib/schuldesk“).`;
  if (raw.split(/[\\/]/).includes('..')) return `„${raw}“ darf kein „..“ enthalten.`;
  return null;
}

/** A folder on this machine, absolute or starting with an environment variable (see folderPathProblem). */
export function folderPathType(example: string): SettingType<string> {
  return {
    kind: 'text',
    schema: z
      .string()
      .max(2048)
      .superRefine((raw, ctx) => {
        const problem = folderPathProblem(raw);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    expected: {
      de: `ein absoluter Ordnerpfad wie „${example}“ (Umgebungsvariablen: %NAME% unter Windows, $NAME unter macOS/Linux)`,
      en: `an absolute folder path such as "${example}" (environment variables: %NAME% on Windows, $NAME on macOS/Linux)`,
    },
  };
}

export function nullableType<T>(type: SettingType<T>): SettingType<T | null> {
  return {
    kind: type.kind,
    schema: type.schema.nullable(),
    expected: { de: `${type.expected.de} oder null`, en: `${type.expected.en} or null` },
  };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Exactly one X.509 certificate in PEM form; parsed so that a truncated paste is caught here, not at the first TLS handshake. */
export function pemCertificateType(): SettingType<string> {
  const schema = z
    .string()
    .max(20_000)
    .superRefine((pem, ctx) => {
      const blocks = pem.match(PEM_BLOCK) ?? [];
      if (blocks.length !== 1) {
        ctx.addIssue({ code: 'custom', message: `Jeder Eintrag muss genau ein Zertifikat enthalten, gefunden: ${blocks.length}.` });
        return;
      }
      try {
        new X509Certificate(pem);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Das Zertifikat lässt sich nicht lesen (unvollständig oder beschädigt?).' });
      }
    });
  return {
    kind: 'text',
    schema,
    expected: {
      de: 'ein Zertifikat im PEM-Format („-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----“)',
      en: 'a certificate in PEM format ("-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----")',
    },
  };
}

/** A list whose entries all have `item`'s type; `uniqueBy` refuses duplicates (e.g. the same portal twice). */
export function listType<T>(
  item: { schema: z.ZodType<T>; expected: Localized },
  options: { max: number; uniqueBy?: (entry: T) => string },
): SettingType<T[]> {
  const uniqueBy = options.uniqueBy;
  let schema: z.ZodType<T[]> = z.array(item.schema).max(options.max);
  if (uniqueBy) {
    schema = schema.superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach((entry, index) => {
        const id = uniqueBy(entry);
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `„${id}“ steht mehrfach in der Liste.` });
        seen.add(id);
      });
    });
  }
  return {
    kind: 'list',
    schema,
    expected: {
      de: `eine Liste mit höchstens ${options.max} Einträgen (je Eintrag ${item.expected.de})`,
      en: `a list of at most ${options.max} entries (each ${item.expected.en})`,
    },
  };
}

export interface PortalEntry {
  name: string;
  url: string;
}

/** One school portal: a display name and the Moodle address. Unknown fields are refused so typos surface. */
export function portalEntry(): { schema: z.ZodType<PortalEntry>; expected: Localized } {
  const url = urlType('https://moodle.schule.de');
  return {
    schema: z.strictObject({ name: z.string().trim().min(1).max(80), url: url.schema }),
    expected: {
      de: 'ein Objekt {"name": Anzeigename (1–80 Zeichen), "url": https-Adresse des Moodle-Portals}',
      en: 'an object {"name": display name (1–80 characters), "url": https address of the Moodle portal}',
    },
  };
}
