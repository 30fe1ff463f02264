// Reads the repository's copy of the recorded SSO chains (test/fixtures/moodle/sso-contract/, a copy
// of ../shared/moodle-sso-contract/: real Moodle 5.1 + an OpenID Connect IdP) and replays them hop by
// hop through the login window's decisions (main/security/login-window.ts) the way Electron 45 emits
// the events (electron.d.ts): a programmatic loadURL emits nothing, a server redirect `will-redirect`,
// a navigation the page or the user starts `will-frame-navigate` and then — only when that was not
// prevented — `will-navigate`; a committed document `did-navigate`; a failed load `did-fail-load`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoginWindowGuard } from '../../main/security/login-window';
import type { LoginWindowEvent, LoginWindowOutcome, LoginWindowRules } from '../../main/security/login-window';

export const SSO_CONTRACT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'moodle', 'sso-contract');

export interface RecordedHop {
  kind: 'hop';
  request: { method: string; url: string; origin: string; path: string; reachedBy?: string; formBody?: Record<string, string> };
  response?: {
    status: number;
    location?: string;
    locationOrigin?: string;
    page?: { title: string; errorMessages?: string[]; customSchemeLinks?: { snippet: string; text: string }[]; navigationScripts?: string[] };
  };
  movesOnBy: string;
}
export type RecordedStep = RecordedHop | { kind: 'action'; what: string } | { kind: 'navigation-failed'; url: string; failure: string };

export interface RecordedLaunch {
  name?: string;
  typeoflogin?: number;
  userAgent?: string;
  launchUrl: string;
  customScheme: { deliveredVia: string; urlShape: string; base64Length: number; decoded: { partCount: number; parts: { name: string; length: number }[] } } | null;
  steps: RecordedStep[];
  finalPageUrl?: string;
  /** The OAuth state: a Moodle-local URL; Moodle's callback redirect is wwwroot + state + `&oauth2code=…`. */
  stateDecoded?: string;
}

export interface RecordedChainFile {
  file: string;
  /** One element, or the three launches of case e. */
  launches: RecordedLaunch[];
}

export const RECORDED_SITE = 'http://127.0.0.1:8080';
export const RECORDED_IDP = 'https://127.0.0.1:8091';
/** Stand-in for the masked web-service token (same form: 32 hex). */
export const UNMASKED_TOKEN = '0123456789abcdef0123456789abcdef';

/** The n-th launch's passport: what SsoLaunches makes of 32 bytes of `0x10 + n`. */
export function passportOf(n: number): string {
  return Buffer.alloc(32, 0x10 + n).toString('hex');
}

export function callbackPayload(passport: string, token = UNMASKED_TOKEN, privateToken?: string): string {
  const siteid = createHash('md5').update(RECORDED_SITE + passport).digest('hex');
  return Buffer.from(`${siteid}:::${token}${privateToken !== undefined ? `:::${privateToken}` : ''}`).toString('base64');
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(SSO_CONTRACT_DIR, file), 'utf8')) as unknown;
}

export function chainFiles(): string[] {
  return (readJson('index.json') as { files: string[] }).files.filter((file) => file.startsWith('sso.')).sort();
}

/** A recorded chain with `<PASSPORT>` and `<BASE64_APPTOKEN>` of launch n unmasked. */
export function readChain(file: string): RecordedChainFile {
  const raw = readJson(file) as RecordedLaunch & { launches?: RecordedLaunch[] };
  const launches = raw.launches ?? [raw];
  return {
    file,
    launches: launches.map((launch, n) => {
      const passport = passportOf(n);
      const state = launch.stateDecoded ?? raw.stateDecoded ?? '/auth/oauth2/login.php?id=3';
      const text = JSON.stringify(launch)
        .replaceAll(`${RECORDED_SITE}<STATE>`, `${RECORDED_SITE}${state}`).replaceAll('<PASSPORT>', passport).replaceAll('<BASE64_APPTOKEN>', callbackPayload(passport));
      return JSON.parse(text) as RecordedLaunch;
    }),
  };
}

/** What the window does at one point of the replay (for the docs table and the assertions). */
export interface ReplayLine {
  /** The recorded hop (method + URL) or action. */
  hop: string;
  /** Events fed, each with the decision (`allow` / `prevent`). */
  events: string[];
  /** The document the window shows afterwards ('blank' before the first commit, 'closed'). */
  shows: string;
}

export interface ReplayResult {
  lines: ReplayLine[];
  /** Hops the recording followed but the window refused (must be empty for a passing chain). */
  refused: string[];
  /** Every callback handed over (must be exactly one for a chain that ends in `schuldesk:`). */
  callbacks: string[];
  outcome: LoginWindowOutcome | null;
  /** The guard asked to close the window (and when: the index of the line). */
  closedAtLine: number | null;
  /** Recorded hops that never happened because the window had closed (after the callback: none). */
  afterClose: string[];
}

export type CallbackDelivery = 'recorded' | 'window-open';

/**
 * Replays one recorded launch. `delivery: 'window-open'` turns a scripted link click to
 * `schuldesk:` into `target=_blank` (setWindowOpenHandler) — the other way a page can hand it over.
 */
export function replayLaunch(launch: RecordedLaunch, rules: LoginWindowRules, options: { delivery?: CallbackDelivery; dropHops?: (hop: RecordedHop) => boolean } = {}): ReplayResult {
  const guard = new LoginWindowGuard(rules);
  const result: ReplayResult = { lines: [], refused: [], callbacks: [], outcome: null, closedAtLine: null, afterClose: [] };
  let shows = 'blank';
  let closing = false;

  /** Feeds one event; returns true when the navigation goes on. */
  const feed = (line: ReplayLine, event: LoginWindowEvent): boolean => {
    const step = guard.handle(event);
    line.events.push(`${event.type}${'url' in event ? ` ${event.url.slice(0, 60)}` : ''} → ${step.prevent ? 'prevent' : 'allow'}${step.close ? ' + close' : ''}`);
    if (step.outcome) {
      result.outcome = step.outcome;
      if (step.outcome.kind === 'callback') result.callbacks.push(step.outcome.url);
    }
    if (step.close && !closing) {
      closing = true;
      result.closedAtLine = result.lines.length;
      // The window is destroyed: Electron emits `closed`, nothing else arrives.
      guard.handle({ type: 'closed' });
    }
    return !step.prevent;
  };

  for (const step of launch.steps) {
    if (step.kind === 'action') continue;
    if (step.kind === 'navigation-failed') {
      if (closing) continue;
      const line: ReplayLine = { hop: `(failed) ${step.url.slice(0, 40)}`, events: [], shows };
      feed(line, { type: 'did-fail-load', url: step.url, errorCode: step.failure === 'net::ERR_ABORTED' ? -3 : -2, isMainFrame: true });
      line.shows = closing ? 'closed' : shows;
      result.lines.push(line);
      continue;
    }
    if (options.dropHops?.(step)) continue;
    const label = `${step.request.method} ${step.request.url.slice(0, 90)}`;
    if (closing) {
      result.afterClose.push(label);
      continue;
    }
    const line: ReplayLine = { hop: label, events: [], shows };
    const url = step.request.url;
    let goesOn: boolean;
    if (step.request.reachedBy === 'http-redirect') {
      goesOn = feed(line, { type: 'will-redirect', url, isMainFrame: true });
    } else if (result.lines.length === 0 && step === launch.steps.find((candidate) => candidate.kind === 'hop')) {
      // The app's own loadURL(launchUrl): Electron emits no will-navigate for it.
      goesOn = true;
      line.events.push('loadURL (no event)');
    } else if (options.delivery === 'window-open' && url.startsWith('schuldesk:')) {
      goesOn = feed(line, { type: 'window-open', url });
    } else {
      // Started by the page or the user (form submit, link click, scripted click).
      goesOn = feed(line, { type: 'will-frame-navigate', url, isMainFrame: true }) && feed(line, { type: 'will-navigate', url, isMainFrame: true });
    }
    if (!goesOn && !url.startsWith('schuldesk:')) result.refused.push(label);
    if (goesOn && step.response?.page) {
      feed(line, { type: 'did-navigate', url, httpResponseCode: step.response.status });
      shows = closing ? 'closed' : `${step.response.page.title || '(no title)'} [${step.response.status}]`;
    }
    line.shows = closing ? 'closed' : shows;
    result.lines.push(line);
    if (!goesOn) {
      // A cancelled navigation: the recording's later hops cannot happen.
      if (!closing) break;
    }
  }
  result.outcome = guard.outcome;
  return result;
}
