/**
 * `npm start` where the Electron binary is missing and cannot be downloaded (every build machine
 * here): scripts/start.mjs says so in one sentence, starts the browser shell with the demo school,
 * and — with no Chromium to open it in app mode — prints the address to open. The page it names
 * loads. SCHULDESK_NO_ELECTRON=1 makes a machine that could download Electron take this path too,
 * so the test never fetches or starts the real app; the build is skipped (the suite built already).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, launchChromium, REPO_ROOT } from './harness';

describe('npm start without an Electron binary', () => {
  const temp = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-start-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('says why in one sentence, starts the browser shell and names the address to open', async () => {
    assertBuilt();
    const policyFile = join(temp, 'policy.json');
    writeFileSync(policyFile, '{}\n');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.mjs')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SCHULDESK_SKIP_BUILD: '1',
        SCHULDESK_NO_ELECTRON: '1',
        SCHULDESK_CHROMIUM: join(temp, 'no-chromium-here'),
        SCHULDESK_DEMO_PORT: '0',
        SCHULDESK_DATA_DIR: join(temp, 'data'),
        SCHULDESK_POLICY_FILE: policyFile,
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start named no address in 30 s.\nstdout: ${stdout}\nstderr: ${stderr}`)), 30_000);
        child.once('exit', (code) => reject(new Error(`npm start exited (${code}).\nstdout: ${stdout}\nstderr: ${stderr}`)));
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          const match = /Öffne diese Adresse in einem Browser: (\S+)/.exec(stdout);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const lines = stdout.trim().split('\n');
      expect(lines.filter((line) => line.includes('Electron ist auf diesem Rechner nicht verfügbar'))).toEqual([
        'Electron ist auf diesem Rechner nicht verfügbar und konnte nicht heruntergeladen werden, daher startet SchulDesk im Browsermodus.',
      ]);
      expect(lines).toContain(`SchulDesk browser mode: ${address}`);
      expect(stdout).toMatch(/Demo-Schule: http:\/\/127\.0\.0\.1:\d+/);
      expect(stdout).not.toContain('SchulDesk wird gebaut');

      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(address);
        await page.getByRole('heading', { level: 1, name: 'Willkommen bei SchulDesk' }).waitFor();
        await page.getByTestId('signin-demo-offer').waitFor();
      } finally {
        await browser.close();
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
