/**
 * The real Electron app through Playwright's `_electron` — only where an Electron binary exists
 * (never on our build machines: Electron ≥ 42 downloads it lazily and there is no internet).
 * Elsewhere the suite is skipped with one line saying why. Needs `npm run build` (out/main/index.js).
 *
 * Not mocked: the app, its windows and the services. Stubbed inside the running app: only
 * `dialog.showMessageBox` (answers "Abbrechen") and `shell.openExternal` (records), so a blocked
 * navigation neither waits for a person nor opens a real browser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { signIn } from '../e2e/page-helpers';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import { findElectronBinary, launchBuiltApp, ROOT } from './electron-binary';

const electronPath = findElectronBinary(ROOT);

const suite = electronPath ? describe : describe.skip;
const title = electronPath ? 'SchulDesk in Electron' : 'SchulDesk in Electron — skipped: Electron binary not available on this machine';

interface TestRecorder {
  warnings: string[];
  opened: string[];
}

suite(title, () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-electron-'));
    app = await launchBuiltApp(electronPath as string, { SCHULDESK_DATA_DIR: dataDir });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await app.evaluate(({ dialog, shell }) => {
      const recorder: TestRecorder = { warnings: [], opened: [] };
      (globalThis as { schuldeskTestRecorder?: TestRecorder }).schuldeskTestRecorder = recorder;
      const answer = (...args: unknown[]) => {
        const options = args[args.length - 1] as { message?: string; detail?: string };
        recorder.warnings.push(`${options.message ?? ''} ${options.detail ?? ''}`);
        return Promise.resolve({ response: 1, checkboxChecked: false });
      };
      dialog.showMessageBox = answer as typeof dialog.showMessageBox;
      shell.openExternal = ((url: string) => {
        recorder.opened.push(url);
        return Promise.resolve();
      }) as typeof shell.openExternal;
    });
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const recorder = () => app.evaluate(() => (globalThis as { schuldeskTestRecorder?: TestRecorder }).schuldeskTestRecorder as TestRecorder);

  it('loads our UI from app://schuldesk', () => {
    expect(page.url()).toBe('app://schuldesk/index.html');
  });

  it('the main window runs isolated and sandboxed, without Node', async () => {
    const preferences = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      // Present at runtime though not in electron.d.ts.
      const read = (contents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null }).getLastWebPreferences;
      const preferences = read?.call(contents) ?? null;
      return preferences && {
        contextIsolation: preferences.contextIsolation,
        sandbox: preferences.sandbox,
        nodeIntegration: preferences.nodeIntegration,
        webSecurity: preferences.webSecurity,
        webviewTag: preferences.webviewTag,
      };
    });
    expect(preferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('the page sees exactly invoke/on and no Node globals', async () => {
    const surface = await page.evaluate(() => ({
      api: Object.keys(window.schuldesk ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      module: typeof (globalThis as { module?: unknown }).module,
    }));
    expect(surface).toEqual({ api: ['invoke', 'on'], require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  it('app.info answers through IPC with shell "electron"', async () => {
    const info = await page.evaluate(() => window.schuldesk?.invoke('app.info'));
    expect(info).toMatchObject({ name: 'SchulDesk', shell: 'electron' });
  });

  it('navigating the main window to https://example.com is blocked and only offered after a warning', async () => {
    const before = (await recorder()).warnings.length;
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await expect.poll(async () => (await recorder()).warnings.length).toBe(before + 1);
    const after = await recorder();
    expect(after.warnings.at(-1)).toContain('example.com');
    expect(after.opened).toEqual([]); // the stub answered "Abbrechen"
    expect(page.url()).toBe('app://schuldesk/index.html');
    expect(await page.evaluate(() => location.origin)).toBe('app://schuldesk');
  });

  it('window.open never creates an Electron window', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/x') === null);
    expect(opened).toBe(true);
    await expect.poll(async () => (await recorder()).warnings.length).toBeGreaterThanOrEqual(2);
    expect(app.windows()).toHaveLength(1);
  });

  it('the microphone is refused to our own UI', async () => {
    const outcome = await page.evaluate(() =>
      navigator.mediaDevices.getUserMedia({ audio: true }).then(
        () => 'granted',
        (error: unknown) => (error instanceof Error ? error.name : 'error'),
      ),
    );
    expect(outcome).not.toBe('granted');
  });

  it('shows a course PDF in the in-app viewer: app://schuldesk/files/…, rendered by Chromium\'s PDF viewer', async () => {
    const moodle = await startTestMoodle();
    try {
      await signIn(page, { siteUrl: moodle.url, username: 'student1', password: SEED_PASSWORD });
      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await page.getByRole('list', { name: de.content.listLabel }).getByRole('button', { name: 'Mathematik 7b' }).click();
      const name = 'Arbeitsblatt_Bruchrechnung.pdf';
      await page.getByRole('button', { name: de.content.openFile.replace('{{name}}', name) }).click();
      const region = page.getByRole('region', { name: de.content.viewerLabel.replace('{{name}}', name) });
      await region.waitFor();
      expect(await region.locator('iframe').getAttribute('src')).toMatch(/^\/files\/[0-9a-f]{64}\//);
      await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/')), { timeout: 30_000 }).toBe(true);
      // Desktop: save through the dialog and the system program are offered.
      await region.getByRole('button', { name: de.content.download.replace('{{name}}', name) }).waitFor();
      await region.getByRole('button', { name: de.content.openWithSystemNamed.replace('{{name}}', name) }).waitFor();
    } finally {
      await moodle.close();
    }
  });

  it('keeps the signed-in day and puts it into app://schuldesk/index.html as the first paint; the live Start replaces it after a reload', async () => {
    // Signed in by the test above; its portal is gone now: Start shows the stored day.
    await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.start }).click();
    await page.getByTestId('today-stand').waitFor();
    await expect.poll(() => page.evaluate(() => fetch('/').then((response) => response.text())), { timeout: 30_000 }).toContain('<div id="first-paint" lang="de" inert');
    await page.reload();
    await page.getByTestId('today-stand').waitFor();
    expect(await page.locator('#first-paint').count()).toBe(0);
  });
});
