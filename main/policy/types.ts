import type { PolicyReport } from '../../preload/api';

/** One parsed policy document (a JSON file, later a registry key or plist), or why it could not be read. */
export interface RawPolicyDocument {
  /** File path or registry path; shown in the report and in `valueSources`. */
  location: string;
  data: unknown;
  /** Set when the document could not be read or parsed (German, shown to IT); `data` is then ignored. */
  error?: string;
}

/**
 * Where machine policy comes from (Linux directory, a single file; later Windows registry and
 * macOS managed preferences). `read` returns the documents in the source's own precedence order:
 * a later document overrides an earlier one for the same key.
 */
export interface PolicySource {
  kind: string;
  location: string;
  read(): Promise<RawPolicyDocument[]>;
}

export interface LoadedPolicy {
  /** Validated values by setting key; only keys some source set validly. */
  values: Record<string, unknown>;
  /** For each key in `values`, the document location that set it. */
  valueSources: Record<string, string>;
  report: PolicyReport;
}

/** The part of node:fs/promises the file sources need; injectable so callers can point them elsewhere. */
export interface MinimalFs {
  readdir(path: string): Promise<string[]>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}
