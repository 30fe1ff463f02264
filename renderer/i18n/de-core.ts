/**
 * German texts of the first screen and everything bundled with it (the default language). The
 * screens' own texts that are not needed there (Kurse, Postausgang, IT) join when their screen loads
 * (feature-texts.ts); de.ts puts all together as the type every language must match.
 * Students are addressed with "du"; the fixed label for policy-locked settings keeps the wording
 * schools know from other managed software ("von Ihrer Schule festgelegt").
 */
import { assignmentsDe } from './assignments.de';
import { conferenceDe } from './conference.de';
import { syncDe } from './sync.de';
import { portalDe } from './portal.de';
import { errorTexts } from './errors';

export const deCore = {
  app: {
    name: 'SchulDesk',
    loading: 'SchulDesk wird geladen …',
    loadingScreen: 'Wird geladen …',
    chunkFailed: 'Dieser Teil von SchulDesk konnte nicht geladen werden.',
    skipLink: 'Zum Inhalt springen',
    navLabel: 'Hauptnavigation',
    statusLabel: 'Verbindungsstatus',
    versionLine: 'Version {{version}} · {{shell}}',
    shell: {
      electron: 'Desktop-App',
      browser: 'Browsermodus',
    },
  },
  nav: {
    start: 'Start',
    kurse: 'Kurse',
    aufgaben: 'Aufgaben',
    konferenzen: 'Konferenzen',
    einstellungen: 'Einstellungen',
    postausgang: 'Postausgang',
    datenschutz: 'Datenschutz',
    diagnose: 'Diagnose',
  },
  bridgeMissing: {
    title: 'SchulDesk läuft nicht',
    intro: 'Diese Seite ist nur die Oberfläche von SchulDesk. Sie braucht das SchulDesk-Programm im Hintergrund – und das ist gerade nicht verbunden.',
    howTo: 'So startest du SchulDesk:',
    stepInstalled: 'Auf einem Schulgerät: Öffne SchulDesk über das Startmenü oder den Programme-Ordner.',
    stepDeveloper: 'Beim Entwickeln: Führe im Projektordner npm start aus.',
    stepBrowser: 'Im Browsermodus (npm run web): Öffne die vollständige Adresse, die im Terminal steht – mit dem Teil #secret=… am Ende.',
  },
  appError: {
    title: 'Keine Verbindung zu SchulDesk',
    body: 'Die Oberfläche erreicht das SchulDesk-Programm nicht (Fehlercode: {{code}}). Läuft SchulDesk noch?',
    retry: 'Erneut versuchen',
  },
  connectivity: {
    checking: 'Verbindung wird geprüft …',
    online: 'Online',
    'portal-unreachable': 'Portal nicht erreichbar',
    offline: 'Offline',
    syncing: 'Wird abgeglichen …',
    lastSync: 'Stand: {{time}}',
    neverSynced: 'Noch nicht abgeglichen',
    announce: 'Verbindung: {{status}}',
    offlineHint: 'Du bist offline. Was schon auf dem Gerät ist, bleibt lesbar.',
  },
  start: {
    title: 'Willkommen bei SchulDesk',
    todayTitle: 'Heute',
    stand: 'Stand: {{time}} ({{age}})',
    standNever: 'Noch nicht abgeglichen – die Übersicht füllt sich nach dem ersten Abgleich mit dem Portal.',
    offlineStand: 'Offline: Du siehst den Stand vom {{time}} ({{age}}).',
    offlineNever: 'Offline, und noch nichts abgeglichen.',
    loading: 'Dein Tag wird geladen …',
    loadFailed: 'Die Übersicht konnte nicht geladen werden.',
    rooms: {
      title: 'Jetzt in Konferenzen',
      running: 'läuft',
      waiting: 'wartet auf Lehrkraft',
      join: 'Beitreten',
      joinLabel: '„{{name}}“ beitreten',
      none: 'Gerade läuft keine Konferenz.',
      loading: 'Konferenzen werden abgefragt …',
      unavailable: 'Ob gerade eine Konferenz läuft, sieht SchulDesk nur mit Verbindung zum Portal.',
      all: 'Alle Konferenzen',
    },
    deadlines: {
      title: 'Abgabetermine',
      none: 'Keine anstehenden Abgabetermine.',
      overdue: 'überfällig',
      due: 'fällig {{time}}',
      all: 'Alle Aufgaben',
    },
    outbox: {
      title: 'Postausgang',
      waiting_one: '{{count}} Abgabe wartet auf Versand',
      waiting_other: '{{count}} Abgaben warten auf Versand',
      reason: {
        offline: 'Das Portal ist gerade nicht erreichbar. SchulDesk sendet, sobald es wieder geht.',
        waiting: 'Bitte melde dich erneut an, dann wird gesendet.',
        failed: 'Nicht gesendet: {{error}}',
        conflict: 'Im Portal gibt es eine andere Fassung – bitte entscheide im Postausgang.',
        retry: 'Nächster Versuch um {{time}}.',
        due: 'Wird gleich gesendet.',
      },
      handin: 'Abgabe',
      save: 'Entwurf',
      open: 'Zum Postausgang',
    },
    news: {
      title: 'Neu seit deinem letzten Besuch',
      since: 'Letzter Besuch: {{time}}',
      none: 'Nichts Neues seit deinem letzten Besuch.',
      seen: 'Als gesehen markieren',
      seenDone: 'Als gesehen markiert.',
      kind: {
        material: { new: 'Neues Material', changed: 'Material geändert' },
        assignment: { new: 'Neue Aufgabe', changed: 'Aufgabe geändert' },
        grade: { new: 'Neue Bewertung', changed: 'Bewertung geändert' },
        feedback: { new: 'Neues Feedback', changed: 'Feedback geändert' },
      },
    },
    intro: 'SchulDesk bringt deine Lernplattform auf den Schul-Laptop – so, dass du auch dann weiterarbeiten kannst, wenn das Portal langsam oder gerade nicht erreichbar ist.',
    featuresTitle: 'Was SchulDesk für dich tut',
    features: {
      courses: 'Kurse und Materialien deiner Schule (Moodle) – geöffnete Inhalte bleiben auch offline lesbar.',
      assignments: 'Aufgaben offline bearbeiten: Entwürfe werden beim Tippen gesichert und gesendet, sobald das Portal wieder erreichbar ist.',
      conferences: 'Videokonferenzen (BigBlueButton) über das Portal deiner Schule – mit Kamera aus zu Beginn und ohne Aufzeichnung.',
      privacy: 'Datenschutz zuerst: SchulDesk sendet keine Nutzungsdaten und verbindet sich nur mit den Portalen deiner Schule.',
    },
    storeNotice: {
      salvaged:
        'Die Datendatei von SchulDesk war beschädigt. SchulDesk hat eine neue angelegt und daraus gerettet – Entwürfe: {{drafts}}, wartende Abgaben: {{outbox}}, Konten: {{accounts}}; Kurse und Aufgaben werden neu geladen.',
      'salvaged-newer-version':
        'Die Datendatei stammt von einer neueren SchulDesk-Version. SchulDesk hat eine neue angelegt und daraus gerettet – Entwürfe: {{drafts}}, wartende Abgaben: {{outbox}}, Konten: {{accounts}}; Kurse und Aufgaben werden neu geladen.',
      'started-empty':
        'Die Datendatei von SchulDesk war beschädigt und nicht mehr lesbar. SchulDesk hat mit einer leeren neu begonnen; die alte Datei ist für die IT aufbewahrt.',
      'damaged-restart':
        'Die Datendatei von SchulDesk ist beschädigt. Bitte starte SchulDesk neu: Beim Start wird sie repariert und deine Entwürfe werden gerettet.',
      dismiss: 'Verstanden',
    },
  },
  kurse: {
    title: 'Kurse',
    emptyTitle: 'Noch keine Kurse',
    emptyBody: 'Melde dich bei deiner Schule an, um deine Kurse und Materialien zu sehen.',
  },
  aufgaben: assignmentsDe,
  konferenzen: {
    title: 'Konferenzen',
    emptyTitle: 'Noch keine Konferenzen',
    emptyBody: 'Melde dich bei deiner Schule an, um die Videokonferenzen deiner Kurse zu sehen.',
    rulesTitle: 'Regeln für Videokonferenzen',
    rules: {
      noRecording: 'Nicht aufzeichnen – weder Bild noch Ton.',
      noListeners: 'Keine weiteren Personen mithören oder mitschauen lassen.',
      noPublic: 'Nicht an öffentlichen Orten teilnehmen.',
      mute: 'Das Mikrofon ausschalten, wenn du nicht sprichst.',
      noSensitive: 'Keine besonders schützenswerten Daten nennen, zum Beispiel zur Gesundheit.',
    },
  },
  loginPending: 'Die Anmeldung bei deiner Schule kommt mit einer der nächsten Versionen von SchulDesk.',
  // Error texts come from the one catalog (main sends codes and parameters).
  errors: errorTexts('de'),
  conference: conferenceDe,
  sync: syncDe,
  portal: portalDe,
};

