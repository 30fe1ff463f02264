/**
 * The stored first paint: the signed-in Start as static HTML, rendered by the renderer from the
 * current `start.today` view and kept here (one row on the device, migration 17 `first_paint`), so
 * index.html shows the day at the next start before any script ran (`withFirstPaint`). The renderer
 * removes it once its own Start is there.
 *
 * Never stale: main keeps it only for the view that is current when it arrives (`version`), in the
 * language that is set and this app version (its header says who, never whether the session is still
 * valid: that comes with the live app); triggers in the migration delete it on every write to what Start and the header show; it is served only until the
 * first shown text would change by itself (`firstPaintValidUntil`: a deadline becoming overdue, an
 * outbox retry time passing). Never harmful: `sanitizeFirstPaintHtml` keeps only the app's own
 * markup, and the container is `inert` and `aria-hidden`.
 *
 * This file is light on purpose (no zod, no sanitizer at load): the browser shell's entry imports it
 * to read the row before the services have booted (`readFirstPaintFile`, read-only connection).
 */
import { existsSync } from 'node:fs';
import { describeError } from '../log/redact';
import { DatabaseSync } from 'node:sqlite';
import { FIRST_PAINT_ELEMENT_ID, MAX_FIRST_PAINT_BYTES } from '../../preload/contract/start';
import type { FirstPaintInput, TodayView } from '../../preload/contract/start';
import { forAccount } from '../portal/accounts-scope';
import { sanitizeFirstPaintHtml } from '../security/html-sanitizer';
import type { Store } from '../store/store';

/** What index.html gets: sanitised markup and its language. */
export interface ServedFirstPaint {
  html: string;
  language: 'de' | 'en';
}

/** The element the renderer mounts into; the first paint goes right before it. */
export const ROOT_MARKER = '<div id="root"></div>';

/**
 * Pure: index.html with the first paint right before `<div id="root"></div>`:
 * `<div id="first-paint" lang="de" inert aria-hidden="true">…</div>`. Without a paint, or without
 * the marker, index.html comes back unchanged (a first paint never breaks the page).
 */
export function withFirstPaint(indexHtml: string, paint: ServedFirstPaint | null): string {
  if (paint === null) return indexHtml;
  const at = indexHtml.indexOf(ROOT_MARKER);
  if (at < 0 || (paint.language !== 'de' && paint.language !== 'en')) return indexHtml;
  // Concatenated, not String.replace: `$&` and the like in the markup stay text.
  return `${indexHtml.slice(0, at)}<div id="${FIRST_PAINT_ELEMENT_ID}" lang="${paint.language}" inert aria-hidden="true">${paint.html}</div>${indexHtml.slice(at)}`;
}

/**
 * Pure: until when (epoch ms) the view's texts stay true without a write to the store — the earliest
 * due time of a shown deadline not yet overdue (it turns "überfällig"), the earliest future next
 * attempt of a pending outbox item (its "nächster Versuch um …" passes). Null: nothing changes by itself.
 */
export function firstPaintValidUntil(view: Pick<TodayView, 'deadlines' | 'outbox'>, now: number): number | null {
  const times = [
    ...view.deadlines.filter((d) => !d.overdue && d.dueAt > now).map((d) => d.dueAt),
    ...view.outbox.filter((o) => o.state === 'pending' && o.nextAttemptAt !== null && o.nextAttemptAt > now).map((o) => o.nextAttemptAt as number),
  ];
  return times.length === 0 ? null : Math.min(...times);
}

interface PaintRow {
  html: string;
  language: string;
  app_version: string;
  valid_until: number | null;
}

/** One account-scoped query for both readers (the services' store and the read-only file). */
const SELECT_PAINT = 'SELECT html, language, app_version, valid_until FROM first_paint WHERE account_id = :account_id';

/** What the page will show now, to compare with what the paint was made for. */
export interface PaintConditions {
  now: number;
  /** The running app's version: a paint of another version (markup, version line) is not served. */
  appVersion: string;
  /** The language in effect; null: not known (before the boot, no stored choice): the row's is taken. */
  language: 'de' | 'en' | null;
}

/** Pure: the paint to serve from a row, or null. */
export function servablePaint(row: PaintRow | undefined, conditions: PaintConditions): ServedFirstPaint | null {
  if (!row) return null;
  if (row.language !== 'de' && row.language !== 'en') return null;
  if (row.valid_until !== null && conditions.now >= row.valid_until) return null;
  if (row.app_version !== conditions.appVersion) return null;
  if (conditions.language !== null && conditions.language !== row.language) return null;
  return { html: row.html, language: row.language };
}

/** Account-scoped access to the one row (through `forAccount`). */
export class FirstPaintRepository {
  constructor(private readonly store: Store) {}

  /** Replaces the device's first paint with this account's. */
  save(accountId: string, paint: { html: string; language: FirstPaintInput['language']; appVersion: string; version: string; validUntil: number | null; createdAt: number }): void {
    forAccount(this.store, accountId).run(
      `INSERT INTO first_paint (slot, account_id, html, language, app_version, version, valid_until, created_at)
       VALUES (1, :account_id, :html, :language, :app_version, :version, :valid_until, :created_at)
       ON CONFLICT (slot) DO UPDATE SET account_id = excluded.account_id, html = excluded.html, language = excluded.language,
         app_version = excluded.app_version, version = excluded.version, valid_until = excluded.valid_until,
         created_at = excluded.created_at`,
      {
        html: paint.html,
        language: paint.language,
        app_version: paint.appVersion,
        version: paint.version,
        valid_until: paint.validUntil,
        created_at: paint.createdAt,
      },
    );
  }

  /** Whether this account has a kept paint (start.today tells the renderer, which keeps a new one when not). */
  has(accountId: string): boolean {
    return forAccount(this.store, accountId).get('SELECT 1 AS kept FROM first_paint WHERE account_id = :account_id') !== undefined;
  }

  /** Removes the device's paint, whoever's it is (one row on the device: no account to scope by). */
  clear(): void {
    this.store.run('DELETE FROM first_paint');
  }

  read(accountId: string, conditions: PaintConditions): ServedFirstPaint | null {
    return servablePaint(forAccount(this.store, accountId).get<PaintRow>(SELECT_PAINT), conditions);
  }
}

/**
 * Before the services have booted (browser shell): the current account's paint straight from the
 * store file, through a short-lived read-only connection (it changes no data; on a cleanly closed
 * store SQLite makes the empty -wal/-shm a WAL store needs, as the boot does a moment later). Any
 * problem — no file, a damaged one, a schema without the table — means no first paint.
 */
export function readFirstPaintFile(file: string, now: number, appVersion: string): ServedFirstPaint | null {
  if (!existsSync(file)) return null;
  let db: DatabaseSync | null = null;
  try {
    db = new DatabaseSync(file, { readOnly: true, timeout: 50 });
    const current = db.prepare('SELECT account_id FROM current_account WHERE slot = 1').get() as { account_id: string } | undefined;
    if (!current) return null;
    const stored = db.prepare("SELECT value_json FROM settings WHERE key = 'language'").get() as { value_json: string } | undefined;
    const language = stored?.value_json === '"en"' ? 'en' : stored?.value_json === '"de"' ? 'de' : null;
    const row = db.prepare(SELECT_PAINT).get({ account_id: current.account_id }) as PaintRow | undefined;
    return servablePaint(row, { now, appVersion, language });
  } catch {
    return null;
  } finally {
    try {
      db?.close();
    } catch {
      // closing a connection that failed to open
    }
  }
}

/** What the service needs from the rest of main (functions, so this file stays light). */
export interface FirstPaintDeps {
  store: Store;
  now(): number;
  appVersion: string;
  currentAccountId(): string | null;
  /** A shared (loaner) device: nothing is kept there (the next student would see this one's day). */
  sharedDevice(): boolean;
  /** The language in effect (settings: policy, the student's choice, the default). */
  language(): 'de' | 'en';
  /** The account's `start.today` view as it is now. */
  today(accountId: string): Pick<TodayView, 'version' | 'deadlines' | 'outbox'>;
}

/** `start.saveFirstPaint` and what the shells serve. */
export class FirstPaintService {
  readonly #repository: FirstPaintRepository;

  constructor(private readonly deps: FirstPaintDeps) {
    this.#repository = new FirstPaintRepository(deps.store);
    // A device that became a loaner since the paint was kept: it goes before anything can serve it.
    if (deps.sharedDevice()) this.#repository.clear();
  }

  /**
   * Keeps the paint only for the current account, the current view (`version`) and the language in
   * effect. A
   * convenience: a failure (memory-only store, full disk) is logged and answers `kept: false`.
   */
  save(input: FirstPaintInput): { kept: boolean } {
    const { deps } = this;
    const accountId = deps.currentAccountId();
    if (accountId === null || deps.sharedDevice()) return { kept: false };
    try {
      const view = deps.today(accountId);
      if (view.version !== input.version || input.language !== deps.language()) return { kept: false };
      const html = sanitizeFirstPaintHtml(input.html);
      // Escaping can make the kept markup larger than what came in (`&` → `&amp;`): the limit holds for what is stored and served.
      if (html === null || Buffer.byteLength(html, 'utf8') > MAX_FIRST_PAINT_BYTES) {
        console.warn('[start] first paint refused: its markup does not nest as written, or is too large');
        return { kept: false };
      }
      const now = deps.now();
      this.#repository.save(accountId, { html, language: input.language, appVersion: deps.appVersion, version: view.version, validUntil: firstPaintValidUntil(view, now), createdAt: now });
      return { kept: true };
    } catch (error) {
      console.error(`[start] first paint not kept: ${describeError(error)}`);
      return { kept: false };
    }
  }

  /** Whether the account has a kept paint now (a write behind it may have deleted it although its day looks the same). */
  kept(accountId: string): boolean {
    try {
      return this.#repository.has(accountId);
    } catch {
      return false;
    }
  }

  /** The paint index.html gets now (booted services), or null. Never throws. */
  current(): ServedFirstPaint | null {
    try {
      const accountId = this.deps.currentAccountId();
      if (accountId === null || this.deps.sharedDevice()) return null;
      return this.#repository.read(accountId, { now: this.deps.now(), appVersion: this.deps.appVersion, language: this.deps.language() });
    } catch (error) {
      console.error(`[start] first paint not read: ${describeError(error)}`);
      return null;
    }
  }

  /** index.html as the shells serve it (unchanged without a paint). */
  indexHtml(content: string): string {
    return withFirstPaint(content, this.current());
  }
}
