/** German texts of the sync indicator ("Jetzt synchronisieren"); included in de.ts under `sync`. */
export const syncDe = {
  label: 'Abgleich mit dem Portal',
  now: 'Jetzt synchronisieren',
  state: {
    idle: 'Synchronisiert',
    running: 'Wird synchronisiert …',
    failed: 'Synchronisieren fehlgeschlagen',
    'needs-sign-in': 'Bitte melde dich erneut an',
    offline: 'Portal nicht erreichbar – SchulDesk versucht es später erneut',
  },
  announce: {
    signedOut: 'Synchronisieren nicht möglich: Du bist nicht angemeldet.',
    done: 'Synchronisiert. Stand: {{time}}',
    failed: 'Synchronisieren fehlgeschlagen: {{message}}',
    needsSignIn: 'Synchronisieren nicht möglich: Bitte melde dich erneut an.',
    offline: 'Das Portal ist nicht erreichbar. Du kannst offline weiterarbeiten.',
  },
};
