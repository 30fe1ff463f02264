/**
 * The in-app file viewer in Chromium against the browser shell and the test Moodle ("shown
 * inside the app (PDF, images, text) through the app protocol, or saved … on request"): a course's PDF in an iframe that Chromium's PDF viewer renders, an image, a text file
 * (also one in Windows-1252), each from the app's own origin (/files/<token>/<name>), "Speichern"
 * as a download link, closing returns focus. axe on each state.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { de } from '../../renderer/i18n/de';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { focusedText, openSignedIn, useTestMoodle, waitForScreen } from './page-helpers';

/** Chromium's built-in PDF viewer (an extension frame inside the PDF's frame). */
const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';
/** The folder "Material" of Mathematik 7b (cmid as in the recording). */
const MATHE_FOLDER = 5;
const LEGACY_TEXT = 'Hinweise_Windows.txt';
const FILE_URL = /^\/files\/[0-9a-f]{64}\//;

const named = (key: string, name: string): string => key.replace('{{name}}', name);

async function openCourse(page: Page, course: string): Promise<void> {
  await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
  await waitForScreen(page, de.content.title);
  await page.getByRole('list', { name: de.content.listLabel }).getByRole('button', { name: course }).click();
  await page.getByRole('heading', { level: 2, name: course }).waitFor();
}

async function view(page: Page, filename: string) {
  await page.getByRole('button', { name: named(de.content.openFile, filename) }).click();
  const region = page.getByRole('region', { name: named(de.content.viewerLabel, filename) });
  await region.waitFor();
  return region;
}

describe('Kurse: files shown in the app', () => {
  const portal = useTestMoodle((moodle) => {
    // "Grüße, Übung" in Windows-1252, as older school PCs save text files.
    moodle.state.putModuleFile(MATHE_FOLDER, LEGACY_TEXT, Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x2c, 0x20, 0xdc, 0x62, 0x75, 0x6e, 0x67]));
  });
  const env = useShellAndChromium();

  it('opens a PDF, a text file and an image of a course in the viewer', async () => {
    const { moodle } = portal;
    const { page, context } = await openSignedIn(env, moodle.url);
    try {
      await openCourse(page, 'Mathematik 7b');

      // PDF: in an iframe from the app's own origin, rendered by Chromium's PDF viewer.
      const pdfName = 'Arbeitsblatt_Bruchrechnung.pdf';
      const pdfRegion = await view(page, pdfName);
      const frame = pdfRegion.locator('iframe');
      expect(await frame.getAttribute('title')).toBe(named(de.content.pdfOf, pdfName));
      const src = (await frame.getAttribute('src')) ?? '';
      expect(src).toMatch(FILE_URL);
      expect(await frame.getAttribute('sandbox')).toBeNull();
      await expect.poll(() => page.frames().some((f) => f.url().startsWith(PDF_VIEWER)), { timeout: 30_000 }).toBe(true);
      expect(page.frames().some((f) => f.url() === `${env.shell.origin}${src}`)).toBe(true);
      // Focus moved to the viewer; "Speichern" downloads the same file; no system program in the browser.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') !== null)).toBe(true);
      const save = pdfRegion.getByRole('link', { name: named(de.content.download, pdfName) });
      expect(await save.getAttribute('href')).toBe(src);
      expect(await save.getAttribute('download')).toBe(pdfName);
      expect(await save.innerText()).toBe(de.content.save);
      expect(await pdfRegion.getByRole('button', { name: named(de.content.openWithSystemNamed, pdfName) }).count()).toBe(0);
      const head = await page.evaluate(async (url) => {
        const response = await fetch(url);
        return { type: response.headers.get('content-type'), start: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5)) };
      }, src);
      expect(head).toEqual({ type: 'application/pdf', start: '%PDF-' });
      await expectNoSeriousA11yViolations(page, 'PDF in der Ansicht');
      await pdfRegion.getByRole('button', { name: named(de.content.closeFileNamed, pdfName) }).click();
      expect(await pdfRegion.count()).toBe(0);
      expect(await focusedText(page)).toBe(pdfName);

      // Plain text, UTF-8 and Windows-1252.
      const textRegion = await view(page, 'Loesungen_Uebung_1.txt');
      const pre = textRegion.getByLabel(named(de.content.textOf, 'Loesungen_Uebung_1.txt'));
      await pre.waitFor();
      expect(await pre.innerText()).toBe('a) 2/3\nb) 12/20\nc) 5/7\nd) 1/2\n');
      await expectNoSeriousA11yViolations(page, 'Text in der Ansicht');
      const legacy = await view(page, LEGACY_TEXT);
      await legacy.getByLabel(named(de.content.textOf, LEGACY_TEXT)).getByText('Grüße, Übung').waitFor();

      // An image (Deutsch 7b's folder), decoded from the app's origin.
      await page.getByRole('button', { name: de.content.back }).click();
      await page.getByRole('list', { name: de.content.listLabel }).getByRole('button', { name: 'Deutsch 7b' }).click();
      await page.getByRole('heading', { level: 2, name: 'Deutsch 7b' }).waitFor();
      const imageName = 'Tortendiagramm_Lesezeit.png';
      const imageRegion = await view(page, imageName);
      const image = imageRegion.getByRole('img', { name: imageName });
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBe(120);
      expect(await image.getAttribute('src')).toMatch(FILE_URL);
      await expectNoSeriousA11yViolations(page, 'Bild in der Ansicht');
    } finally {
      await context.close();
    }
  });
});
