/**
 * The app's schema, as an ordered list of steps. openDatabase applies the missing ones at start,
 * each in its own transaction, and refuses a file that recorded steps this list does not have.
 *
 * To change the schema, APPEND one entry: the next id, a short name, its SQL, e.g.
 *   { id: 2, name: 'portal accounts', up: `CREATE TABLE accounts (...) STRICT` },
 * Never edit, renumber, rename or remove an entry that has shipped: installed databases recorded it.
 * Table rebuilds (SQLite cannot ALTER most things) set `foreignKeysOff: true`.
 */
import type { Migration } from './migrate.ts';

export type { Migration } from './migrate.ts';

export const APP_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'user settings',
    up: 'CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT',
  },
  {
    // main/portal/accounts.ts. One row per (portal, Moodle user); the id is random. Tables that hold
    // an account's data carry `account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE`
    // (main/portal/accounts-scope.ts), so removing an account removes its data and nothing else.
    id: 2,
    name: 'portal accounts',
    up: `CREATE TABLE accounts (
      id TEXT PRIMARY KEY NOT NULL,
      site_url TEXT NOT NULL,
      site_name TEXT NOT NULL,
      user_id INTEGER NOT NULL,
      username TEXT NOT NULL,
      full_name TEXT NOT NULL,
      lang TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER NOT NULL,
      needs_reauth INTEGER NOT NULL DEFAULT 0 CHECK (needs_reauth IN (0, 1)),
      UNIQUE (site_url, user_id)
    ) STRICT;
    CREATE TABLE current_account (
      slot INTEGER PRIMARY KEY NOT NULL CHECK (slot = 1),
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE
    ) STRICT;`,
  },
  {
    // main/vault/secret-vault.ts. Encrypted blobs only (OS keyring via safeStorage), written only when
    // the backend is a real keyring; `backend` records which one so a change fails loudly.
    id: 3,
    name: 'vault secrets',
    up: 'CREATE TABLE secrets (account_id TEXT PRIMARY KEY NOT NULL, backend TEXT NOT NULL, ciphertext BLOB NOT NULL, written_at INTEGER NOT NULL) STRICT',
  },
  {
    // main/content/. Courses with their validated contents (sections and modules as JSON), files
    // cached on disk under <dataDir>/files/<accountId>/, and upcoming deadlines from the calendar.
    id: 4,
    name: 'content cache',
    up: `CREATE TABLE content_courses (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      course_id INTEGER NOT NULL,
      fullname TEXT NOT NULL,
      shortname TEXT NOT NULL,
      summary_html TEXT NOT NULL,
      sort_order INTEGER NOT NULL,
      sections_json TEXT,
      contents_synced_at INTEGER,
      offline INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, course_id)
    ) STRICT;
    CREATE TABLE content_files (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      file_key TEXT NOT NULL,
      course_id INTEGER NOT NULL,
      cmid INTEGER NOT NULL,
      filename TEXT NOT NULL,
      mimetype TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      rel_path TEXT NOT NULL,
      time_modified INTEGER NOT NULL,
      downloaded_at INTEGER NOT NULL,
      last_used_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, file_key)
    ) STRICT;
    CREATE TABLE content_deadlines (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      event_id INTEGER NOT NULL,
      name TEXT NOT NULL,
      course_id INTEGER,
      course_name TEXT,
      modulename TEXT,
      instance INTEGER,
      due_at INTEGER NOT NULL,
      overdue INTEGER NOT NULL,
      url TEXT NOT NULL,
      action_name TEXT,
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, event_id)
    ) STRICT;
    CREATE TABLE content_sync_state (
      account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      courses_synced_at INTEGER NOT NULL,
      deadlines_synced_at INTEGER
    ) STRICT;`,
  },
  {
    // main/assignments/. Assignments as the portal last reported them (mod_assign_get_assignments)
    // and each one's submission status (mod_assign_get_submission_status); filled by main/sync/.
    id: 5,
    name: 'assignments cache',
    up: `CREATE TABLE assignments (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      assign_id INTEGER NOT NULL,
      cmid INTEGER NOT NULL,
      course_id INTEGER NOT NULL,
      name TEXT NOT NULL,
      intro_html TEXT NOT NULL,
      due_at INTEGER NOT NULL,
      cutoff_at INTEGER NOT NULL,
      configs_json TEXT NOT NULL,
      files_json TEXT NOT NULL,
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, assign_id)
    ) STRICT;
    CREATE TABLE assignment_status (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      assign_id INTEGER NOT NULL,
      status TEXT NOT NULL,
      time_modified INTEGER NOT NULL,
      grade TEXT,
      feedback_html TEXT,
      raw_json TEXT NOT NULL,
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, assign_id)
    ) STRICT;`,
  },
  {
    // main/outbox/. Drafts (one per account and assignment) with every saved version, the outbox's
    // durable send steps, and the per-account key for work sealed on shared devices.
    id: 6,
    name: 'drafts and outbox',
    up: `CREATE TABLE drafts (
      id TEXT PRIMARY KEY NOT NULL,
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      assign_id INTEGER NOT NULL,
      course_id INTEGER NOT NULL,
      title TEXT NOT NULL,
      text_html TEXT NOT NULL,
      files_json TEXT NOT NULL,
      version INTEGER NOT NULL,
      base_timemodified INTEGER,
      base_status TEXT,
      base_text TEXT,
      sent_attempts TEXT NOT NULL DEFAULT '[]',
      state TEXT NOT NULL,
      error TEXT,
      sealed BLOB,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (account_id, assign_id)
    ) STRICT;
    CREATE TABLE draft_versions (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      text_html TEXT NOT NULL,
      files_json TEXT NOT NULL,
      sealed BLOB,
      saved_at INTEGER NOT NULL,
      PRIMARY KEY (draft_id, version)
    ) STRICT;
    CREATE TABLE outbox (
      id TEXT PRIMARY KEY NOT NULL,
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
      draft_version INTEGER NOT NULL,
      handin INTEGER NOT NULL,
      accept_statement INTEGER NOT NULL,
      step TEXT NOT NULL,
      status TEXT NOT NULL,
      itemid INTEGER,
      attempts INTEGER NOT NULL,
      last_error TEXT,
      next_attempt_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_by_account ON outbox (account_id, step);
    CREATE TABLE sealed_keys (
      account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      salt BLOB NOT NULL,
      wrapped_key BLOB NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;`,
  },
  {
    id: 7,
    name: 'conference rules, objection and media log',
    up: `CREATE TABLE conference_prefs (
      account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      rules_version TEXT,
      rules_acknowledged_at INTEGER,
      objection INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE conference_media_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      meeting_name TEXT NOT NULL,
      kind TEXT NOT NULL,
      action TEXT NOT NULL,
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX conference_media_log_by_account ON conference_media_log (account_id, at);`,
  },
  {
    // main/sync/sync-state.ts. The sync engine's last success/failure per account and task, and
    // the deadline reminders already shown (each once).
    id: 9,
    name: 'sync state',
    up: `CREATE TABLE sync_state (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      task TEXT NOT NULL,
      last_success_at INTEGER,
      last_failure_at INTEGER,
      last_error TEXT,
      failures INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (account_id, task)
    ) STRICT;
    CREATE TABLE deadline_reminders_sent (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      reminder_key TEXT NOT NULL,
      sent_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, reminder_key)
    ) STRICT;`,
  },
  {
    // main/conference/conference-store.ts. The BBB servers this account's join URLs pointed at,
    // so the diagnostics can check that the school network reaches them (the room list does not say).
    id: 10,
    name: 'conference servers',
    up: `CREATE TABLE conference_servers (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      origin TEXT NOT NULL,
      last_joined_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, origin)
    ) STRICT;`,
  },
  {
    // main/portal/accounts.ts. Shared devices: an account that logged out with unsent (sealed) work
    // keeps only its random id, the portal address and this handle (a hash of site and Moodle user
    // id; name, user name and user id are gone), so the work is found again when that student signs in.
    id: 11,
    name: 'sealed account handles',
    up: `ALTER TABLE accounts ADD COLUMN sealed_handle TEXT;
    CREATE UNIQUE INDEX accounts_by_sealed_handle ON accounts (sealed_handle) WHERE sealed_handle IS NOT NULL;`,
  },
  {
    // main/assignments/. What mod_assign_get_assignments says about submitting besides the plugin
    // configs, so the limits (and the submission statement) are checked offline too. NULL = synced
    // before this step (unknown until the next sync).
    id: 12,
    name: 'assignment submission settings',
    up: `ALTER TABLE assignments ADD COLUMN submission_drafts INTEGER;
    ALTER TABLE assignments ADD COLUMN require_statement INTEGER;
    ALTER TABLE assignments ADD COLUMN submission_statement TEXT;`,
  },
  {
    // main/outbox/. The fingerprint (text and files) of what an item's upload was made for and its
    // save sends: a resumed save whose draft changed meanwhile starts over with a fresh upload.
    // NULL = queued before this step (unknown: such an item starts over at its next save).
    id: 13,
    name: 'outbox sent fingerprint',
    up: `ALTER TABLE outbox ADD COLUMN fingerprint TEXT;`,
  },
  {
    // main/outbox/. Until when the server asked us to wait (Retry-After) for an item: no trigger — the
    // network coming back, a sign-in, the student's retry — brings its next attempt before that.
    id: 14,
    name: 'outbox retry-after limit',
    up: `ALTER TABLE outbox ADD COLUMN retry_after_until INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // main/content/content-sync.ts. When a course's contents were last FETCHED (contents_synced_at,
    // "Stand", also moves when a check finds no change): get_updates_since cannot see an activity
    // made visible or released by date, so contents older than CONTENTS_REFRESH_MS are fetched
    // again. NULL = fetched before this step (refreshed soon, a few courses per run).
    id: 15,
    name: 'content fetch age',
    up: `ALTER TABLE content_courses ADD COLUMN contents_fetched_at INTEGER;`,
  },
  {
    // main/start/. What the Start screen calls "new since your last visit": start_seen is the
    // snapshot (a fingerprint per material, assignment, grade and feedback) the news recorder compares
    // each stored sync result with; start_news what it found new or changed; start_visits the
    // account's "last visit" mark. Rows of a kind are only compared once its baseline exists
    // (the `#<source>` key), so the first sync after sign-in reports nothing as new.
    id: 16,
    name: 'start news and last visit',
    up: `CREATE TABLE start_seen (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      item_key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      PRIMARY KEY (account_id, item_key)
    ) STRICT;
    CREATE TABLE start_news (
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      item_key TEXT NOT NULL,
      kind TEXT NOT NULL,
      change TEXT NOT NULL,
      title TEXT NOT NULL,
      course_id INTEGER,
      course_name TEXT,
      cmid INTEGER,
      assign_id INTEGER,
      detected_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, item_key)
    ) STRICT;
    CREATE INDEX start_news_by_time ON start_news (account_id, detected_at);
    CREATE TABLE start_visits (
      account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      last_visit_at INTEGER NOT NULL
    ) STRICT;`,
  },
  {
    // main/start/first-paint.ts. The signed-in Start as static, sanitised HTML, shown by index.html at
    // the next start before the renderer is ready: one row on the device (slot 1), the current
    // account's. It must never show what the store no longer holds: every write to what start.today
    // and the header read (deadlines, the assignments its links use, outbox and drafts, news, the
    // last visit, the sync state, the accounts and the current one, their secrets, the settings)
    // deletes it; the renderer saves a new one for the new view. Triggers, not code, so no writer can
    // forget it. app_version: another version of the app (its markup, its version line) shows none.
    id: 17,
    name: 'stored first paint',
    up: `CREATE TABLE first_paint (
      slot INTEGER PRIMARY KEY NOT NULL CHECK (slot = 1),
      account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      html TEXT NOT NULL,
      language TEXT NOT NULL CHECK (language IN ('de', 'en')),
      app_version TEXT NOT NULL,
      version TEXT NOT NULL,
      valid_until INTEGER,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TRIGGER first_paint_gone_content_deadlines_insert AFTER INSERT ON content_deadlines BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_content_deadlines_update AFTER UPDATE ON content_deadlines BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_content_deadlines_delete AFTER DELETE ON content_deadlines BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_outbox_insert AFTER INSERT ON outbox BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_outbox_update AFTER UPDATE ON outbox BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_outbox_delete AFTER DELETE ON outbox BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_drafts_insert AFTER INSERT ON drafts BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_drafts_update AFTER UPDATE ON drafts WHEN OLD.title IS NOT NEW.title OR OLD.assign_id IS NOT NEW.assign_id OR OLD.account_id IS NOT NEW.account_id BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_drafts_delete AFTER DELETE ON drafts BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_start_news_insert AFTER INSERT ON start_news BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_start_news_update AFTER UPDATE ON start_news BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_start_news_delete AFTER DELETE ON start_news BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_start_visits_insert AFTER INSERT ON start_visits BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_start_visits_update AFTER UPDATE ON start_visits BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_start_visits_delete AFTER DELETE ON start_visits BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_sync_state_insert AFTER INSERT ON sync_state BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_sync_state_update AFTER UPDATE ON sync_state WHEN OLD.last_success_at IS NOT NEW.last_success_at OR OLD.task IS NOT NEW.task OR OLD.account_id IS NOT NEW.account_id BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_sync_state_delete AFTER DELETE ON sync_state BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_current_account_insert AFTER INSERT ON current_account BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_current_account_update AFTER UPDATE ON current_account BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_current_account_delete AFTER DELETE ON current_account BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_settings_insert AFTER INSERT ON settings WHEN NEW.key = 'language' BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_settings_update AFTER UPDATE ON settings WHEN OLD.key = 'language' OR NEW.key = 'language' BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_settings_delete AFTER DELETE ON settings WHEN OLD.key = 'language' BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_assignments_insert AFTER INSERT ON assignments BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_assignments_delete AFTER DELETE ON assignments BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_assignments_update AFTER UPDATE ON assignments WHEN OLD.assign_id IS NOT NEW.assign_id OR OLD.cmid IS NOT NEW.cmid OR OLD.account_id IS NOT NEW.account_id BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_accounts_insert AFTER INSERT ON accounts BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_accounts_delete AFTER DELETE ON accounts BEGIN DELETE FROM first_paint; END;
    CREATE TRIGGER first_paint_gone_accounts_update AFTER UPDATE ON accounts WHEN OLD.id IS NOT NEW.id OR OLD.full_name IS NOT NEW.full_name OR OLD.site_name IS NOT NEW.site_name OR OLD.site_url IS NOT NEW.site_url BEGIN DELETE FROM first_paint; END;`,
  },
];
