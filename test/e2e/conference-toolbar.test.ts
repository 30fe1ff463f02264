/**
 * The conference toolbar in real Chromium: the static page of main/conference/toolbar-page.ts
 * (loaded as the same data: URL main loads, under its own CSP) driven by the real toolbar script
 * main/conference/toolbar-client.ts, serialized into the page the way it is self-contained. The one
 * stand-in is the bridge to main (Electron's ipcRenderer in the preload): here it records the
 * actions in the page and lets the test push ToolbarState as main would.
 * What it shows: the camera question appears when main says so, takes the focus once, is
 * announced in the live region, and its buttons (mouse and keyboard, Escape) send the answer main
 * hands to the held permission request (that part: test/unit/conference-window-wiring.test.ts).
 */
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolbarClient } from '../../main/conference/toolbar-client';
import { TOOLBAR_HEIGHT, toolbarDataUrl, toolbarHtml, toolbarStatus, toolbarStatusLine, TOOLBAR_TEXT } from '../../main/conference/toolbar-page';
import type { ToolbarState } from '../../main/conference/window-channels';
import { CHROMIUM_ARGS, CHROMIUM_PATH, expectNoSeriousA11yViolations } from './harness';

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext();
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Opens the toolbar page and starts the real client with a recording bridge. */
async function openToolbar(language: 'de' | 'en'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(toolbarDataUrl(toolbarHtml(language, 'none', 'Mathe 7b')));
  await page.evaluate(`(() => {
    window.__sent = [];
    const bridge = {
      send: (action) => window.__sent.push(action),
      subscribe: (listener) => { window.__push = listener; },
    };
    (${runToolbarClient.toString()})(bridge, document);
  })()`);
  return page;
}

function state(language: 'de' | 'en', over: Partial<ToolbarState>): ToolbarState {
  const base = { cameraReleased: false, objection: false, objectionForced: false, question: null as ToolbarState['question'] };
  const merged = { ...base, ...over };
  return { ...merged, status: toolbarStatus(language, merged) };
}

const push = (page: Page, next: ToolbarState) => page.evaluate((value) => (window as unknown as { __push(s: unknown): void }).__push(value), next);
const sent = (page: Page) => page.evaluate(() => (window as unknown as { __sent: string[] }).__sent.slice());

describe('conference toolbar in Chromium', () => {
  it('the camera question appears, takes the focus once, is announced, and "Freigeben" sends the answer', async () => {
    const page = await openToolbar('de');
    const question = page.locator('#question');
    await push(page, state('de', {}));
    await expect.poll(() => page.locator('#status').textContent()).toBe('Deine Kamera ist aus.');
    expect(await question.isHidden()).toBe(true);

    await push(page, state('de', { question: 'camera' }));
    expect(await question.isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Frage zur Kamera' }).textContent()).toContain('Die Konferenz möchte deine Kamera verwenden.');
    expect(await page.locator('#status').textContent()).toBe(TOOLBAR_TEXT.de.question);
    expect(await page.locator('#status').getAttribute('aria-live')).toBe('polite');
    // The focus goes to the safe answer: the page chooses when to ask, so a key the student was
    // pressing in BBB (Enter, Space in the chat) must never land on "Freigeben".
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question-not-now');
    await expectNoSeriousA11yViolations(page, 'toolbar with the camera question');

    await page.getByRole('button', { name: 'Freigeben', exact: true }).click();
    expect(await sent(page)).toEqual(['camera-allow']);
    // main answers with the released state: the question goes, the toggle shows pressed.
    await push(page, state('de', { cameraReleased: true }));
    expect(await question.isHidden()).toBe(true);
    expect(await page.locator('#camera').getAttribute('aria-pressed')).toBe('true');
    // Pressing the toggle again withdraws the camera (main then ends a running one).
    await page.getByRole('button', { name: 'Kamera freigeben', exact: true }).click();
    expect(await sent(page)).toEqual(['camera-allow', 'withdraw-camera']);
    await page.close();
  });

  it('a key the student was typing when the page asked never allows the camera (keyjacking)', async () => {
    const page = await openToolbar('de');
    for (const key of ['Enter', ' ']) {
      await push(page, state('de', {}));
      await push(page, state('de', { question: 'camera' }));
      await page.keyboard.press(key);
    }
    expect(await sent(page)).toEqual(['camera-not-now', 'camera-not-now']);
    await page.close();
  });

  it('"Nicht jetzt" by keyboard, and Escape, refuse; "Freigeben" is one Shift+Tab away; the focus is taken once per question', async () => {
    const page = await openToolbar('en');
    await push(page, state('en', { question: 'camera' }));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Not now');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question-allow');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await sent(page)).toEqual(['camera-not-now']);
    // The same open question pushed again (e.g. a status change) does not steal the focus again.
    await page.locator('#leave').focus();
    await push(page, { ...state('en', { question: 'camera' }), status: `${TOOLBAR_TEXT.en.question} x` });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('leave');
    await page.locator('#question-allow').focus();
    await page.keyboard.press('Escape');
    expect(await sent(page)).toEqual(['camera-not-now', 'camera-not-now']);
    await page.close();
  });

  it('every status line main can show is readable in full in the toolbar (no ellipsis, nothing cut off) at 1280 and 1000 px', async () => {
    const cut: string[] = [];
    for (const language of ['de', 'en'] as const) {
      const t = TOOLBAR_TEXT[language];
      const notices = ['', ...Object.values(t.ended), t.refusedObjection, t.refusedForced, t.questionTimedOut, t.screenStopped];
      const states = [
        { cameraReleased: false, objection: false, objectionForced: false, question: null },
        { cameraReleased: true, objection: false, objectionForced: false, question: null },
        { cameraReleased: false, objection: true, objectionForced: false, question: null },
        { cameraReleased: false, objection: true, objectionForced: true, question: null },
      ] as const;
      for (const width of [1280, 1000]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: TOOLBAR_HEIGHT });
        // 'none' has the longest recording note; the meeting name is a long one from the portal.
        await page.goto(toolbarDataUrl(toolbarHtml(language, 'none', 'Mathematik 7b – Lerngruppe Frau Dr. Schneider-Öztürk')));
        const lines = [
          ...states.flatMap((state) => notices.map((notice) => ({ question: false, text: toolbarStatusLine(language, state, { notice, warning: '' }) }))),
          { question: true, text: toolbarStatusLine(language, { cameraReleased: false, objection: false, objectionForced: false, question: 'camera' }, { notice: '', warning: '' }) },
        ];
        for (const line of lines) {
          const fits = await page.evaluate(([text, question]) => {
            document.getElementById('question')!.hidden = !question;
            const status = document.getElementById('status')!;
            status.textContent = text;
            // Every text the student reads: whole (no ellipsis, no clipping) and inside the toolbar's bounds.
            // While the question is open the status line is for screen readers only (it repeats the question).
            // (The meeting name may end in an ellipsis: it is in the window title and the tooltip too.)
            const shown = ['button', '#question-text', '#protection', ...(question ? [] : ['#status'])];
            const whole = (element: Element) => {
              const box = element.getBoundingClientRect();
              return element.scrollWidth <= element.clientWidth + 1 && element.scrollHeight <= element.clientHeight + 1 && box.top >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
            };
            const inside = shown.flatMap((selector) => [...document.querySelectorAll(selector)]).filter((element) => element.getClientRects().length > 0).every(whole);
            return inside && document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth;
          }, [line.text, line.question] as const);
          if (!fits) cut.push(`${language} ${width}px: ${line.text}`);
        }
        await page.close();
      }
    }
    expect(cut).toEqual([]);
  });

  it('under objection there is no question; the status says why the request was refused', async () => {
    const page = await openToolbar('de');
    const status = `${toolbarStatus('de', { cameraReleased: false, objection: true, objectionForced: false })} ${TOOLBAR_TEXT.de.refusedObjection}`;
    await push(page, { ...state('de', { objection: true, question: 'camera' }), status });
    expect(await page.locator('#question').isHidden()).toBe(true);
    expect(await page.locator('#status').textContent()).toContain('abgelehnt, weil dein Widerspruch aktiv ist');
    expect(await page.locator('#camera').isDisabled()).toBe(true);
    expect(await page.locator('#objection').getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });
});
