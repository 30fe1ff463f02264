/**
 * Every error code that may reach the user, with its German and English text — the one catalog.
 * Main throws and sends only a code plus parameters (UserFacingError, ApiErrorPayload); the
 * renderer translates it through i18n (renderer/i18n/de.ts and en.ts take `errors` from here).
 * Texts use i18next's `{{name}}` placeholders; a `detail` parameter the text does not name is
 * appended (a portal's own maintenance note, the list of draft problems), and so is `target`
 * (where a refused redirect leads) after its label.
 * Like every contract file it imports nothing, so main, preload and renderer share it.
 * Longer than 400 lines on purpose: it is one table, and one place is the point.
 */

type Texts = { de: string; en: string };

/** Talking to the Moodle portal (main/portal/errors.ts: PortalError). */
export const PORTAL_ERROR_TEXTS = {
  // --- reaching the portal ---
  offline: { de: 'Keine Internetverbindung.', en: 'No internet connection.' },
  'host-not-found': {
    de: 'Die Adresse des Portals wurde nicht gefunden. Bitte die Schreibweise prüfen.',
    en: 'The portal address could not be found. Please check the spelling.',
  },
  'connection-failed': { de: 'Das Portal ist nicht erreichbar.', en: 'The portal cannot be reached.' },
  'response-interrupted': { de: 'Die Verbindung zum Portal brach während der Antwort ab.', en: 'The connection to the portal broke off during the answer.' },
  timeout: { de: 'Das Portal antwortet nicht rechtzeitig.', en: 'The portal is not answering in time.' },
  'server-error': { de: 'Das Portal meldet einen Serverfehler. Bitte später erneut versuchen.', en: 'The portal reports a server error. Please try again later.' },
  'server-overloaded': {
    de: 'Das Portal ist gerade überlastet. SchulDesk versucht es später erneut.',
    en: 'The portal is overloaded right now. SchulDesk will try again later.',
  },
  'circuit-open': {
    de: 'Das Portal hat wiederholt nicht geantwortet. SchulDesk wartet kurz, bevor es es erneut versucht.',
    en: 'The portal failed repeatedly. SchulDesk waits a moment before trying again.',
  },
  'request-budget-exhausted': {
    de: 'Zu viele Anfragen an das Portal in kurzer Zeit. SchulDesk versucht es gleich erneut.',
    en: 'Too many requests to the portal in a short time. SchulDesk will try again shortly.',
  },
  'response-too-large': { de: 'Die Antwort des Portals ist zu groß.', en: 'The portal’s answer is too large.' },
  aborted: { de: 'Die Anfrage wurde abgebrochen.', en: 'The request was cancelled.' },
  'tls-certificate-expired': {
    de: 'Das Sicherheitszertifikat des Portals ist abgelaufen (oder die Uhr dieses Geräts geht falsch).',
    en: 'The portal’s security certificate has expired (or this device’s clock is wrong).',
  },
  'tls-certificate-untrusted': {
    de: 'Dem Sicherheitszertifikat des Portals wird nicht vertraut. Die Verbindung wurde nicht aufgebaut.',
    en: 'The portal’s security certificate is not trusted. The connection was not made.',
  },
  'tls-hostname-mismatch': {
    de: 'Das Sicherheitszertifikat gehört zu einer anderen Adresse. Die Verbindung wurde nicht aufgebaut.',
    en: 'The security certificate belongs to a different address. The connection was not made.',
  },
  'tls-error': { de: 'Die sichere Verbindung zum Portal ist fehlgeschlagen.', en: 'The secure connection to the portal failed.' },
  'http-error': { de: 'Das Portal hat die Anfrage abgelehnt.', en: 'The portal rejected the request.' },
  // --- answers that are not Moodle's ---
  'html-response': {
    de: 'Das Portal hat eine Webseite statt Daten geschickt (etwa eine Anmeldeseite im Schulnetz oder eine Fehlerseite).',
    en: 'The portal sent a web page instead of data (for example a network sign-in page or an error page).',
  },
  'invalid-json': { de: 'Die Antwort des Portals ist unvollständig oder beschädigt.', en: 'The portal’s answer is incomplete or damaged.' },
  'unexpected-response': { de: 'Die Antwort des Portals hat ein unerwartetes Format.', en: 'The portal’s answer has an unexpected format.' },
  'unexpected-redirect': { de: 'Das Portal hat die Anfrage unerwartet umgeleitet.', en: 'The portal redirected the request unexpectedly.' },
  // --- Moodle's own error codes ---
  'session-expired': { de: 'Die Anmeldung ist abgelaufen. Bitte erneut anmelden.', en: 'Your sign-in has expired. Please sign in again.' },
  'access-denied': { de: 'Dafür fehlt die Berechtigung im Portal.', en: 'You do not have permission for this in the portal.' },
  'invalid-parameter': { de: 'Das Portal hat die Anfrage als ungültig abgelehnt.', en: 'The portal rejected the request as invalid.' },
  'not-found': { de: 'Der Eintrag wurde im Portal nicht gefunden.', en: 'The item was not found in the portal.' },
  'webservices-disabled': {
    de: 'Im Portal sind die Webservices ausgeschaltet. Bitte die Schul-IT oder die Moodle-Administration informieren.',
    en: 'Web services are switched off in the portal. Please tell your school IT or the Moodle administrators.',
  },
  'mobile-service-disabled': {
    de: 'Im Portal ist der Zugang für mobile Apps ausgeschaltet. Bitte die Moodle-Administration informieren.',
    en: 'Access for mobile apps is switched off in the portal. Please tell the Moodle administrators.',
  },
  'service-not-available': {
    de: 'Der Moodle-Dienst für Apps ist im Portal nicht verfügbar.',
    en: 'The Moodle service for apps is not available in the portal.',
  },
  maintenance: { de: 'Das Portal wird gerade gewartet. Bitte später erneut versuchen.', en: 'The portal is under maintenance. Please try again later.' },
  'invalid-login': {
    de: 'Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch – oder das Konto ist gesperrt.',
    en: 'Sign-in failed: wrong username or password – or the account is locked.',
  },
  'account-suspended': { de: 'Dieses Konto ist im Portal gesperrt.', en: 'This account is suspended in the portal.' },
  'account-not-confirmed': { de: 'Dieses Konto ist noch nicht bestätigt.', en: 'This account has not been confirmed yet.' },
  'account-not-allowed': { de: 'Mit diesem Konto ist keine App-Anmeldung möglich.', en: 'This account cannot sign in with an app.' },
  'password-change-required': {
    de: 'Das Passwort muss zuerst im Portal geändert werden. Danach bitte erneut anmelden.',
    en: 'The password must be changed in the portal first. Then please sign in again.',
  },
  'password-expired': { de: 'Das Passwort ist abgelaufen. Bitte im Portal ein neues setzen.', en: 'The password has expired. Please set a new one in the portal.' },
  'password-reset-required': {
    de: 'Für dieses Konto muss das Passwort zurückgesetzt werden („Passwort vergessen“ im Portal).',
    en: 'This account’s password must be reset ("forgotten password" in the portal).',
  },
  'profile-incomplete': { de: 'Das Profil im Portal ist unvollständig. Bitte im Browser ergänzen.', en: 'Your portal profile is incomplete. Please complete it in the browser.' },
  'site-policy-not-agreed': {
    de: 'Die Nutzungsbedingungen des Portals müssen zuerst im Browser bestätigt werden.',
    en: 'The portal’s site policy must be accepted in the browser first.',
  },
  'wrong-site-address': {
    de: 'Das Portal ist unter einer etwas anderen Adresse eingerichtet (z. B. mit oder ohne „www.“).',
    en: 'The portal is set up under a slightly different address (for example with or without "www.").',
  },
  'moodle-error': { de: 'Das Portal meldet einen Fehler.', en: 'The portal reports an error.' },
  // --- site check ---
  'invalid-url': { de: 'Das ist keine gültige Portal-Adresse.', en: 'That is not a valid portal address.' },
  'insecure-http': {
    de: 'Das Portal muss über https erreichbar sein. Unverschlüsselte Verbindungen sind nicht erlaubt.',
    en: 'The portal must be reachable over https. Unencrypted connections are not allowed.',
  },
  'portal-not-allowed': {
    de: 'Dieses Portal ist von Ihrer Schule nicht freigegeben.',
    en: 'This portal has not been approved by your school.',
  },
  'not-moodle': { de: 'Unter dieser Adresse wurde kein Moodle gefunden.', en: 'No Moodle was found at this address.' },
  'site-not-supported': {
    de: 'Dieses Moodle ist zu alt oder unterstützt keine Apps.',
    en: 'This Moodle is too old or does not support apps.',
  },
  'redirect-other-host': {
    de: 'Die Adresse leitet auf einen anderen Server um. Aus Sicherheitsgründen folgt SchulDesk dem nicht.',
    en: 'The address redirects to another server. For security reasons SchulDesk does not follow it.',
  },
} as const satisfies Record<string, Texts>;

/** Programming and border errors, settings, the data folder and the store. */
const CORE_ERROR_TEXTS = {
  internal: {
    de: 'Interner Fehler in SchulDesk. Details stehen im Protokoll.',
    en: 'Internal error in SchulDesk. The details are in the log.',
  },
  'unknown-method': { de: 'Unbekannte Anfrage.', en: 'Unknown request.' },
  'unknown-event': { de: 'Unbekanntes Ereignis.', en: 'Unknown event.' },
  'invalid-input': { de: 'Ungültige Eingabe für „{{method}}“.', en: 'Invalid input for “{{method}}”.' },
  forbidden: { de: 'SchulDesk hat die Anfrage abgelehnt.', en: 'SchulDesk refused the request.' },
  'wrong-host': { de: 'Die Anfrage kam über eine fremde Adresse und wurde abgelehnt.', en: 'The request came through a foreign address and was refused.' },
  'unknown-path': { de: 'Unbekannter Pfad.', en: 'Unknown path.' },
  'invalid-request': { de: 'Ungültige Anfrage.', en: 'Invalid request.' },
  'shell-unreachable': { de: 'SchulDesk (Browsermodus) ist gerade nicht erreichbar.', en: 'SchulDesk (browser mode) cannot be reached right now.' },
  'invalid-answer': { de: 'Ungültige Antwort von SchulDesk.', en: 'Invalid answer from SchulDesk.' },
  'bridge-missing': { de: 'SchulDesk ist nicht verbunden.', en: 'SchulDesk is not connected.' },
  'unknown-setting': { de: 'Unbekannte Einstellung „{{key}}“.', en: 'Unknown setting “{{key}}”.' },
  'setting-locked': {
    de: '„{{key}}“ ist von Ihrer Schule festgelegt und kann nicht geändert werden.',
    en: '“{{key}}” is set by your school and cannot be changed.',
  },
  'setting-not-user-editable': { de: '„{{key}}“ kann nur die Schul-IT festlegen.', en: 'Only school IT can set “{{key}}”.' },
  'invalid-value': { de: 'Dieser Wert ist für „{{key}}“ nicht erlaubt.', en: 'This value is not allowed for “{{key}}”.' },
  'invalid-value-allowed': {
    de: 'Dieser Wert ist für „{{key}}“ nicht erlaubt. Erlaubt sind: {{allowed}}.',
    en: 'This value is not allowed for “{{key}}”. Allowed are: {{allowed}}.',
  },
  'invalid-value-range': {
    de: 'Dieser Wert ist für „{{key}}“ nicht erlaubt. Erlaubt ist eine ganze Zahl von {{min}} bis {{max}}.',
    en: 'This value is not allowed for “{{key}}”. Allowed is a whole number from {{min}} to {{max}}.',
  },
  'disk-full': {
    de: 'Der Speicherplatz auf diesem Gerät ist voll – dein Text ist noch nicht gespeichert.',
    en: 'The storage on this device is full – your text has not been saved yet.',
  },
  'disk-full-file': {
    de: 'Der Speicherplatz auf diesem Gerät ist voll – die Datei wurde nicht gespeichert.',
    en: 'The storage on this device is full – the file was not saved.',
  },
  'data-folder-read-only': {
    de: 'SchulDesk kann nicht in seinen Datenordner schreiben: {{folder}}. Bitte die Schul-IT informieren.',
    en: 'SchulDesk cannot write to its data folder: {{folder}}. Please tell your school IT.',
  },
  'data-folder-unavailable': {
    de: 'Der Datenordner von SchulDesk fehlt und lässt sich nicht anlegen: {{folder}}. Bitte die Schul-IT informieren.',
    en: 'SchulDesk’s data folder is missing and cannot be created: {{folder}}. Please tell your school IT.',
  },
  'store-not-a-database': {
    de: 'Die Datendatei von SchulDesk ist keine Datenbank. Sie wurde nicht verändert.',
    en: 'SchulDesk’s data file is not a database. It was not changed.',
  },
  'store-corrupt': { de: 'Die Datendatei von SchulDesk ist beschädigt. Sie wurde nicht verändert.', en: 'SchulDesk’s data file is damaged. It was not changed.' },
  'store-schema-too-new': {
    de: 'Die Daten stammen von einer neueren SchulDesk-Version. Bitte SchulDesk aktualisieren; die Daten wurden nicht verändert.',
    en: 'The data comes from a newer SchulDesk version. Please update SchulDesk; the data was not changed.',
  },
  'store-schema-mismatch': {
    de: 'Die Daten passen nicht zu dieser SchulDesk-Version. Sie wurden nicht verändert.',
    en: 'The data does not match this SchulDesk version. It was not changed.',
  },
  'store-migration-failed': {
    de: 'Die Daten konnten nicht auf diese SchulDesk-Version umgestellt werden. Der letzte Schritt wurde zurückgenommen.',
    en: 'The data could not be converted for this SchulDesk version. The last step was undone.',
  },
  'store-cannot-open': { de: 'Die Datendatei von SchulDesk lässt sich nicht öffnen.', en: 'SchulDesk’s data file cannot be opened.' },
  'store-busy': { de: 'Die Datendatei ist von einem anderen Programm gesperrt.', en: 'The data file is locked by another program.' },
  'store-io': {
    de: 'Beim Lesen oder Schreiben der Datendatei ist ein Fehler aufgetreten.',
    en: 'An error occurred while reading or writing the data file.',
  },
  'update-check-failed': {
    de: 'Der Update-Server war nicht erreichbar oder lieferte keine gültige Version.',
    en: 'The update server could not be reached or did not deliver a valid version.',
  },
  'save-unavailable': { de: 'Speichern mit Dialog gibt es nur in der Desktop-App.', en: 'Saving with a dialog is only available in the desktop app.' },
} as const satisfies Record<string, Texts>;

/** Signing in, accounts and sessions shared by every feature. */
const SESSION_ERROR_TEXTS = {
  'not-signed-in': { de: 'Bitte melde dich zuerst an.', en: 'Please sign in first.' },
  'needs-reauth': { de: 'Deine Anmeldung ist abgelaufen. Bitte melde dich erneut an.', en: 'Your sign-in has expired. Please sign in again.' },
} as const satisfies Record<string, Texts>;

/** Course content, files and pages (main/content/). */
const CONTENT_ERROR_TEXTS = {
  'offline-disabled': {
    de: 'Deine Schule hat das Offline-Speichern auf diesem Gerät ausgeschaltet.',
    en: 'Your school has switched off offline copies on this device.',
  },
  'sync-failed': {
    de: 'Die Kurse konnten nicht geladen werden. Bitte versuche es später noch einmal.',
    en: 'The courses could not be loaded. Please try again later.',
  },
  'course-not-found': { de: 'Diesen Kurs gibt es (für dich) nicht mehr.', en: 'This course no longer exists (for you).' },
  'file-too-large': {
    de: 'Die Datei ist zu groß zum Herunterladen (höchstens {{limitMb}} MB erlaubt).',
    en: 'The file is too large to download (at most {{limitMb}} MB allowed).',
  },
  'download-cancelled': { de: 'Der Download wurde abgebrochen.', en: 'The download was cancelled.' },
  'file-unavailable': { de: 'Diese Datei kann nicht geladen werden.', en: 'This file cannot be loaded.' },
  'file-outside-portal': {
    de: 'Diese Datei liegt nicht im Schulportal und wird nicht geladen.',
    en: 'This file is not in the school portal and is not loaded.',
  },
  'file-download-failed': { de: 'Die Datei konnte nicht geladen werden.', en: 'The file could not be loaded.' },
  'file-download-status': {
    de: 'Die Datei konnte nicht geladen werden (Fehler {{status}}).',
    en: 'The file could not be loaded (error {{status}}).',
  },
  'file-refused': { de: 'Das Portal gibt diese Datei nicht heraus.', en: 'The portal does not hand out this file.' },
  'file-download-network': {
    de: 'Die Datei konnte nicht geladen werden. Bitte prüfe die Verbindung.',
    en: 'The file could not be loaded. Please check the connection.',
  },
  'file-not-found': { de: 'Diese Datei gibt es im Kurs nicht (mehr).', en: 'This file is no longer in the course.' },
  'not-available': { de: 'Speichern ist hier über den Link der Datei möglich.', en: 'Here you can save through the file’s link.' },
  'file-executable': {
    de: 'Diese Art Datei öffnet SchulDesk nicht mit einem anderen Programm (nur Dokumente, Bilder, Ton und Video). Speichere sie oder öffne sie im Portal.',
    en: 'SchulDesk does not open this kind of file with another program (only documents, pictures, audio and video). Save it or open it in the portal.',
  },
  'file-browser-limit': {
    de: 'Diese Datei ist für die Browser-Ansicht zu groß. Bitte öffne sie in der SchulDesk-App.',
    en: 'This file is too large for the browser view. Please open it in the SchulDesk app.',
  },
  'page-not-found': { de: 'Diese Seite gibt es im Kurs nicht (mehr).', en: 'This page is no longer in the course.' },
  'page-unavailable': { de: 'Der Inhalt dieser Seite ist nicht verfügbar.', en: 'The content of this page is not available.' },
  'page-offline': {
    de: 'Diese Seite ist noch nicht auf diesem Gerät. Öffne sie einmal, während das Portal erreichbar ist.',
    en: 'This page is not on this device yet. Open it once while the portal can be reached.',
  },
} as const satisfies Record<string, Texts>;

/** Assignments, drafts, the outbox and the device PIN (main/assignments/, main/outbox/). */
const OUTBOX_ERROR_TEXTS = {
  'assignment-not-found': {
    de: 'Diese Aufgabe ist auf diesem Gerät nicht gespeichert. Bitte synchronisieren.',
    en: 'This assignment is not stored on this device. Please sync.',
  },
  'draft-file-too-large': { de: '„{{name}}“ ist zu groß für einen Entwurf.', en: '“{{name}}” is too large for a draft.' },
  'limit-text-not-allowed': { de: 'Für diese Aufgabe kann kein Text abgegeben werden, nur Dateien.', en: 'No text can be handed in for this assignment, only files.' },
  'limit-words': { de: 'Dein Text hat {{words}} Wörter, erlaubt sind höchstens {{limit}}.', en: 'Your text has {{words}} words; at most {{limit}} are allowed.' },
  'limit-files-not-allowed': { de: 'Für diese Aufgabe können keine Dateien abgegeben werden.', en: 'No files can be handed in for this assignment.' },
  'limit-file-count': { de: 'Du hast {{count}} Dateien ausgewählt, erlaubt sind höchstens {{limit}}.', en: 'You chose {{count}} files; at most {{limit}} are allowed.' },
  'limit-file-size': { de: '„{{name}}“ ist zu groß ({{sizeMb}} MB, erlaubt sind {{limitMb}} MB).', en: '“{{name}}” is too large ({{sizeMb}} MB; {{limitMb}} MB are allowed).' },
  'limit-file-type': { de: '„{{name}}“ hat keinen erlaubten Dateityp (erlaubt: {{fileTypes}}).', en: '“{{name}}” is not an allowed file type (allowed: {{fileTypes}}).' },
  'limit-empty': { de: 'Die Abgabe ist leer.', en: 'The submission is empty.' },
  'draft-over-limits': { de: 'Der Entwurf hält die Vorgaben der Aufgabe nicht ein.', en: 'The draft does not meet the assignment’s limits.' },
  'statement-required': { de: 'Bitte bestätige zuerst die Erklärung zur Abgabe.', en: 'Please confirm the submission statement first.' },
  'portal-unreachable': {
    de: 'Das Portal ist gerade nicht erreichbar. Die Serverfassung kann nicht geladen werden.',
    en: 'The portal cannot be reached right now. The server version cannot be loaded.',
  },
  'no-conflict': { de: 'Für diesen Entwurf gibt es keinen Konflikt.', en: 'There is no conflict for this draft.' },
  'pin-required': {
    de: 'Auf diesem Leihgerät brauchst du zuerst deine PIN, damit nur du deine Entwürfe lesen kannst.',
    en: 'On this loaner device you need your PIN first, so that only you can read your drafts.',
  },
  'draft-not-found': { de: 'Diesen Entwurf gibt es auf diesem Gerät nicht (mehr).', en: 'This draft no longer exists on this device.' },
  'draft-stale': {
    de: 'Dieser Entwurf wurde inzwischen an anderer Stelle geändert. Bitte neu laden.',
    en: 'This draft has been changed elsewhere in the meantime. Please reload.',
  },
  'version-not-found': { de: 'Diese Version gibt es nicht (mehr).', en: 'This version no longer exists.' },
  'pin-too-short': { de: 'Die PIN muss mindestens {{min}} Zeichen lang sein.', en: 'The PIN must be at least {{min}} characters long.' },
  'pin-wrong': { de: 'Die PIN stimmt nicht.', en: 'The PIN is not correct.' },
  'send-needs-sign-in': {
    de: 'Deine Anmeldung ist abgelaufen. Melde dich neu an, dann wird gesendet.',
    en: 'Your sign-in has expired. Sign in again and it will be sent.',
  },
  'submission-refused': { de: 'Das Portal hat die Abgabe nicht angenommen.', en: 'The portal did not accept the submission.' },
  'sync-internal': { de: 'Der Abgleich ist fehlgeschlagen.', en: 'Syncing failed.' },
  'legacy-text': { de: '{{detail}}', en: '{{detail}}' },
} as const satisfies Record<string, Texts>;

/** Video conferences (main/conference/). */
const CONFERENCE_ERROR_TEXTS = {
  'room-not-found': { de: 'Diesen Konferenzraum gibt es nicht (mehr).', en: 'This conference room no longer exists.' },
  'rules-not-acknowledged': {
    de: 'Bitte lies zuerst die Regeln für Videokonferenzen und bestätige sie.',
    en: 'Please read and confirm the rules for video conferences first.',
  },
  'rules-changed': { de: 'Die Regeln wurden gerade geändert. Bitte lies sie noch einmal.', en: 'The rules have just changed. Please read them again.' },
  'join-refused': { de: 'Der Konferenzraum ist gerade nicht geöffnet.', en: 'The conference room is not open right now.' },
  'not-moderator': { de: 'Nur Lehrkräfte können eine Konferenz beenden.', en: 'Only teachers can end a conference.' },
  'objection-forced': { de: 'Deine Schule hat den Widerspruch für alle festgelegt.', en: 'Your school has set the objection for everyone.' },
  // a join URL the conference window refuses (main/conference/join-url.ts)
  'join-url-invalid': {
    de: 'Die Konferenz kann nicht geöffnet werden: Die Adresse, die das Portal geschickt hat, ist ungültig. Bitte sag deiner Lehrkraft oder der Schul-IT Bescheid.',
    en: 'The meeting cannot be opened: the address the portal sent is invalid. Please tell your teacher or the school IT.',
  },
  'join-url-not-https': {
    de: 'Die Konferenz kann nicht geöffnet werden: Der Konferenz-Server ist nicht verschlüsselt erreichbar (kein https). Bitte sag deiner Lehrkraft oder der Schul-IT Bescheid.',
    en: 'The meeting cannot be opened: the meeting server is not reachable encrypted (no https). Please tell your teacher or the school IT.',
  },
  'join-url-credentials': {
    de: 'Die Konferenz kann nicht geöffnet werden: Die Adresse, die das Portal geschickt hat, enthält Zugangsdaten. Bitte sag deiner Lehrkraft oder der Schul-IT Bescheid.',
    en: 'The meeting cannot be opened: the address the portal sent contains credentials. Please tell your teacher or the school IT.',
  },
} as const satisfies Record<string, Texts>;

/** Single sign-on callbacks (main/portal/sso.ts). */
export const SSO_ERROR_TEXTS = {
  'sso-malformed': {
    de: 'Die Rückmeldung des Portals nach der Anmeldung ist unvollständig oder beschädigt. Bitte erneut anmelden.',
    en: 'The portal’s answer after signing in is incomplete or damaged. Please sign in again.',
  },
  'sso-signature-mismatch': {
    de: 'Die Rückmeldung passt zu keiner Anmeldung, die SchulDesk gestartet hat. Sie wurde ignoriert.',
    en: 'The answer does not belong to any sign-in SchulDesk started. It was ignored.',
  },
  'sso-replayed': {
    de: 'Diese Anmeldung wurde bereits verwendet. Bitte erneut anmelden.',
    en: 'This sign-in has already been used. Please sign in again.',
  },
  'sso-expired': {
    de: 'Die Anmeldung hat zu lange gedauert. Bitte erneut anmelden.',
    en: 'Signing in took too long. Please sign in again.',
  },
  'sso-no-pending-launch': {
    de: 'SchulDesk hat keine Anmeldung gestartet. Die Rückmeldung wurde ignoriert.',
    en: 'SchulDesk did not start a sign-in. The answer was ignored.',
  },
  'sso-launch-url-invalid': {
    de: 'Die Anmeldeseite des Portals liegt nicht auf der Adresse des Portals. Die Anmeldung wurde nicht gestartet.',
    en: 'The portal’s sign-in page is not on the portal’s address. Signing in was not started.',
  },
  'sso-provider-unknown': {
    de: 'Diesen Anmeldedienst bietet die Schulseite nicht (mehr) an. Bitte wähle einen anderen Weg zur Anmeldung oder frage deine Schule.',
    en: 'The school portal does not offer this sign-in service (any more). Please choose another way to sign in or ask your school.',
  },
  'sso-window-closed': {
    de: 'Das Anmeldefenster wurde geschlossen, bevor die Anmeldung fertig war. Du kannst es erneut öffnen.',
    en: 'The sign-in window was closed before signing in had finished. You can open it again.',
  },
  'sso-launch-refused': {
    de: 'Die Schulseite hat die Anmeldung für Apps abgelehnt. Bitte frage deine Schule, ob die Anmeldung mit der Moodle-App freigeschaltet ist.',
    en: 'The school portal refused the sign-in for apps. Please ask your school whether signing in with the Moodle app is enabled.',
  },
  'sso-idp-not-allowed': {
    de: 'Die Anmeldung leitet zu einem Anmeldedienst weiter, den deine Schule in SchulDesk nicht freigegeben hat. Die Anmeldung wurde abgebrochen.',
    en: 'Signing in redirects to a sign-in service your school has not approved in SchulDesk. Signing in was cancelled.',
  },
  'sso-idp-certificate': {
    de: 'Das Sicherheitszertifikat des Anmeldedienstes ist nicht vertrauenswürdig. Die Anmeldung wurde abgebrochen. Wenn deine Schule eine eigene Zertifizierungsstelle nutzt, muss die IT sie in SchulDesk hinterlegen.',
    en: 'The sign-in service’s security certificate is not trusted. Signing in was cancelled. If your school uses its own certificate authority, the IT staff must add it to SchulDesk.',
  },
  'sso-load-failed': {
    de: 'Eine Seite der Anmeldung konnte nicht geladen werden. Bitte prüfe die Internetverbindung und versuche es erneut.',
    en: 'A page of the sign-in could not be loaded. Please check the internet connection and try again.',
  },
  'sso-system-browser-failed': {
    de: 'Der Browser konnte nicht geöffnet werden. Bitte versuche es erneut.',
    en: 'The browser could not be opened. Please try again.',
  },
} as const satisfies Record<string, Texts>;

/** The keyring (main/vault/errors.ts). */
export const VAULT_ERROR_TEXTS = {
  'vault-backend-changed': {
    de: 'Der Schlüsselbund des Systems hat sich geändert. Die gespeicherte Anmeldung kann nicht gelesen werden; sie wurde nicht gelöscht. Bitte neu anmelden.',
    en: 'The system keyring has changed. The stored sign-in cannot be read; it was not deleted. Please sign in again.',
  },
  'vault-keyring-unavailable': {
    de: 'Der Schlüsselbund des Systems ist gerade nicht verfügbar. Die gespeicherte Anmeldung wurde nicht gelöscht.',
    en: 'The system keyring is not available right now. The stored sign-in was not deleted.',
  },
  'vault-decrypt-failed': {
    de: 'Die gespeicherte Anmeldung ließ sich nicht entschlüsseln. Sie wurde nicht gelöscht. Bitte neu anmelden.',
    en: 'The stored sign-in could not be decrypted. It was not deleted. Please sign in again.',
  },
  'vault-encrypt-failed': {
    de: 'Die Anmeldung konnte nicht sicher gespeichert werden.',
    en: 'The sign-in could not be stored securely.',
  },
} as const satisfies Record<string, Texts>;

/** Stored accounts (main/portal/accounts.ts). */
export const ACCOUNTS_ERROR_TEXTS = {
  'account-not-found': { de: 'Dieses Konto gibt es auf diesem Gerät nicht (mehr).', en: 'This account does not exist on this device (any more).' },
  'account-invalid-profile': { de: 'Das Portal hat unvollständige Angaben zum Konto geliefert.', en: 'The portal returned incomplete account details.' },
  'account-credentials-unreadable': {
    de: 'Die gespeicherte Anmeldung ist beschädigt. Bitte neu anmelden.',
    en: 'The stored sign-in is damaged. Please sign in again.',
  },
} as const satisfies Record<string, Texts>;

/** Every user-facing error code with its texts. A duplicate key across the parts is a compile error below. */
export const ERROR_TEXTS = {
  ...CORE_ERROR_TEXTS,
  ...SESSION_ERROR_TEXTS,
  ...PORTAL_ERROR_TEXTS,
  ...SSO_ERROR_TEXTS,
  ...VAULT_ERROR_TEXTS,
  ...ACCOUNTS_ERROR_TEXTS,
  ...CONTENT_ERROR_TEXTS,
  ...OUTBOX_ERROR_TEXTS,
  ...CONFERENCE_ERROR_TEXTS,
} as const satisfies Record<string, Texts>;

type Parts =
  | typeof CORE_ERROR_TEXTS
  | typeof SESSION_ERROR_TEXTS
  | typeof PORTAL_ERROR_TEXTS
  | typeof SSO_ERROR_TEXTS
  | typeof VAULT_ERROR_TEXTS
  | typeof ACCOUNTS_ERROR_TEXTS
  | typeof CONTENT_ERROR_TEXTS
  | typeof OUTBOX_ERROR_TEXTS
  | typeof CONFERENCE_ERROR_TEXTS;
type KeysOf<U> = U extends unknown ? keyof U : never;
type Overlap<U, All = U> = U extends unknown ? keyof U & KeysOf<Exclude<All, U>> : never;
// If this fails to compile, two parts define the same code (the later one would silently win).
const _noDuplicateCodes: [Overlap<Parts>] extends [never] ? true : never = true;
void _noDuplicateCodes;

export type ErrorCode = keyof typeof ERROR_TEXTS;
export const ERROR_CODES = Object.keys(ERROR_TEXTS) as ErrorCode[];

/** Values for a text's placeholders: names, numbers, a folder — never a secret or a token. */
export type ErrorParams = Readonly<Record<string, string | number>>;

/** What crosses the border for a failed request or a stored failure: a code and its parameters, no prose. */
export interface ErrorInfo {
  code: ErrorCode;
  params?: ErrorParams;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TEXTS, value);
}

/**
 * Moodle's default file-type groups (main/outbox/file-types.ts, MOODLE_FILE_GROUPS) as the student
 * reads them: a `fileTypes` parameter is Moodle's tokens separated by spaces (".pdf image"), each
 * group worded here in the language, extensions and MIME types shown as written.
 */
export const FILE_TYPE_GROUP_TEXTS = {
  archive: { de: 'Archive (ZIP …)', en: 'archives (ZIP …)' },
  audio: { de: 'Audiodateien', en: 'audio files' },
  document: { de: 'Dokumente', en: 'documents' },
  html_audio: { de: 'Audiodateien für Webseiten', en: 'audio files for web pages' },
  html_track: { de: 'Untertitel', en: 'subtitles' },
  html_video: { de: 'Videos für Webseiten', en: 'videos for web pages' },
  image: { de: 'Bilder', en: 'images' },
  media_source: { de: 'Streaming-Medien', en: 'streaming media' },
  presentation: { de: 'Präsentationen', en: 'presentations' },
  spreadsheet: { de: 'Tabellen', en: 'spreadsheets' },
  video: { de: 'Videos', en: 'videos' },
  web_audio: { de: 'Audiodateien (Web)', en: 'audio files (web)' },
  web_file: { de: 'Webdateien', en: 'web files' },
  web_image: { de: 'Bilder (Web)', en: 'images (web)' },
  web_video: { de: 'Videos (Web)', en: 'videos (web)' },
} as const satisfies Record<string, Texts>;

function fileTypesText(tokens: string, language: 'de' | 'en'): string {
  return tokens
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token) => (Object.hasOwn(FILE_TYPE_GROUP_TEXTS, token) ? FILE_TYPE_GROUP_TEXTS[token as keyof typeof FILE_TYPE_GROUP_TEXTS][language] : token))
    .join(', ');
}

/** Label before a `target` parameter the text does not name (where a refused redirect leads). */
const TARGET_LABEL = { de: 'Ziel der Umleitung:', en: 'Redirect target:' } as const;
/** Label before the address a sign-in step failed at (`origin`: an identity provider's or a page's origin). */
const ORIGIN_LABEL = { de: 'Adresse:', en: 'Address:' } as const;

/** Numbers in the language's own way (1.234,5 / 1,234.5); file-type tokens worded; other text as it is. */
function paramText(name: string, value: string | number | undefined, language: 'de' | 'en'): string {
  if (name === 'fileTypes' && typeof value === 'string') return fileTypesText(value, language);
  if (typeof value === 'number') return value.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 });
  return value ?? '';
}

/** The text of a code in a language, placeholders filled (`detail` appended when the text does not name it). */
export function formatError(info: ErrorInfo, language: 'de' | 'en'): string {
  const params = info.params ?? {};
  const template: string = isErrorCode(info.code) ? ERROR_TEXTS[info.code][language] : ERROR_TEXTS.internal[language];
  const filled = template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => (Object.hasOwn(params, name) ? paramText(name, params[name], language) : ''));
  const parts = [filled];
  const target = params['target'];
  if (target !== undefined && !template.includes('{{target}}')) parts.push(`${TARGET_LABEL[language]} ${String(target)}`);
  const origin = params['origin'];
  if (origin !== undefined && !template.includes('{{origin}}')) parts.push(`${ORIGIN_LABEL[language]} ${String(origin)}`);
  const detail = params['detail'];
  if (detail !== undefined && !template.includes('{{detail}}')) parts.push(String(detail));
  return parts.join(' ');
}

/**
 * A stored reason (outbox lastError, draft error) is JSON of an ErrorInfo; rows written before
 * codes existed hold German text and come back as `legacy-text` with that text.
 */
export function encodeErrorInfo(info: ErrorInfo): string {
  return JSON.stringify(info.params ? { code: info.code, params: info.params } : { code: info.code });
}

export function decodeErrorInfo(stored: string | null): ErrorInfo | null {
  if (stored === null || stored === '') return null;
  if (stored.startsWith('{')) {
    try {
      const parsed = JSON.parse(stored) as { code?: unknown; params?: unknown };
      if (isErrorCode(parsed.code)) {
        const params = typeof parsed.params === 'object' && parsed.params !== null ? (parsed.params as ErrorParams) : undefined;
        return params ? { code: parsed.code, params } : { code: parsed.code };
      }
    } catch {
      // not ours: shown as it is
    }
  }
  return { code: 'legacy-text', params: { detail: stored } };
}
