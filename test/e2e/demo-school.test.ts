/**
 * "Try it without a school": `npm run web` (scripts/web.mjs, the build skipped
 * because the suite built already) starts the test Moodle as the demo school; the sign-in screen
 * offers "Demo-Schule ausprobieren" with its accounts; one click signs in, Kurse shows the demo
 * courses. Stopping the command stops the demo school too. A school policy that admits only its
 * own portals admits no demo school.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { assertBuilt, expectNoSeriousA11yViolations, LAUNCH_LINE, launchChromium, REPO_ROOT, startBrowserShell } from './harness';
import { waitForScreen } from './page-helpers';

interface WebCommand {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

function startWebCommand(env: Record<string, string>): Promise<WebCommand> {
  assertBuilt();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'web.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, SCHULDESK_SKIP_BUILD: '1', PORT: '0', SCHULDESK_DEMO_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run web printed no launch line in 30 s.\nstdout: ${stdout}\nstderr: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`npm run web exited (${code}) before its launch line.\nstderr: ${stderr}`)));
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').map((l) => LAUNCH_LINE.exec(l)).find(Boolean);
      if (line?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: line[1], stdout: () => stdout, stderr: () => stderr });
      }
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('npm run web offers the demo school', () => {
  const temp = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-demo-'));
  const policyFile = join(temp, 'policy.json');
  writeFileSync(policyFile, '{}\n');
  let web: WebCommand;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebCommand({ SCHULDESK_DATA_DIR: join(temp, 'data'), SCHULDESK_POLICY_FILE: policyFile });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (web && web.child.exitCode === null) {
      web.child.kill('SIGTERM');
      await stopped(web.child);
    }
    rmSync(temp, { recursive: true, force: true });
  });

  it('prints exactly the launch line on stdout and the demo address on stderr', () => {
    expect(web.stdout().trim().split('\n')).toEqual([expect.stringMatching(LAUNCH_LINE)]);
    expect(web.stderr()).toMatch(/Demo-Schule: http:\/\/127\.0\.0\.1:\d+ \(Konten: student1, teacher1; Passwort /);
  });

  it('signs in to the demo school with one click and shows its courses; stopping the command stops the school', async () => {
    const demoUrl = /Demo-Schule: (http:\/\/127\.0\.0\.1:\d+)/.exec(web.stderr())?.[1] ?? '';
    expect((await fetch(`${demoUrl}/login/token.php`)).status).toBeLessThan(500);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(web.url);
      const offer = page.getByTestId('signin-demo-offer');
      await offer.getByRole('heading', { name: de.portal.signIn.demo.title }).waitFor();
      await expectNoSeriousA11yViolations(page, 'Start mit Demo-Schule');
      await offer.getByRole('button', { name: de.portal.signIn.demo.button }).click();

      const accounts = page.getByTestId('signin-demo-accounts');
      await accounts.waitFor();
      expect(await accounts.innerText()).toContain(`Benutzername student1, Passwort ${SEED_PASSWORD}`);
      await expectNoSeriousA11yViolations(page, 'Demo-Konten');
      await accounts.getByRole('button', { name: 'Als Lena Müller anmelden (Schülerin oder Schüler)' }).click();
      // Signed in: Start is the day; the welcome text and the demo offer are gone.
      await page.getByTestId('start-today').waitFor();
      expect(await page.getByTestId('account-current').innerText()).toContain('Lena Müller');
      expect(await page.getByTestId('signin-demo-offer').count()).toBe(0);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(de.start.todayTitle);

      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      await page.getByText('Mathematik 7b').first().waitFor({ timeout: 20_000 });
      expect(await page.getByText('Deutsch 7b').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }

    web.child.kill('SIGTERM');
    await stopped(web.child);
    await expect(fetch(`${demoUrl}/login/token.php`)).rejects.toThrow();
  });
});

describe('a school policy that admits only its own portals', () => {
  let moodle: TestMoodle;
  const temp = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-demo-policy-'));
  beforeAll(async () => {
    moodle = await startTestMoodle();
  });
  afterAll(async () => {
    await moodle?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('admits no demo school; with user portals allowed it does', async () => {
    const demo = JSON.stringify({ url: moodle.url, accounts: [{ username: 'student1', password: SEED_PASSWORD, fullName: 'Lena Müller', role: 'student' }] });
    const presetsWith = async (policy: object) => {
      const policyFile = join(temp, `policy-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(policyFile, JSON.stringify(policy));
      const shell = await startBrowserShell({ policyFile, env: { SCHULDESK_DEMO_SCHOOL: demo } });
      try {
        const response = await fetch(`${shell.origin}/api/invoke/portal.presets`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-SchulDesk-Secret': shell.secret },
          body: '{"args":[]}',
        });
        return ((await response.json()) as { result: { demo: unknown } }).result.demo;
      } finally {
        await shell.stop();
      }
    };
    expect(await presetsWith({ portals: [{ name: 'Moodle der Schule', url: 'https://moodle.beispielschule.de' }], allowUserPortals: false })).toBeNull();
    expect(await presetsWith({})).toMatchObject({ url: moodle.url, accounts: [{ username: 'student1' }] });
  });
});
