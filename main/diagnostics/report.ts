/**
 * The diagnostics report for IT tickets: a pure function from what was measured to sections of
 * label/value lines, and the same as plain text (the Diagnose screen's "Kopieren", `--diagnose`).
 *
 * No personal data goes in: the collector passes counts, sizes and portal addresses, never user
 * names, account ids or tokens. As a second line of defence every value passes `scrub()` here:
 * secrets in URLs/bodies are redacted (main/log/redact.ts), URLs lose credentials, query and
 * fragment, and the home folder becomes `~`.
 */
import type { PolicyReport, SettingView } from '../../preload/api';
import type { DiagnosticsEntry, DiagnosticsLevel, DiagnosticsSection, DiagnosticsView } from '../../preload/contract/diagnostics';
import type { UpdateReason } from '../../preload/contract/updates';
import { scrub } from '../log/scrub';
import type { StoreRecovery } from '../store/salvage';

export type { DiagnosticsEntry, DiagnosticsLevel, DiagnosticsSection, DiagnosticsView } from '../../preload/contract/diagnostics';

/**
 * Why this copy updates the way it does, worded for IT (the report is German; the app's own
 * Einstellungen word the same reason codes through renderer i18n, it.updateReason).
 */
const UPDATE_REASON_FOR_IT: Record<UpdateReason, string> = {
  'policy-off': 'keine Updates: Richtlinie updateMode = off (die Schul-IT verteilt neue Versionen)',
  development: 'keine Updates: Entwicklungsversion oder Browsermodus',
  'install-mismatch': 'keine Updates: Installationsart passt nicht zum Betriebssystem',
  unsigned: 'keine Updates: Version nicht signiert (Windows/macOS aktualisieren nur signierte Versionen)',
  'no-feed': 'keine Updates: kein Update-Server (weder Richtlinie updateUrl noch Installationspaket)',
  'insecure-feed': 'keine Updates: Update-Server nicht per https',
  'managed-install': 'nur Hinweis: Installation für alle Benutzer (MSI, PKG, deb), die Schul-IT installiert',
  'notify-only': 'nur Hinweis: Richtlinie updateMode = notify',
  'self-update': 'automatisch: laden und beim Beenden installieren',
};

/** The result of one network check. */
export type ProbeOutcome = { ok: true; detail: string } | { ok: false; code: string; detail: string };

export interface PortalProbe {
  url: string;
  /** Where the address came from: the school's policy list or a signed-in account on this device. */
  configuredBy: 'policy' | 'account';
  outcome: ProbeOutcome;
}

export interface HostProbe {
  url: string;
  outcome: ProbeOutcome;
}

export interface DiagnosticsInput {
  generatedAt: number;
  app: { version: string; shell: 'electron' | 'browser'; platform: string; arch: string; osRelease: string; runtime: string };
  homeDir: string;
  dataDir: string;
  settings: SettingView[];
  policy: PolicyReport;
  portals: PortalProbe[];
  bbbHosts: HostProbe[];
  update: {
    mode: string;
    channel: string;
    /** The update server in use (policy updateUrl, else the package's feed); null when there is none. */
    feedUrl: string | null;
    feedSource: 'policy' | 'package' | null;
    /** Reachability of the feed file (e.g. latest.yml); null when there is no feed. */
    probe: (HostProbe & { file: string }) | null;
    installKind: string | null;
    state: string;
    reason: UpdateReason;
    /** A newer version the last check found (also when SchulDesk only reports it); null when none is known. */
    availableVersion: string | null;
  };
  storage: {
    databaseBytes: number;
    /** Everything else in the data folder except logs (drafts, cached files, …). */
    filesBytes: number;
    logsBytes: number;
    /** Top-level folders of the data folder with their sizes. */
    folders: { name: string; bytes: number }[];
    accounts: number;
  };
  vault: { persistence: string; backend: string | null; reason: string | null; foreignBackends: string[] };
  /** The store's check at start and what was salvaged (main/store/salvage.ts); absent: not collected. */
  store?: {
    recovery: StoreRecovery | null;
    /** SQLITE_CORRUPT during use: the salvage runs at the next start. */
    markedForSalvage: boolean;
    /** Damaged stores moved aside (kept for IT; may be deleted once looked at). */
    keptFiles: { name: string; bytes: number }[];
  };
}

const RECOVERY_REASON: Record<StoreRecovery['reason'], string> = {
  corrupt: 'beschädigt (quick_check/SQLite)',
  'not-a-database': 'Kopf der Datei (Seite 1) beschädigt oder keine Datenbank',
  'schema-too-new': 'von einer neueren SchulDesk-Version geschrieben',
  'schema-mismatch': 'Schema passt nicht zu dieser Version',
  'migration-failed': 'Umstellung auf diese Version gescheitert',
  'wal-truncated': 'WAL-Datei abgeschnitten',
  'corrupt-at-run-time': 'Beschädigung während der Nutzung gefunden',
};
const RECOVERY_METHOD: Record<StoreRecovery['method'], string> = {
  sql: 'mit SQLite gelesen',
  pages: 'aus den Seiten der Datei gelesen',
  'sql+pages': 'mit SQLite und aus den Seiten gelesen',
  none: 'nichts lesbar, leer begonnen',
};

function storeEntries(store: NonNullable<DiagnosticsInput['store']>): DiagnosticsEntry[] {
  const entries: DiagnosticsEntry[] = [];
  const { recovery } = store;
  if (!recovery) entries.push({ label: 'Prüfung beim Start', value: 'in Ordnung', level: 'ok' });
  else {
    const tables = Object.entries(recovery.tables);
    const list = (pick: (t: { recovered: number; lost: number }) => number) =>
      tables.filter(([, t]) => pick(t) > 0).map(([name, t]) => `${name} ${pick(t)}`).join(', ') || '—';
    entries.push(
      { label: 'Bei diesem Start repariert', value: `${RECOVERY_REASON[recovery.reason]}; ${RECOVERY_METHOD[recovery.method]}; ${recovery.durationMs} ms`, level: 'warn' },
      info('Gerettet (Zeilen)', list((t) => t.recovered)),
      { label: 'Verloren oder verworfen (Zeilen/Stellen)', value: list((t) => t.lost), level: tables.some(([, t]) => t.lost > 0) ? 'warn' : 'info' },
      info('Meldung', recovery.detail || '—'),
    );
  }
  if (store.markedForSalvage) entries.push({ label: 'Beschädigung während der Nutzung', value: 'Reparatur beim nächsten Start vorgemerkt', level: 'warn' });
  for (const file of store.keptFiles) entries.push({ label: 'Aufbewahrte beschädigte Datei', value: `${file.name} (${formatBytes(file.bytes)})`, level: 'warn' });
  return entries;
}

const SOURCE_TEXT: Record<SettingView['source'], string> = { policy: 'Richtlinie', user: 'Benutzer', default: 'Standard' };
const MAX_VALUE_CHARS = 300;

export { cleanUrl, scrub, USER_PLACEHOLDER } from '../log/scrub';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0).replace('.', ',')} ${units[unit]}`;
}

/** A setting's value as one short line: certificates as a count, long lists shortened. */
export function formatSettingValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => typeof item === 'string' && item.includes('-----BEGIN'))) return `${value.length} Zertifikat(e) (PEM)`;
  }
  if (typeof value === 'string' && value.includes('-----BEGIN')) return 'Zertifikat (PEM)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)} …` : text;
}

function probeEntry(label: string, outcome: ProbeOutcome): DiagnosticsEntry {
  return outcome.ok
    ? { label, value: `erreichbar – ${outcome.detail}`, level: 'ok' }
    : { label, value: `FEHLER (${outcome.code}) – ${outcome.detail}`, level: 'error' };
}

function section(id: string, title: string, entries: DiagnosticsEntry[]): DiagnosticsSection {
  return { id, title, entries };
}

const info = (label: string, value: string): DiagnosticsEntry => ({ label, value, level: 'info' });

/** Builds the report; every label and value is scrubbed. */
export function buildDiagnostics(input: DiagnosticsInput): DiagnosticsView {
  const { app, storage, vault, update } = input;
  const sections: DiagnosticsSection[] = [
    section('app', 'App', [
      info('Version', app.version),
      info('Ausführung', app.shell === 'electron' ? 'Desktop-App (Electron)' : 'Browsermodus (Entwicklung/Test)'),
      info('Betriebssystem', `${app.platform} ${app.osRelease} (${app.arch})`),
      info('Laufzeit', app.runtime),
      info('Datenordner', input.dataDir),
    ]),
    section(
      'policy',
      'Wirksame Einstellungen (Quelle)',
      input.settings.map((view) => ({
        label: view.key,
        value: `${formatSettingValue(view.value)}  [${SOURCE_TEXT[view.source]}${view.policyLocation ? `: ${view.policyLocation}` : ''}${view.locked ? ', gesperrt' : ''}]`,
        level: 'info' as const,
      })),
    ),
    section('policy-sources', 'Richtlinienquellen', [
      ...(input.policy.sources.length === 0
        ? [info('Quellen', 'keine Richtlinie gefunden (Standardwerte)')]
        : input.policy.sources.map((source) => info(`${source.kind}: ${source.location}`, source.keys.length ? source.keys.join(', ') : '(keine Schlüssel)'))),
      ...input.policy.problems.map((problem): DiagnosticsEntry => ({
        label: `Problem in ${problem.source}${problem.key ? ` (${problem.key})` : ''}`,
        value: problem.message,
        level: 'warn',
      })),
    ]),
    section(
      'portals',
      'Portale (Erreichbarkeit und Web-Services)',
      input.portals.length === 0
        ? [info('Portale', 'keine eingerichtet')]
        : input.portals.map((portal) => probeEntry(`${portal.url} (${portal.configuredBy === 'policy' ? 'Richtlinie' : 'Konto auf diesem Gerät'})`, portal.outcome)),
    ),
    section(
      'bbb',
      'BigBlueButton-Server',
      input.bbbHosts.length === 0 ? [info('Server', 'noch keine bekannt (kein Raum betreten, keine zusätzlichen Server per Richtlinie)')] : input.bbbHosts.map((host) => probeEntry(host.url, host.outcome)),
    ),
    section('updates', 'Updates', [
      info('Modus / Kanal', `${update.mode} / ${update.channel}`),
      info('Installationsart', update.installKind ?? 'keine (Browsermodus)'),
      info('Entscheidung', `${UPDATE_REASON_FOR_IT[update.reason]} (${update.reason})`),
      info('Status', update.state),
      update.availableVersion === null
        ? info('Neue Version', 'keine bekannt')
        : { label: 'Neue Version', value: `${update.availableVersion} verfügbar${update.state === 'downloaded' ? ' (geladen, wird beim Beenden installiert)' : ''}`, level: 'warn' },
      update.feedUrl === null
        ? info('Update-Server', 'keiner eingerichtet (weder per Richtlinie noch im Installationspaket)')
        : update.probe
          ? probeEntry(`Update-Server (${update.feedSource === 'policy' ? 'Richtlinie' : 'Installationspaket'}) ${update.probe.url}/${update.probe.file}`, update.probe.outcome)
          : info('Update-Server', update.feedUrl),
    ]),
    section('storage', 'Speicher', [
      info('Datenbank', formatBytes(storage.databaseBytes)),
      info('Dateien (Entwürfe, zwischengespeicherte Inhalte)', formatBytes(storage.filesBytes)),
      info('Protokolle', formatBytes(storage.logsBytes)),
      info('Gesamt', formatBytes(storage.databaseBytes + storage.filesBytes + storage.logsBytes)),
      info('Konten auf diesem Gerät', String(storage.accounts)),
      ...storage.folders.map((folder) => info(`Ordner ${folder.name}`, formatBytes(folder.bytes))),
    ]),
    ...(input.store ? [section('store', 'Datendatei', storeEntries(input.store))] : []),
    section('keyring', 'Schlüsselbund', [
      info('Anmeldedaten', vault.persistence === 'os-keyring' ? 'im Schlüsselbund des Systems gespeichert' : 'nur im Arbeitsspeicher (nach jedem Start neu anmelden)'),
      info('Backend', vault.backend ?? 'keins'),
      ...(vault.reason ? [info('Grund', vault.reason)] : []),
      ...(vault.foreignBackends.length
        ? [{ label: 'Gespeichert mit anderem Backend', value: vault.foreignBackends.join(', '), level: 'warn' as const }]
        : []),
    ]),
  ];
  const clean = (text: string) => scrub(text, input.homeDir);
  const scrubbed = sections.map((s) => ({ ...s, title: clean(s.title), entries: s.entries.map((e) => ({ ...e, label: clean(e.label), value: clean(e.value) })) }));
  const view = { generatedAt: input.generatedAt, sections: scrubbed, text: '' };
  return { ...view, text: formatDiagnosticsText(view) };
}

const LEVEL_MARK: Record<DiagnosticsLevel, string> = { ok: '[OK]    ', warn: '[WARN]  ', error: '[FEHLER]', info: '        ' };

/** Plain text for a ticket: one line per entry, sections as headings. */
export function formatDiagnosticsText(view: Pick<DiagnosticsView, 'generatedAt' | 'sections'>): string {
  const lines = ['SchulDesk – Diagnose', `Erstellt: ${new Date(view.generatedAt).toISOString()}`, ''];
  for (const s of view.sections) {
    lines.push(`== ${s.title} ==`);
    for (const entry of s.entries) lines.push(`${LEVEL_MARK[entry.level]} ${entry.label}: ${entry.value}`);
    lines.push('');
  }
  return lines.join('\n');
}
