import type { SettingsRepositoryLike } from '../../main/settings/settings-service';

/** The same three methods as the SQLite repository, over a Map. */
export class MemoryRepository implements SettingsRepositoryLike {
  readonly rows = new Map<string, unknown>();
  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) this.rows.set(key, value);
  }
  list(): Record<string, unknown> {
    return Object.fromEntries(this.rows);
  }
  set(key: string, value: unknown): void {
    this.rows.set(key, value);
  }
  delete(key: string): void {
    this.rows.delete(key);
  }
}
