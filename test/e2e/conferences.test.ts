/**
 * Conferences (rooms list, waiting for the teacher, rules acknowledgement, join flow), end to end
 * in Chromium against the browser shell and the test Moodle with its BBB stand-in:
 * student1 signs in through the UI; Konferenzen lists the rooms of both courses with their state (Mathe
 * running because the teacher already joined it, the Deutsch office hour waiting for the teacher); the
 * first join shows the usage rules and cannot go on before they are acknowledged; the waiting room says
 * it waits; the teacher starts it in the fixture (joins with a Moodle-issued join URL) and the screen's
 * poll turns it to running and announces it; joining then answers what the browser shell can do (no
 * hardened window here: desktop only). teacher1, on a device of her own, ends the meeting after
 * confirming, and the BBB stand-in sees it ended. axe on every state.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { callRest, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { InMemoryBbb, TestMoodle } from '../fixtures/moodle';
import { expectNoSeriousA11yViolations, launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { focusedText, openApp, signIn, waitForScreen } from './page-helpers';

const MATHE = { name: 'Mathe-Videokonferenz 7b', course: 'Mathematik 7b', instance: 1, cmid: 8 };
const DEUTSCH = { name: 'Deutsch-Sprechstunde', course: 'Deutsch 7b', instance: 2, cmid: 17 };

/** i18next interpolation for the few texts with a placeholder. */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** The teacher joins a room the way her browser would: Moodle issues the signed join URL, BBB redirects to its client. */
async function teacherJoins(moodle: TestMoodle, cmid: number): Promise<void> {
  const token = moodle.state.issueToken('teacher1');
  const answer = (await callRest(moodle.url, token, 'mod_bigbluebuttonbn_get_join_url', { cmid })) as { join_url?: string };
  if (!answer.join_url) throw new Error(`no join URL for cmid ${cmid}: ${JSON.stringify(answer)}`);
  const response = await fetch(answer.join_url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toContain('/html5client/join?sessionToken=');
}

function meetingIdOf(moodle: TestMoodle, instance: number): string {
  const module = moodle.state.bbbById(instance);
  if (!module) throw new Error(`no BBB room ${instance}`);
  return moodle.state.bbbMeetingId(module);
}

async function openConferences(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.konferenzen }).click();
  await waitForScreen(page, de.konferenzen.title);
}

function roomItem(page: Page, name: string): Locator {
  return page.getByRole('region', { name: de.conference.roomsTitle }).getByRole('listitem').filter({ hasText: name });
}

function stateOf(page: Page, name: string): Promise<string> {
  return roomItem(page, name).getByTestId('room-state').innerText();
}

/** What the polite live region says now (it alternates a trailing no-break space, see Announcer.tsx). */
async function announced(page: Page): Promise<string> {
  return (await page.getByTestId('announcer').innerText()).trim();
}

describe('Konferenzen: rooms, rules, waiting for the teacher, join, end', () => {
  let moodle: TestMoodle;
  let bbb: InMemoryBbb;
  let browser: Browser;
  let studentShell: BrowserShell;
  let teacherShell: BrowserShell;

  beforeAll(async () => {
    moodle = await startTestMoodle();
    if (!moodle.bbb) throw new Error('the test Moodle has no in-memory BBB');
    bbb = moodle.bbb;
    browser = await launchChromium();
    studentShell = await startBrowserShell();
    teacherShell = await startBrowserShell();
  });

  afterAll(async () => {
    await browser?.close();
    await studentShell?.stop();
    await teacherShell?.stop();
    await moodle?.close();
  });

  it('lists the rooms with their state, asks for the rules, waits for the teacher, joins and lets the teacher end it', { timeout: 180_000 }, async () => {
    // The Mathe lesson is already on: the teacher joined it. The Deutsch office hour waits for her.
    await teacherJoins(moodle, MATHE.cmid);
    const deutschMeeting = meetingIdOf(moodle, DEUTSCH.instance);
    expect(bbb.meetings.has(deutschMeeting)).toBe(false);

    // --- student1 --------------------------------------------------------------------------------
    const student = await openApp(browser, studentShell);
    const page = student.page;
    try {
      await signIn(page, { siteUrl: moodle.url, username: 'student1', password: SEED_PASSWORD });
      await openConferences(page);

      // Both courses' rooms, each with its state; nothing asked before a join.
      await expect.poll(() => page.getByRole('region', { name: de.conference.roomsTitle }).getByRole('listitem').count()).toBe(2);
      expect(await stateOf(page, MATHE.name)).toBe(de.conference.state.running);
      expect(await roomItem(page, MATHE.name).innerText()).toContain(MATHE.course);
      expect(await roomItem(page, MATHE.name).innerText()).toContain(fill(de.conference.participants_one, { count: 1 }));
      expect(await stateOf(page, DEUTSCH.name)).toBe(de.conference.state.waiting);
      expect(await roomItem(page, DEUTSCH.name).innerText()).toContain(DEUTSCH.course);
      expect(await page.getByRole('heading', { name: de.conference.rulesTitle }).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'Konferenzen: Räume (läuft / wartet auf Lehrkraft)');

      // The first join shows the rules; going on needs the acknowledgement.
      const joinDeutsch = page.getByRole('button', { name: fill(de.conference.join, { name: DEUTSCH.name }) });
      await joinDeutsch.click();
      const rules = page.getByRole('region', { name: de.conference.rulesTitle });
      await rules.waitFor();
      // Keyboard and screen reader users land on the rules, not somewhere above them.
      expect(await focusedText(page)).toBe(de.conference.rulesTitle);
      expect(await rules.getByRole('listitem').count()).toBeGreaterThanOrEqual(5);
      expect(await rules.innerText()).toContain('Nimm nichts auf');
      const confirm = rules.getByRole('button', { name: de.conference.rulesConfirm });
      const readIt = rules.getByRole('checkbox', { name: de.conference.rulesRead });
      expect(await confirm.isDisabled()).toBe(true);
      expect(bbb.calls.filter((c) => c.call === 'create' && c.params.meetingID === deutschMeeting)).toHaveLength(0);
      await expectNoSeriousA11yViolations(page, 'Konferenzen: Regeln vor dem ersten Beitritt');
      await readIt.check();
      expect(await confirm.isEnabled()).toBe(true);
      await readIt.uncheck();
      expect(await confirm.isDisabled()).toBe(true);
      await readIt.check();
      await expectNoSeriousA11yViolations(page, 'Konferenzen: Regeln gelesen, Bestätigen möglich');
      const joinUrlsBefore = moodle.state.stats.byFunction.mod_bigbluebuttonbn_get_join_url ?? 0;
      await confirm.click();

      // Acknowledged: the join goes on and the room says it waits for the teacher.
      const waitingText = fill(de.conference.joinWaiting, { name: DEUTSCH.name });
      const notice = page.getByTestId('conference-notice');
      await expect.poll(() => notice.innerText()).toBe(waitingText);
      await expect.poll(() => announced(page)).toBe(waitingText);
      await rules.waitFor({ state: 'detached' });
      expect(moodle.state.stats.byFunction.mod_bigbluebuttonbn_get_join_url).toBe(joinUrlsBefore + 1);
      expect(await stateOf(page, DEUTSCH.name)).toBe(de.conference.state.waiting);
      // Focus goes back to where the student started.
      expect(await focusedText(page)).toBe(fill(de.conference.join, { name: DEUTSCH.name }));
      await expectNoSeriousA11yViolations(page, 'Konferenzen: wartet auf die Lehrkraft');

      // The teacher starts the office hour; the screen's poll (first after 5 s) turns it to running and says so.
      await teacherJoins(moodle, DEUTSCH.cmid);
      expect(bbb.meetings.get(deutschMeeting)?.running).toBe(true);
      await expect.poll(() => stateOf(page, DEUTSCH.name), { timeout: 60_000, interval: 500 }).toBe(de.conference.state.running);
      const startedText = fill(de.conference.roomStarted, { name: DEUTSCH.name });
      await expect.poll(() => announced(page)).toBe(startedText);
      expect(await notice.innerText()).toBe(startedText);
      await expectNoSeriousA11yViolations(page, 'Konferenzen: Sprechstunde hat begonnen');

      // Joining now: the rules are not asked again; the browser shell has no hardened window, so it says where lessons open.
      const joinUrlsBeforeSecond = moodle.state.stats.byFunction.mod_bigbluebuttonbn_get_join_url ?? 0;
      await joinDeutsch.click();
      await expect.poll(() => notice.innerText()).toBe(de.conference.joinDesktopOnly);
      await expect.poll(() => announced(page)).toBe(de.conference.joinDesktopOnly);
      expect(await page.getByRole('region', { name: de.conference.rulesTitle }).count()).toBe(0);
      expect(moodle.state.stats.byFunction.mod_bigbluebuttonbn_get_join_url).toBe(joinUrlsBeforeSecond + 1);
      // No BBB join happened for the student: the signed URL was never opened.
      expect(bbb.calls.filter((c) => c.call === 'join' && c.params.userID === String(moodle.state.requireUser('student1').id))).toHaveLength(0);
      // A student cannot end a meeting: there is no such button.
      expect(await roomItem(page, DEUTSCH.name).getByRole('button', { name: fill(de.conference.end, { name: DEUTSCH.name }) }).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'Konferenzen: nur in der Desktop-App');
    } finally {
      await student.context.close();
    }

    // --- teacher1, on her own device --------------------------------------------------------------
    const teacher = await openApp(browser, teacherShell);
    const tpage = teacher.page;
    try {
      await signIn(tpage, { siteUrl: moodle.url, username: 'teacher1', password: SEED_PASSWORD });
      await openConferences(tpage);
      await expect.poll(() => stateOf(tpage, DEUTSCH.name)).toBe(de.conference.state.running);
      const endLabel = fill(de.conference.end, { name: DEUTSCH.name });
      const endButton = roomItem(tpage, DEUTSCH.name).getByRole('button', { name: endLabel });
      await expectNoSeriousA11yViolations(tpage, 'Konferenzen (Lehrkraft): beide laufen');

      // Ending asks first; cancelling ends nothing and gives focus back.
      await endButton.click();
      const ask = tpage.getByRole('group', { name: de.conference.endConfirmLabel });
      await ask.waitFor();
      expect(await focusedText(tpage)).toBe(de.conference.endConfirm);
      await expectNoSeriousA11yViolations(tpage, 'Konferenzen (Lehrkraft): wirklich beenden?');
      await ask.getByRole('button', { name: de.conference.cancel }).click();
      await ask.waitFor({ state: 'detached' });
      expect(await focusedText(tpage)).toBe(endLabel);
      expect(bbb.meetings.get(deutschMeeting)?.running).toBe(true);
      expect(moodle.state.stats.byFunction.mod_bigbluebuttonbn_end_meeting ?? 0).toBe(0);

      // With the keyboard: Enter on the end button, Enter on the focused confirmation.
      await tpage.keyboard.press('Enter');
      await ask.waitFor();
      expect(await focusedText(tpage)).toBe(de.conference.endConfirm);
      await tpage.keyboard.press('Enter');
      await expect.poll(() => announced(tpage)).toBe(fill(de.conference.roomEnded, { name: DEUTSCH.name }));
      // Ended: for the teacher the room is ready to start again; the Mathe lesson runs on.
      await expect.poll(() => stateOf(tpage, DEUTSCH.name)).toBe(de.conference.state.ready);
      expect(await stateOf(tpage, MATHE.name)).toBe(de.conference.state.running);
      expect(moodle.state.stats.byFunction.mod_bigbluebuttonbn_end_meeting).toBe(1);
      expect(bbb.meetings.has(deutschMeeting)).toBe(false);
      expect(bbb.meetings.get(meetingIdOf(moodle, MATHE.instance))?.running).toBe(true);
      expect(bbb.calls.filter((c) => c.call === 'end').map((c) => [c.params.meetingID, c.returncode])).toEqual([[deutschMeeting, 'SUCCESS']]);
      // Focus is not lost when the confirmation goes away.
      expect(await tpage.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);
      await expectNoSeriousA11yViolations(tpage, 'Konferenzen (Lehrkraft): beendet');
    } finally {
      await teacher.context.close();
    }
  });
});
