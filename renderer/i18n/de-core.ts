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
  settings: {
    title: 'Einstellungen',
    intro: 'Was deine Schule für dieses Gerät vorgibt, ist gesperrt und mit „von Ihrer Schule festgelegt“ markiert.',
    loading: 'Einstellungen werden geladen …',
    loadFailed: 'Die Einstellungen konnten nicht geladen werden.',
    retry: 'Erneut laden',
    lockedNote: 'von Ihrer Schule festgelegt',
    itOnlyNote: 'Kann nur die Schul-IT ändern',
    reset: 'Zurücksetzen',
    saved: 'Gespeichert: {{label}}',
    resetDone: 'Zurückgesetzt: {{label}}',
    saveFailed: '{{label}}: {{message}}',
    groups: {
      general: 'Allgemein',
      notifications: 'Benachrichtigungen',
      conference: 'Konferenzen',
      offline: 'Offline',
      device: 'Gerät',
      updates: 'Updates',
      portals: 'Schule und Portale',
      network: 'Netzwerk',
      other: 'Weitere Einstellungen',
    },
    values: {
      on: 'An',
      off: 'Aus',
      notSet: 'Nicht festgelegt (Standard)',
      emptyList: 'Keine',
      certificates_one: '{{count}} Zertifikat hinterlegt',
      certificates_other: '{{count}} Zertifikate hinterlegt',
    },
    units: {
      mb: 'MB',
      minutes: 'Minuten',
    },
    keys: {
      language: {
        label: 'Sprache der Oberfläche',
        hint: 'In dieser Sprache zeigt SchulDesk Menüs und Hinweise. Inhalte aus der Lernplattform bleiben in ihrer Sprache.',
      },
      portals: {
        label: 'Lernplattformen der Schule',
        hint: 'Die Moodle-Portale, mit denen sich SchulDesk verbinden darf.',
      },
      allowUserPortals: {
        label: 'Eigene Portale erlauben',
        hint: 'Ob zusätzlich eigene Moodle-Adressen hinzugefügt werden dürfen.',
      },
      ssoIdentityProviderOrigins: {
        label: 'Erlaubte Anmeldedienste',
        hint: 'Anmeldedienste (Single Sign-on), zu denen das Anmeldefenster weiterleiten darf. Leer: jeder über https.',
      },
      cameraGate: {
        label: 'Kamera erst nach Freigabe',
        hint: 'In jeder Videokonferenz ist die Kamera zuerst aus. Erst wenn du sie selbst einschaltest, darf die Konferenz sie benutzen.',
      },
      objectionForced: {
        label: 'Widerspruch gegen Bildübertragung für alle',
        hint: 'Wenn an: In Videokonferenzen lässt sich auf diesem Gerät keine Kamera öffnen (Widerspruch nach Art. 21 DSGVO).',
      },
      localRecordingForModerators: {
        label: 'Lokale Aufzeichnung durch Moderierende',
        hint: 'Ob die Konferenzseite für Lehrkräfte als Moderierende aufnehmen darf (MediaRecorder, captureStream). Inhaltsschutz des Fensters und Download-Sperre bleiben. Für alle anderen bleibt Aufnehmen gesperrt.',
      },
      screenSharingRoles: {
        label: 'Bildschirmfreigabe erlaubt für',
        hint: 'Wer in Videokonferenzen den eigenen Bildschirm teilen darf.',
      },
      recorderDetection: {
        label: 'Erkennung von Aufnahmeprogrammen',
        hint: 'Was passiert, wenn während einer Konferenz ein bekanntes Aufnahmeprogramm läuft.',
      },
      extraBbbHosts: {
        label: 'Zusätzliche BigBlueButton-Server',
        hint: 'Weitere Konferenzserver, die das Konferenzfenster laden darf.',
      },
      offlineEnabled: {
        label: 'Inhalte offline speichern',
        hint: 'Dateien aus Kursen und Aufgaben bleiben auf diesem Gerät und öffnen sich auch ohne Verbindung. Ist es aus, bewahrt SchulDesk keine Dateien auf. Entwürfe werden immer gesichert.',
      },
      offlineStorageBudgetMb: {
        label: 'Speicherplatz für Offline-Inhalte',
        hint: 'So viel Platz dürfen offline gespeicherte Inhalte höchstens belegen. Entwürfe werden nie entfernt.',
      },
      prefetch: {
        label: 'Inhalte vorab laden',
        hint: 'Was SchulDesk beim Synchronisieren im Hintergrund lädt, damit es offline bereitsteht. Wirkt nur, wenn Inhalte offline gespeichert werden.',
      },
      sharedDevice: {
        label: 'Gemeinsam genutztes Gerät',
        hint: 'Ein Leihgerät für mehrere Personen: Beim Abmelden werden deine Daten entfernt, sobald deine Arbeit gesendet ist.',
      },
      idleLogoutMinutes: {
        label: 'Automatische Abmeldung nach',
        hint: 'Ohne Eingabe wirst du nach dieser Zeit abgemeldet. Ungesendete Entwürfe bleiben erhalten.',
      },
      dataDirectory: {
        label: 'Datenordner',
        hint: 'Wo SchulDesk deine Entwürfe, den Postausgang und Kursinhalte auf diesem Gerät speichert. Legt die Schul-IT fest.',
      },
      updateMode: {
        label: 'Art der Updates',
        hint: 'Wie SchulDesk neue Versionen bekommt.',
      },
      updateUrl: {
        label: 'Eigener Update-Server',
        hint: 'Adresse, von der SchulDesk Updates lädt, wenn die Schule einen eigenen Server betreibt.',
      },
      updateChannel: {
        label: 'Update-Kanal',
        hint: 'Freigegebene Versionen oder Vorabversionen zum Testen.',
      },
      notifications: {
        label: 'Benachrichtigungen',
        hint: 'Hinweise des Systems, zum Beispiel wenn eine Abgabe gesendet wurde oder eine Konferenz beginnt.',
      },
      deadlineNotifications: {
        label: 'Erinnerung an Abgabefristen',
        hint: 'Erinnert vor Fristende an Aufgaben, die noch offen sind. Wirkt nur, wenn Benachrichtigungen an sind.',
      },
      trustedCaCertificates: {
        label: 'Zusätzliche vertrauenswürdige Zertifizierungsstellen',
        hint: 'Zertifikate, denen SchulDesk zusätzlich vertraut, etwa für einen Filter im Schulnetz.',
      },
      maxDownloadMb: {
        label: 'Größte Datei zum Herunterladen',
        hint: 'Größere Dateien lädt SchulDesk nicht herunter, sondern zeigt einen Hinweis.',
      },
    },
    choices: {
      language: { de: 'Deutsch', en: 'English' },
      screenSharingRoles: { moderator: 'Moderierende', viewer: 'Teilnehmende' },
      recorderDetection: { off: 'Aus', warn: 'Hinweis anzeigen', leave: 'Konferenz verlassen' },
      prefetch: { off: 'Nur Geöffnetes', assignments: 'Aufgaben mit Anhängen', all: 'Alle Kursdateien (soweit Platz ist)' },
      updateMode: { auto: 'Automatisch', notify: 'Nur Hinweis auf neue Versionen', off: 'Aus (die Schul-IT verteilt Updates)' },
      updateChannel: { latest: 'Freigegebene Versionen', beta: 'Vorabversionen (Beta)' },
    },
    updateStatus: {
      title: 'Version und Updates',
      version: 'Installierte Version: {{version}}',
      unknown: 'Der Update-Status ist gerade nicht bekannt.',
      available: 'SchulDesk {{version}} ist verfügbar.',
      managed: 'Deine Schule installiert neue Versionen auf diesem Gerät. Du musst nichts tun.',
      notify: 'Neue Versionen werden auf diesem Gerät nicht automatisch installiert. Deine Schule sagt dir, wie du sie bekommst.',
      downloaded: 'SchulDesk {{version}} ist geladen und wird beim Beenden installiert.',
      checkedAt: 'Zuletzt geprüft: {{time}}',
      error: 'Letzte Prüfung fehlgeschlagen: {{message}}',
    },
    policy: {
      title: 'Richtlinie',
      intro: 'Eine Richtlinie sind die Vorgaben, die die Schul-IT für dieses Gerät hinterlegt hat.',
      sourcesTitle: 'Quellen',
      noSources: 'Auf diesem Gerät ist keine Richtlinie hinterlegt.',
      sourceKeys: 'Legt fest: {{keys}}',
      sourceNoKeys: 'Legt nichts fest.',
      kinds: {
        file: 'Richtliniendatei',
        'linux-managed': 'Richtlinienordner (Linux)',
        'windows-registry': 'Windows-Registrierung',
        'macos-managed': 'macOS-Profil',
        other: 'Quelle ({{kind}})',
      },
      valuesTitle: 'Festgelegte Werte',
      noValues: 'Die Richtlinie legt keinen Wert fest.',
      valueSetIn: 'Festgelegt in',
      problemsTitle: 'Probleme',
      noProblems: 'Keine Probleme',
      problemKey: 'Schlüssel: {{key}}',
      problemsInGerman: 'Die Meldungen sind für die Schul-IT auf Deutsch.',
    },
  },
  // Error texts come from the one catalog (main sends codes and parameters).
  errors: errorTexts('de'),
  conference: conferenceDe,
  sync: syncDe,
  portal: portalDe,
};

