/** German texts of Einstellungen (setting labels, hints, choices, policy, updates); they load with the screens that show settings (app/route-texts.ts). */
export const settingsDe = {
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
};
