/**
 * What each account-scoped table holds, in words a student understands (privacy centre). The
 * inventory itself is generic (every table with an `account_id` column is counted), but a table
 * missing here is shown under its bare name — and test/integration/privacy-centre.test.ts
 * ("covers every account-scoped table of the schema, each described in words") fails, so
 * whoever adds a table also explains it.
 */
export interface DataKindText {
  de: string;
  en: string;
}

export const ACCOUNT_TABLE_LABELS: Record<string, DataKindText> = {
  current_account: { de: 'Zuletzt gewähltes Konto', en: 'Last selected account' },
  content_courses: { de: 'Kurse und Kursinhalte (zwischengespeichert)', en: 'Courses and course contents (cached)' },
  content_files: { de: 'Verzeichnis zwischengespeicherter Dateien', en: 'Index of cached files' },
  content_deadlines: { de: 'Anstehende Termine (zwischengespeichert)', en: 'Upcoming deadlines (cached)' },
  content_sync_state: { de: 'Zeitpunkt des letzten Kurs-Abgleichs', en: 'Time of the last course sync' },
  assignments: { de: 'Aufgaben (zwischengespeichert)', en: 'Assignments (cached)' },
  assignment_status: { de: 'Abgabestatus, Bewertungen und Feedback (zwischengespeichert)', en: 'Submission status, grades and feedback (cached)' },
  drafts: { de: 'Entwürfe', en: 'Drafts' },
  draft_versions: { de: 'Gespeicherte Versionen deiner Entwürfe', en: 'Saved versions of your drafts' },
  outbox: { de: 'Postausgang (Sendeaufträge)', en: 'Outbox (send jobs)' },
  sealed_keys: { de: 'Schlüssel für verschlüsselte Entwürfe (Leihgerät)', en: 'Keys for encrypted drafts (loaner device)' },
  conference_prefs: { de: 'Konferenz-Einstellungen (Regeln bestätigt, Widerspruch)', en: 'Conference preferences (rules acknowledged, objection)' },
  conference_media_log: { de: 'Protokoll von Kamera/Mikrofon/Bildschirm in Konferenzen', en: 'Log of camera/microphone/screen use in conferences' },
  conference_servers: { de: 'Adressen der Videokonferenz-Server, denen du beigetreten bist', en: 'Addresses of the video conference servers you joined' },
  sync_state: { de: 'Zeitpunkt des letzten Abgleichs je Bereich', en: 'Time of the last sync per area' },
  deadline_reminders_sent: { de: 'Bereits gezeigte Erinnerungen an Abgabetermine', en: 'Deadline reminders already shown' },
  start_seen: { de: 'Stand der Materialien und Aufgaben beim letzten Abgleich (für „Neu seit deinem letzten Besuch“)', en: 'State of materials and assignments at the last sync (for "New since your last visit")' },
  start_news: { de: 'Neuigkeiten seit deinem letzten Besuch (Materialien, Aufgaben, Bewertungen)', en: 'News since your last visit (materials, assignments, grades)' },
  start_visits: { de: 'Zeitpunkt deines letzten Besuchs der Startseite', en: 'Time of your last visit to the Start screen' },
};

/** Files the app keeps per account in <dataDir>/<folder>/<accountId>/. */
export const ACCOUNT_FOLDER_LABELS: Record<string, DataKindText> = {
  drafts: { de: 'Dateien zu Entwürfen', en: 'Files attached to drafts' },
  files: { de: 'Zwischengespeicherte Dateien und Materialien', en: 'Cached files and materials' },
};

/** Columns that hold secrets or encrypted blobs: never exported in clear. */
export const SECRET_COLUMNS = new Set(['ciphertext', 'wrapped_key', 'salt', 'sealed']);

/** Preferred time columns (epoch ms) for "oldest/newest", in order. */
export const TIME_COLUMNS = ['synced_at', 'saved_at', 'updated_at', 'downloaded_at', 'created_at', 'at', 'sent_at', 'written_at', 'last_success_at', 'courses_synced_at', 'rules_acknowledged_at', 'last_used_at', 'last_joined_at', 'detected_at', 'last_visit_at'];
