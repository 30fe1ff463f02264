// The demo school of development runs (`npm start`, `npm run web`): the project's test Moodle
// (test/fixtures/moodle) on 127.0.0.1, handed to SchulDesk in SCHULDESK_DEMO_SCHOOL so the sign-in
// screen offers "Demo-Schule ausprobieren". Never part of an installer (electron-builder.yml packs
// only out/, and main/portal/demo-school.ts ignores the variable in a packaged app).
//
// SCHULDESK_DEMO=0 turns it off; SCHULDESK_DEMO_PORT picks the port (default 47381, so accounts
// of an earlier run point at the same address; a busy port falls back to a free one).
import { importTs } from './load-ts.mjs';

const DEFAULT_PORT = 47381;

/** The demo accounts shown on the sign-in screen (users of test/fixtures/moodle/seed.ts). */
function demoAccounts(password) {
  return [
    { username: 'student1', password, fullName: 'Lena Müller', role: 'student' },
    { username: 'teacher1', password, fullName: 'Sabine Becker', role: 'teacher' },
  ];
}

/**
 * Starts the demo school unless turned off. Resolves with the environment for SchulDesk and a
 * close(); with `{ env: {}, close }` and a sentence in `note` when it is off or cannot start.
 */
export async function startDemoSchool(env = process.env) {
  if (env.SCHULDESK_DEMO === '0') return { env: {}, note: null, close: async () => {} };
  let moodle;
  try {
    const { startTestMoodle, SEED_PASSWORD } = await importTs('test/fixtures/moodle/index.ts');
    const wanted = env.SCHULDESK_DEMO_PORT ? Number.parseInt(env.SCHULDESK_DEMO_PORT, 10) : DEFAULT_PORT;
    try {
      moodle = await startTestMoodle({ port: Number.isInteger(wanted) ? wanted : DEFAULT_PORT });
    } catch (error) {
      if (error?.code !== 'EADDRINUSE') throw error;
      moodle = await startTestMoodle({ port: 0 });
    }
    const school = { url: moodle.url, accounts: demoAccounts(SEED_PASSWORD) };
    return {
      env: { SCHULDESK_DEMO_SCHOOL: JSON.stringify(school) },
      note: `Demo-Schule: ${moodle.url} (Konten: ${school.accounts.map((a) => a.username).join(', ')}; Passwort ${SEED_PASSWORD})`,
      close: () => moodle.close(),
      /** The running test Moodle (scripts/screenshots.mjs stages a lesson and a new material on it). */
      moodle,
    };
  } catch (error) {
    await moodle?.close();
    return { env: {}, note: `Die Demo-Schule konnte nicht starten (${error?.message ?? error}); SchulDesk startet ohne sie.`, close: async () => {} };
  }
}
