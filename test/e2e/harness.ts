/**
 * End-to-end harness: the real browser shell (out/main/web-shell.js) as a child process, Debian's
 * Chromium driven by playwright-core, and axe-core for accessibility checks.
 * Used by the e2e tests and by scripts/screenshots.mjs / scripts/bench/startup.mjs (through the build).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_SHELL_ENTRY = join(REPO_ROOT, 'out', 'main', 'web-shell.js');
export const RENDERER_INDEX = join(REPO_ROOT, 'out', 'renderer', 'index.html');
export const CHROMIUM_PATH = process.env.SCHULDESK_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** The one line the browser shell prints. */
export const LAUNCH_LINE = /^SchulDesk browser mode: (http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]+)$/;

export interface BrowserShellOptions {
  /** Data folder (SQLite); a fresh temp folder, removed on stop(), when omitted. */
  dataDir?: string;
  /**
   * Policy file (SCHULDESK_POLICY_FILE). Omitted: an empty policy `{}` in a temp folder, so a test
   * never depends on the machine's /etc. `null`: no file, the machine's own policy sources apply.
   */
  policyFile?: string | null;
  env?: Record<string, string>;
  /** How long to wait for the launch line. */
  startTimeoutMs?: number;
}

export interface BrowserShell {
  /** The launch URL including `#secret=…`. */
  url: string;
  origin: string;
  secret: string;
  dataDir: string;
  process: ChildProcess;
  /** performance.now() right before spawning and when the launch line arrived (for benchmarks). */
  timings: { spawnedAt: number; lineAt: number };
  /** Everything the shell printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; removes temp folders it made. */
  stop(graceMs?: number): Promise<void>;
}

/** The answer envelope of the shell's HTTP API. */
export interface ShellAnswer {
  ok: boolean;
  result?: unknown;
  error?: unknown;
}

/** One call of the shell's HTTP API, as the page's bridge makes it (secret header, JSON args): the envelope as it came. */
export async function invokeShellRaw(shell: Pick<BrowserShell, 'origin' | 'secret'>, method: string, ...args: unknown[]): Promise<ShellAnswer> {
  const response = await fetch(`${shell.origin}/api/invoke/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-SchulDesk-Secret': shell.secret },
    body: JSON.stringify({ args }),
  });
  return (await response.json()) as ShellAnswer;
}

/** The same call's result; a refused call throws with the method and the error it answered. */
export async function invokeShell<T = unknown>(shell: Pick<BrowserShell, 'origin' | 'secret'>, method: string, ...args: unknown[]): Promise<T> {
  const envelope = await invokeShellRaw(shell, method, ...args);
  if (!envelope.ok) throw new Error(`${method}: ${JSON.stringify(envelope.error)}`);
  return envelope.result as T;
}

export function assertBuilt(): void {
  for (const file of [WEB_SHELL_ENTRY, RENDERER_INDEX]) {
    if (!existsSync(file)) {
      throw new Error(`SchulDesk is not built: ${file} is missing. Run npm run build first.`);
    }
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolvePromise(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolvePromise(true);
    };
    child.once('exit', onExit);
  });
}

export async function startBrowserShell(options: BrowserShellOptions = {}): Promise<BrowserShell> {
  assertBuilt();
  const temps: string[] = [];
  const makeTemp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };
  const dataDir = options.dataDir ?? makeTemp('schuldesk-e2e-data-');
  let policyFile = options.policyFile;
  if (policyFile === undefined) {
    policyFile = join(makeTemp('schuldesk-e2e-policy-'), 'policy.json');
    writeFileSync(policyFile, '{}\n');
  }

  const env: Record<string, string | undefined> = { ...process.env, SCHULDESK_DATA_DIR: dataDir, PORT: '0', ...options.env };
  if (policyFile === null) delete env.SCHULDESK_POLICY_FILE;
  else env.SCHULDESK_POLICY_FILE = policyFile;

  // process.execPath: the Node that runs the tests (24, from the `node` package) has node:sqlite.
  const spawnedAt = performance.now();
  let lineAt = 0;
  const child = spawn(process.execPath, [WEB_SHELL_ENTRY], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const cleanup = () => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  };

  const stop = async (graceMs = 5000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, graceMs))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
    }
    cleanup();
  };

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let url: string;
  try {
    url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`The browser shell printed no launch line within ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, timeoutMs);
      const onData = () => {
        const end = stdout.indexOf('\n');
        if (end < 0) return;
        lineAt = performance.now();
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        const line = stdout.slice(0, end);
        const match = LAUNCH_LINE.exec(line);
        if (match?.[1]) resolvePromise(match[1]);
        else reject(new Error(`Unexpected first line from the browser shell: ${JSON.stringify(line)}\nstderr: ${stderr}`));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        reject(new Error(`The browser shell exited (code ${code}, signal ${signal}) before printing its URL.\nstderr: ${stderr}`));
      };
      child.stdout.on('data', onData);
      child.once('exit', onExit);
    });
  } catch (error) {
    await stop(1000);
    throw error;
  }

  const parsed = new URL(url);
  const secret = /secret=([0-9a-f]+)/.exec(parsed.hash)?.[1] ?? '';
  return {
    url,
    origin: parsed.origin,
    secret,
    dataDir,
    process: child,
    timings: { spawnedAt, lineAt },
    stdout: () => stdout,
    stderr: () => stderr,
    stop,
  };
}

/** Debian's Chromium; `fakeMedia`: fake camera and microphone, and no permission prompt (grants everything). */
export async function launchChromium(options: { fakeMedia?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
  const args = options.fakeMedia ? [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
}

export interface A11yViolationSummary {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe on the page as it is now; fails on any `serious` or `critical` violation and prints them.
 * The page must come from `browser.newContext()` (AxeBuilder refuses pages from `browser.newPage()`).
 */
export async function expectNoSeriousA11yViolations(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious: A11yViolationSummary[] = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`.trim()),
    }));
  if (serious.length === 0) return;
  const text = serious
    .map((violation) => `  [${violation.impact}] ${violation.id}: ${violation.help}\n${violation.targets.map((target) => `      ${target}`).join('\n')}`)
    .join('\n');
  console.error(`Accessibility violations on ${label}:\n${text}`);
  throw new Error(`${serious.length} serious/critical accessibility violation(s) on ${label}:\n${text}`);
}

/**
 * One browser shell and one Chromium for a describe block: started in beforeAll, stopped in
 * afterAll. Read `.shell` / `.browser` inside tests (they exist once beforeAll has run).
 */
export function useShellAndChromium(options: BrowserShellOptions | (() => BrowserShellOptions) = {}): { readonly shell: BrowserShell; readonly browser: Browser } {
  let shell: BrowserShell | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    shell = await startBrowserShell(typeof options === 'function' ? options() : options);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
  });
  return {
    get shell() {
      if (!shell) throw new Error('the browser shell is not started yet (use it inside a test)');
      return shell;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started yet (use it inside a test)');
      return browser;
    },
  };
}
