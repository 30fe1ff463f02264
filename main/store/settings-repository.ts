/**
 * The user's own setting values (not policy, not defaults): one JSON value per key. The settings
 * service validates every value against the schema, both when it is set and when it is read back.
 */
import type { Store } from './database.ts';

interface SettingRow {
  key: string;
  value_json: string;
}

export class SettingsRepository {
  readonly #store: Store;
  readonly #now: () => number;

  constructor(store: Store, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  list(): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const row of this.#store.all<SettingRow>('SELECT key, value_json FROM settings ORDER BY key')) {
      try {
        values[row.key] = JSON.parse(row.value_json);
      } catch {
        // Only an outside edit can get here; the default then applies, as for any invalid value.
        console.warn(`[store] settings: stored value for "${row.key}" is not JSON – ignored.`);
      }
    }
    return values;
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    // undefined, functions and symbols have no JSON form; storing "nothing" would read back as an error.
    if (json === undefined) throw new TypeError(`settings: value for "${key}" cannot be stored as JSON`);
    this.#store.run(
      'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at',
      key,
      json,
      this.#now(),
    );
  }

  delete(key: string): void {
    this.#store.run('DELETE FROM settings WHERE key = ?', key);
  }
}
