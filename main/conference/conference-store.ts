/**
 * Per-account conference data on this device (migration 7): which rules version was acknowledged,
 * the objection (Art. 21 GDPR), and the transparency log of shared media. Never sent anywhere.
 */
import type { MediaKind } from '../../preload/contract/conference';
import type { Store } from '../store/database';
import { mediaLogCutoff } from './media-log-retention';

export interface ConferencePrefs {
  rulesVersion: string | null;
  rulesAcknowledgedAt: number | null;
  objection: boolean;
}

export interface MediaLogEntry {
  id: number;
  accountId: string;
  meetingName: string;
  kind: MediaKind;
  action: 'started' | 'stopped';
  at: number;
}

interface PrefsRow {
  rules_version: string | null;
  rules_acknowledged_at: number | null;
  objection: number;
}

interface LogRow {
  id: number;
  account_id: string;
  meeting_name: string;
  kind: string;
  action: string;
  at: number;
}

export class ConferenceStore {
  constructor(private readonly store: Store) {}

  prefs(accountId: string): ConferencePrefs {
    const row = this.store.get<PrefsRow>('SELECT rules_version, rules_acknowledged_at, objection FROM conference_prefs WHERE account_id = ?', accountId);
    return { rulesVersion: row?.rules_version ?? null, rulesAcknowledgedAt: row?.rules_acknowledged_at ?? null, objection: row?.objection === 1 };
  }

  acknowledgeRules(accountId: string, version: string, at: number): void {
    this.store.run(
      `INSERT INTO conference_prefs (account_id, rules_version, rules_acknowledged_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET rules_version = excluded.rules_version, rules_acknowledged_at = excluded.rules_acknowledged_at`,
      accountId,
      version,
      at,
    );
  }

  setObjection(accountId: string, on: boolean): void {
    this.store.run(
      `INSERT INTO conference_prefs (account_id, objection) VALUES (?, ?)
       ON CONFLICT (account_id) DO UPDATE SET objection = excluded.objection`,
      accountId,
      on ? 1 : 0,
    );
  }

  record(entry: Omit<MediaLogEntry, 'id'>): void {
    this.store.run(
      'INSERT INTO conference_media_log (account_id, meeting_name, kind, action, at) VALUES (?, ?, ?, ?, ?)',
      entry.accountId,
      entry.meetingName,
      entry.kind,
      entry.action,
      entry.at,
    );
  }

  /** Newest first; entries past retention are never shown even before the next purge. */
  mediaLog(accountId: string, nowMs: number): MediaLogEntry[] {
    return this.store
      .all<LogRow>('SELECT id, account_id, meeting_name, kind, action, at FROM conference_media_log WHERE account_id = ? AND at >= ? ORDER BY at DESC, id DESC', accountId, mediaLogCutoff(nowMs))
      .map((row) => ({
        id: row.id,
        accountId: row.account_id,
        meetingName: row.meeting_name,
        kind: row.kind as MediaKind,
        action: row.action === 'stopped' ? 'stopped' : 'started',
        at: row.at,
      }));
  }

  /** Remembers the BBB server (origin only) a join URL of this account pointed at. */
  rememberServer(accountId: string, origin: string, at: number): void {
    this.store.run(
      `INSERT INTO conference_servers (account_id, origin, last_joined_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id, origin) DO UPDATE SET last_joined_at = excluded.last_joined_at`,
      accountId,
      origin,
      at,
    );
  }

  /** Every BBB server joined from this device (all accounts), most recent first, each once. */
  servers(): string[] {
    return this.store
      .all<{ origin: string }>('SELECT origin, MAX(last_joined_at) AS last FROM conference_servers GROUP BY origin ORDER BY last DESC, origin')
      .map((row) => row.origin);
  }

  /** Deletes entries older than the retention period (all accounts); returns how many. */
  purgeMediaLog(nowMs: number): number {
    return Number(this.store.run('DELETE FROM conference_media_log WHERE at < ?', mediaLogCutoff(nowMs)).changes);
  }
}
