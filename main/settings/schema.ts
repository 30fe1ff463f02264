import {
  booleanType,
  choiceType,
  integerType,
  listType,
  nullableType,
  originType,
  sameOriginKey,
  folderPathType,
  pemCertificateType,
  portalEntry,
  urlType,
} from './value-types';
import type { Localized, SettingType } from './value-types';

/**
 * The one schema for every SchulDesk setting. The same key is the JSON key in
 * /etc/schuldesk/policies/managed/*.json, the registry value name under
 * HKLM\SOFTWARE\Policies\SchulDesk and the key in the macOS managed-preferences plist.
 * Effective value: machine policy (locked) > user value (only if `userEditable`) > `defaultValue`.
 *
 * To add a setting: append one `defineSetting({...})` below (order = order in the settings list,
 * docs and ADMX), add the key to resources/policy/linux-example.json (a test insists), and read it
 * in main with `settings.get('yourKey')`, then run `npm run docs:policy` to regenerate
 * docs/policy-keys.md and the ADMX/ADML and macOS templates (a test fails while they are stale).
 * Labels and descriptions are user and admin facing: they feed those files, so write them as full sentences.
 */

/** Groups become ADMX categories and sections in the docs. */
export type SettingGroup = 'general' | 'portals' | 'conference' | 'offline' | 'device' | 'updates' | 'notifications' | 'network';

export const SETTING_GROUPS: Record<SettingGroup, Localized> = {
  general: { de: 'Allgemein', en: 'General' },
  portals: { de: 'Lernplattformen', en: 'Learning platforms' },
  conference: { de: 'Videokonferenzen (BigBlueButton)', en: 'Video conferences (BigBlueButton)' },
  offline: { de: 'Offline-Arbeit', en: 'Working offline' },
  device: { de: 'Gerät und Anmeldung', en: 'Device and sign-in' },
  updates: { de: 'Updates', en: 'Updates' },
  notifications: { de: 'Benachrichtigungen', en: 'Notifications' },
  network: { de: 'Netzwerk und Sicherheit', en: 'Network and security' },
};

export interface SettingDefinition<K extends string = string, T = unknown> {
  readonly key: K;
  readonly type: SettingType<T>;
  readonly defaultValue: T;
  /** False: only IT (policy) can set it; a stored user value is ignored. */
  readonly userEditable: boolean;
  readonly group: SettingGroup;
  readonly label: Localized;
  readonly description: Localized;
}

/** `T` comes from the type alone, so a default like `[]` cannot narrow it. */
function defineSetting<const K extends string, T>(
  definition: Omit<SettingDefinition<K, T>, 'defaultValue'> & { defaultValue: NoInfer<T> },
): SettingDefinition<K, T> {
  return definition;
}

export const SETTINGS = [
  defineSetting({
    key: 'language',
    type: choiceType(['de', 'en']),
    defaultValue: 'de',
    userEditable: true,
    group: 'general',
    label: { de: 'Sprache der Oberfläche', en: 'User interface language' },
    description: {
      de: 'Sprache, in der SchulDesk Menüs, Hinweise und Meldungen anzeigt: „de“ für Deutsch, „en“ für Englisch. Inhalte der Lernplattform erscheinen weiter in der Sprache, die dort eingestellt ist.',
      en: 'Language of SchulDesk menus, notices and messages: "de" for German, "en" for English. Content from the learning platform keeps the language set there.',
    },
  }),
  defineSetting({
    key: 'portals',
    type: listType(portalEntry(), { max: 20, uniqueBy: (portal) => sameOriginKey(portal.url) }),
    defaultValue: [],
    userEditable: false,
    group: 'portals',
    label: { de: 'Lernplattformen der Schule', en: 'School learning platforms' },
    description: {
      de: 'Die Moodle-Portale, die SchulDesk zur Anmeldung anbietet, jeweils mit Anzeigename („name“) und Adresse („url“, https). SchulDesk verbindet sich nur mit diesen Portalen und – falls „allowUserPortals“ es erlaubt – mit selbst hinzugefügten.',
      en: 'The Moodle portals SchulDesk offers for sign-in, each with a display name ("name") and address ("url", https). SchulDesk connects only to these portals and, if "allowUserPortals" permits it, to portals the user adds.',
    },
  }),
  defineSetting({
    key: 'allowUserPortals',
    type: booleanType(),
    defaultValue: true,
    userEditable: false,
    group: 'portals',
    label: { de: 'Eigene Portale erlauben', en: 'Allow user-added portals' },
    description: {
      de: 'Legt fest, ob Nutzerinnen und Nutzer zusätzlich zu den vorgegebenen Portalen eigene Moodle-Adressen hinzufügen dürfen. Bei false verwendet SchulDesk ausschließlich die unter „portals“ festgelegten Portale.',
      en: 'Whether users may add their own Moodle addresses in addition to the configured portals. If false, SchulDesk uses only the portals listed in "portals".',
    },
  }),
  defineSetting({
    key: 'ssoIdentityProviderOrigins',
    type: listType(originType(), { max: 50, uniqueBy: (origin) => origin }),
    defaultValue: [],
    userEditable: false,
    group: 'portals',
    label: { de: 'Erlaubte Anmeldedienste (Single Sign-on)', en: 'Allowed sign-in services (single sign-on)' },
    description: {
      de: 'Herkünfte der Anmeldedienste (Identity Provider, https://rechnername[:port], ohne Pfad), zu denen das Anmeldefenster von SchulDesk bei der Anmeldung über die Schulseite weiterleiten darf – etwa der Login des Landes oder des Schulträgers. Leer (Standard): jeder Anmeldedienst über https, den das Portal nutzt. Das Portal selbst ist immer erlaubt. Nur das Portal und die hier genannten Anmeldedienste erhalten ein Client-Zertifikat des Geräts (ohne Liste nur das Portal); Symbole von Anmeldediensten lädt SchulDesk mit Liste nur von diesen Herkünften.',
      en: 'Origins of the sign-in services (identity providers, https://hostname[:port], no path) the SchulDesk sign-in window may be redirected to when signing in through the school portal, for example the state or school authority login. Empty (default): any sign-in service over https the portal uses. The portal itself is always allowed. Only the portal and the services listed here receive a client certificate of the device (without a list, only the portal); with a list, SchulDesk loads sign-in service icons only from these origins.',
    },
  }),
  defineSetting({
    key: 'cameraGate',
    type: booleanType(),
    defaultValue: true,
    userEditable: false,
    group: 'conference',
    label: { de: 'Kamera erst nach Freigabe', en: 'Camera only after explicit consent' },
    description: {
      de: 'Bei true ist die Kamera in jeder Videokonferenz zunächst aus; erst wenn die Schülerin oder der Schüler sie ausdrücklich einschaltet, darf die Konferenzseite sie öffnen. Das setzt die Nutzungsregel „Kamera standardmäßig aus“ um. Bei false entscheidet allein die Konferenzseite.',
      en: 'If true, the camera is off at the start of every video conference; the conference page may open it only after the student explicitly turns it on. This implements the usage rule "camera off by default". If false, the conference page alone decides.',
    },
  }),
  defineSetting({
    key: 'objectionForced',
    type: booleanType(),
    defaultValue: false,
    userEditable: false,
    group: 'conference',
    label: { de: 'Widerspruch gegen Bildübertragung für alle', en: 'Objection to video transmission for everyone' },
    description: {
      de: 'Bei true gilt für alle Konten auf diesem Gerät ein Widerspruch nach Art. 21 DSGVO gegen die Übertragung des eigenen Kamerabilds: In Videokonferenzen lässt sich keine Kamera öffnen, gleich was die Konferenzseite versucht. Der Widerspruch, den jede Person selbst einlegen kann, bleibt davon unberührt.',
      en: 'If true, an objection under Art. 21 GDPR to transmitting one\'s own camera image applies to every account on this device: no camera can be opened in video conferences, whatever the conference page tries. Each person\'s own objection remains available regardless.',
    },
  }),
  defineSetting({
    key: 'localRecordingForModerators',
    type: booleanType(),
    defaultValue: false,
    userEditable: false,
    group: 'conference',
    label: { de: 'Lokale Aufzeichnung durch Moderierende', en: 'Local recording by moderators' },
    description: {
      de: 'Bei true sperrt SchulDesk für Moderierende (in der Regel Lehrkräfte) MediaRecorder und captureStream() in der Konferenzseite nicht, sodass Aufnahmefunktionen der Seite selbst für sie laufen. Der Inhaltsschutz des Konferenzfensters gegen Bildschirmaufnahmen und die Sperre aller Downloads bleiben auch für sie bestehen: Eine Aufnahme lässt sich nicht aus der Seite herunterladen. Für alle anderen Teilnehmenden bleiben MediaRecorder und captureStream() gesperrt.',
      en: 'If true, SchulDesk does not block MediaRecorder and captureStream() in the conference page for moderators (usually teachers), so the page\'s own recording features work for them. The conference window\'s content protection against screen capture and the block on all downloads stay in place for them too: a recording cannot be downloaded from the page. For all other participants MediaRecorder and captureStream() stay blocked.',
    },
  }),
  defineSetting({
    key: 'screenSharingRoles',
    type: listType(choiceType(['moderator', 'viewer']), { max: 2, uniqueBy: (role) => role }),
    defaultValue: ['moderator'],
    userEditable: false,
    group: 'conference',
    label: { de: 'Bildschirmfreigabe erlaubt für', en: 'Screen sharing allowed for' },
    description: {
      de: 'Rollen in BigBlueButton, die ihren Bildschirm teilen dürfen: „moderator“ (Moderierende) und/oder „viewer“ (Teilnehmende). Eine leere Liste sperrt die Bildschirmfreigabe für alle.',
      en: 'BigBlueButton roles allowed to share their screen: "moderator" and/or "viewer" (participants). An empty list blocks screen sharing for everyone.',
    },
  }),
  defineSetting({
    key: 'recorderDetection',
    type: choiceType(['off', 'warn', 'leave']),
    defaultValue: 'warn',
    userEditable: false,
    group: 'conference',
    label: { de: 'Erkennung von Aufnahmeprogrammen', en: 'Detection of recording software' },
    description: {
      de: 'Was SchulDesk tut, wenn während einer Videokonferenz bekannte Aufnahme- oder Fernwartungsprogramme laufen: „off“ (nichts), „warn“ (Hinweis anzeigen), „leave“ (Konferenz verlassen). Die Erkennung schreckt ab, ist aber kein sicherer Schutz; protokolliert wird nur, dass etwas erkannt wurde.',
      en: 'What SchulDesk does when known recording or remote-control software runs during a video conference: "off" (nothing), "warn" (show a notice), "leave" (leave the conference). Detection deters but is no reliable protection; only the fact of a detection is logged.',
    },
  }),
  defineSetting({
    key: 'extraBbbHosts',
    type: listType(originType(), { max: 50, uniqueBy: (origin) => sameOriginKey(origin) }),
    defaultValue: [],
    userEditable: false,
    group: 'conference',
    label: { de: 'Zusätzliche BigBlueButton-Server', en: 'Additional BigBlueButton servers' },
    description: {
      de: 'Herkünfte weiterer BigBlueButton-Server (https://rechnername[:port], ohne Pfad), die das Konferenzfenster zusätzlich zu den von den Portalen genannten Servern laden darf – etwa wenn das Beitreten über einen Lastverteiler auf einen anderen Server weiterleitet. Namen mit Umlauten dürfen in Unicode (https://bbb.schüle.de) oder Punycode (https://bbb.xn--schle-mva.de) stehen; verglichen wird die Punycode-Form.',
      en: 'Origins of further BigBlueButton servers (https://hostname[:port], no path) the conference window may load in addition to the servers named by the portals, for example when joining redirects through a load balancer to another server. Names with umlauts may be written in Unicode (https://bbb.schüle.de) or punycode (https://bbb.xn--schle-mva.de); they are compared in punycode form.',
    },
  }),
  defineSetting({
    key: 'offlineEnabled',
    type: booleanType(),
    defaultValue: true,
    userEditable: false,
    group: 'offline',
    label: { de: 'Inhalte offline speichern', en: 'Keep content offline' },
    description: {
      de: 'Bei true bewahrt SchulDesk Dateien aus Kursen und Aufgaben auf dem Gerät auf – geöffnete, vorab geladene (siehe „prefetch“) und die von Kursen, die als „Offline verfügbar“ markiert sind –, damit sie ohne Verbindung oder bei ausgefallenem Portal geöffnet werden können. Bei false lädt SchulDesk nichts vorab, bietet „Offline verfügbar“ nicht an und löscht beim Start alle aufbewahrten Dateien; eine geöffnete Datei wird nur zum Anzeigen geladen und beim nächsten Start gelöscht. Die Übersichten (Kurse, Aufgaben mit Beschreibung, Fristen, Abgabestatus) speichert SchulDesk in beiden Fällen. Entwürfe von Abgaben und der Postausgang werden in beiden Fällen gesichert, bis sie gesendet sind.',
      en: 'If true, SchulDesk keeps files from courses and assignments on the device (opened ones, those downloaded in advance, see "prefetch", and those of courses marked "Available offline") so they open without a connection or while the portal is down. If false, SchulDesk downloads nothing in advance, does not offer "Available offline" and deletes all kept files at start; an opened file is downloaded only to show it and deleted at the next start. The overviews (courses, assignments with their description, deadlines, submission status) are stored either way. Drafts of submissions and the outbox are kept until sent either way.',
    },
  }),
  defineSetting({
    key: 'offlineStorageBudgetMb',
    type: integerType(50, 20_000),
    defaultValue: 1024,
    userEditable: false,
    group: 'offline',
    label: { de: 'Speicherplatz für Offline-Inhalte (MB)', en: 'Storage for offline content (MB)' },
    description: {
      de: 'Höchstens so viele Megabyte belegen offline gespeicherte Inhalte auf diesem Gerät. Ist die Grenze erreicht, entfernt SchulDesk zuerst die am längsten nicht geöffneten Inhalte; Entwürfe werden nie entfernt. Erlaubt: 50 bis 20000.',
      en: 'Offline content on this device uses at most this many megabytes. When the limit is reached, SchulDesk removes the content opened least recently first; drafts are never removed. Allowed: 50 to 20000.',
    },
  }),
  defineSetting({
    key: 'prefetch',
    type: choiceType(['off', 'assignments', 'all']),
    defaultValue: 'assignments',
    userEditable: true,
    group: 'offline',
    label: { de: 'Inhalte vorab laden', en: 'Download content in advance' },
    description: {
      de: 'Welche Dateien SchulDesk bei der regelmäßigen Synchronisierung im Hintergrund vorab lädt, damit sie offline bereitstehen: „off“ (nur, was geöffnet oder als „Offline verfügbar“ markiert wurde), „assignments“ (zusätzlich die Anhänge aller Aufgaben), „all“ (zusätzlich die Dateien aller Kurse, soweit der Speicherplatz für Offline-Inhalte noch frei ist; dafür wird nichts anderes entfernt). Wirkt nur, wenn „offlineEnabled“ true ist. Die Synchronisierung ist zeitlich gestreut, damit das Portal nicht überlastet wird.',
      en: 'Which files SchulDesk downloads in the background during the regular sync so they are available offline: "off" (only what was opened or marked "Available offline"), "assignments" (also the attachments of all assignments), "all" (also the files of all courses, as far as the storage for offline content still has room; nothing else is removed for them). Works only while "offlineEnabled" is true. The sync is spread over time so the portal is not overloaded.',
    },
  }),
  defineSetting({
    key: 'sharedDevice',
    type: booleanType(),
    defaultValue: false,
    userEditable: false,
    group: 'device',
    label: { de: 'Gemeinsam genutztes Gerät', en: 'Shared device' },
    description: {
      de: 'Bei true gilt das Gerät als Leihgerät, das mehrere Schülerinnen und Schüler nacheinander nutzen: SchulDesk bietet keine dauerhafte Anmeldung an und entfernt beim Abmelden die Daten der Person vom Gerät, sobald ihre ungesendete Arbeit übertragen ist.',
      en: 'If true, the device is treated as a loaner used by several students in turn: SchulDesk offers no persistent sign-in and removes the person\'s data from the device at sign-out, once their unsent work has been delivered.',
    },
  }),
  defineSetting({
    key: 'idleLogoutMinutes',
    type: integerType(0, 480),
    defaultValue: 0,
    userEditable: false,
    group: 'device',
    label: { de: 'Automatische Abmeldung nach Inaktivität (Minuten)', en: 'Automatic sign-out after inactivity (minutes)' },
    description: {
      de: 'Meldet die angemeldete Person nach so vielen Minuten ohne Eingabe ab; ungesendete Entwürfe bleiben erhalten. 0 schaltet die automatische Abmeldung aus. Erlaubt: 0 bis 480.',
      en: 'Signs the current person out after this many minutes without input; unsent drafts are kept. 0 turns automatic sign-out off. Allowed: 0 to 480.',
    },
  }),
  defineSetting({
    key: 'dataDirectory',
    type: nullableType(folderPathType('%LOCALAPPDATA%\\SchulDesk')),
    defaultValue: null,
    userEditable: false,
    group: 'device',
    label: { de: 'Datenordner', en: 'Data folder' },
    description: {
      de: 'Ordner, in dem SchulDesk Entwürfe, Postausgang, Kursinhalte und Einstellungen speichert – etwa auf der lokalen Festplatte statt im servergespeicherten (Roaming-)Profil. Wird vor dem Öffnen der Daten gelesen. Absoluter Pfad; Umgebungsvariablen werden beim Start ersetzt: %NAME% unter Windows (z. B. %LOCALAPPDATA%\\SchulDesk), $NAME oder ${NAME} unter macOS/Linux. Fehlt der Ordner, legt SchulDesk ihn an; lässt er sich nicht anlegen oder nicht beschreiben, nennt SchulDesk ihn in einer Meldung und startet nicht. Vorhandene Daten werden nicht verschoben. Das Protokoll und die Browserdaten bleiben im Standardordner. null: der Standardordner des Betriebssystems.',
      en: 'Folder where SchulDesk keeps drafts, the outbox, course content and settings – for example on the local disk instead of the roaming profile. Read before the data is opened. Absolute path; environment variables are replaced at start: %NAME% on Windows (e.g. %LOCALAPPDATA%\\SchulDesk), $NAME or ${NAME} on macOS/Linux. If the folder is missing, SchulDesk creates it; if it cannot be created or written, SchulDesk names it in a message and does not start. Existing data is not moved. The log and the browser data stay in the default folder. null: the operating system\'s default folder.',
    },
  }),
  defineSetting({
    key: 'updateMode',
    type: choiceType(['auto', 'notify', 'off']),
    defaultValue: 'auto',
    userEditable: false,
    group: 'updates',
    label: { de: 'Art der Updates', en: 'Update mode' },
    description: {
      de: 'Wie SchulDesk neue Versionen erhält: „auto“ (automatisch laden und beim Beenden installieren), „notify“ (nur auf neue Versionen hinweisen), „off“ (keine Prüfung – die Schul-IT verteilt neue Versionen, z. B. per MSI oder PKG).',
      en: 'How SchulDesk receives new versions: "auto" (download automatically and install on quit), "notify" (only point out new versions), "off" (no checks; school IT deploys new versions, e.g. via MSI or PKG).',
    },
  }),
  defineSetting({
    key: 'updateUrl',
    type: nullableType(urlType('https://updates.schule.de/schuldesk')),
    defaultValue: null,
    userEditable: false,
    group: 'updates',
    label: { de: 'Eigener Update-Server', en: 'Custom update server' },
    description: {
      de: 'Adresse (https) eines eigenen Update-Servers, etwa eines Spiegels im Schulnetz. null: der im Installationspaket hinterlegte Server.',
      en: 'Address (https) of a custom update server, such as a mirror in the school network. null: the server configured in the installation package.',
    },
  }),
  defineSetting({
    key: 'updateChannel',
    type: choiceType(['latest', 'beta']),
    defaultValue: 'latest',
    userEditable: false,
    group: 'updates',
    label: { de: 'Update-Kanal', en: 'Update channel' },
    description: {
      de: '„latest“ für freigegebene Versionen, „beta“ für Vorabversionen. „beta“ nur auf Testgeräten verwenden.',
      en: '"latest" for released versions, "beta" for pre-releases. Use "beta" on test devices only.',
    },
  }),
  defineSetting({
    key: 'notifications',
    type: booleanType(),
    defaultValue: true,
    userEditable: true,
    group: 'notifications',
    label: { de: 'Benachrichtigungen', en: 'Notifications' },
    description: {
      de: 'Zeigt Systembenachrichtigungen, zum Beispiel wenn eine Abgabe gesendet wurde oder eine Videokonferenz beginnt.',
      en: 'Shows system notifications, for example when a submission was sent or a video conference starts.',
    },
  }),
  defineSetting({
    key: 'deadlineNotifications',
    type: booleanType(),
    defaultValue: true,
    userEditable: true,
    group: 'notifications',
    label: { de: 'Erinnerung an Abgabefristen', en: 'Deadline reminders' },
    description: {
      de: 'Erinnert vor dem Ende einer Abgabefrist an Aufgaben, die noch nicht abgegeben sind. Wirkt nur, wenn Benachrichtigungen eingeschaltet sind.',
      en: 'Reminds you of assignments not yet submitted before their deadline ends. Works only while notifications are on.',
    },
  }),
  defineSetting({
    key: 'trustedCaCertificates',
    type: listType(pemCertificateType(), { max: 20 }),
    defaultValue: [],
    userEditable: false,
    group: 'network',
    label: { de: 'Zusätzliche vertrauenswürdige Zertifizierungsstellen', en: 'Additional trusted certificate authorities' },
    description: {
      de: 'Zertifikate von Zertifizierungsstellen im PEM-Format (je Eintrag genau eines), denen SchulDesk zusätzlich vertraut – etwa für einen Proxy im Schulnetz, der HTTPS-Verbindungen prüft. Sie gelten für alle Verbindungen zu Portalen, Dateien, Update- und BigBlueButton-Servern. Auch nötig, wenn die Zertifizierungsstelle schon im Zertifikatspeicher des Betriebssystems liegt: Die Anmelde- und Konferenzfenster nutzen diesen Speicher, die Datenverbindungen der App dagegen die in SchulDesk eingebaute Liste. In den Anmelde- und Konferenzfenstern und für Updates gilt eine Zertifizierungsstelle nur, wenn sie selbst und jedes Zwischenzertifikat keine Namensbeschränkungen (nameConstraints) enthalten – solche werden dort nicht geprüft, sondern abgelehnt – und die Kette mindestens SHA-256 sowie RSA-Schlüssel ab 2048 Bit oder EC-Schlüssel (P-256, P-384, P-521) nutzt; das Server-Zertifikat muss den Hostnamen im subjectAltName nennen (nicht nur im CN, keine Teil-Platzhalter wie p*.schule.example) und, falls es eine erweiterte Schlüsselverwendung hat, serverAuth enthalten. Nur eintragen, wenn es unbedingt nötig ist.',
      en: 'Certificate authority certificates in PEM format (exactly one per entry) that SchulDesk trusts in addition, for example for a school network proxy that inspects HTTPS connections. They apply to every connection to portals, files, update and BigBlueButton servers. Needed even when the authority is already in the operating system\'s certificate store: the sign-in and conference windows use that store, but the app\'s data connections use the list built into SchulDesk. In the sign-in and conference windows and for updates an authority counts only if neither it nor any intermediate certificate carries name constraints (nameConstraints) – those are not evaluated there but refused – and the chain uses at least SHA-256 and RSA keys of 2048 bits or more or EC keys (P-256, P-384, P-521); the server certificate must name the host in subjectAltName (not only in the CN, no partial wildcards such as p*.schule.example) and, if it has an extended key usage, include serverAuth. Add only when strictly necessary.',
    },
  }),
  defineSetting({
    key: 'maxDownloadMb',
    type: integerType(1, 10_000),
    defaultValue: 500,
    userEditable: false,
    group: 'network',
    label: { de: 'Größte Datei zum Herunterladen (MB)', en: 'Largest file to download (MB)' },
    description: {
      de: 'Höchstgröße einer einzelnen Datei in Megabyte, die SchulDesk aus einem Kurs herunterlädt oder offline speichert. Bei größeren Dateien zeigt SchulDesk stattdessen einen Hinweis. Erlaubt: 1 bis 10000.',
      en: 'Largest single file in megabytes that SchulDesk downloads from a course or keeps offline. For larger files SchulDesk shows a notice instead. Allowed: 1 to 10000.',
    },
  }),
] as const;

export type AnySettingDefinition = (typeof SETTINGS)[number];
export type SettingKey = AnySettingDefinition['key'];
export type SettingDefinitionFor<K extends SettingKey> = Extract<AnySettingDefinition, { key: K }>;

/** Values handed out are frozen; the type says so, so no caller mutates a shared default by accident. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
    : T;

export type SettingValue<K extends SettingKey> = DeepReadonly<SettingDefinitionFor<K>['defaultValue']>;

export const SETTING_KEYS: readonly SettingKey[] = SETTINGS.map((definition) => definition.key);

const BY_KEY = new Map<string, AnySettingDefinition>(SETTINGS.map((definition) => [definition.key, definition]));

export function isSettingKey(key: string): key is SettingKey {
  return BY_KEY.has(key);
}

export function settingDefinition(key: string): AnySettingDefinition | undefined {
  return BY_KEY.get(key);
}
