/**
 * Main's account of a meeting's captures (capture-control.ts), the held camera requests of the
 * toolbar question (held-requests.ts) and the join URL rule (join-url.ts). Pure; the wiring is in
 * conference-window-wiring.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { NO_GRANTS, rejoinUrl, stepCaptures, replacesPage } from '../../main/conference/capture-control';
import type { CaptureEvent, CaptureGrants, CaptureRules } from '../../main/conference/capture-control';
import { HeldRequests, QUESTION_TIMEOUT_MS } from '../../main/conference/held-requests';
import { checkJoinUrl } from '../../main/conference/join-url';
import { ERROR_TEXTS } from '../../preload/contract/errors';

const OPEN: CaptureRules = { objection: false, cameraAllowed: true, screenAllowed: true };
const CAMERA: CaptureGrants = { camera: true, microphone: true, screen: false };
const SCREEN: CaptureGrants = { camera: false, microphone: false, screen: true };
const MIC: CaptureGrants = { camera: false, microphone: true, screen: false };

describe('stepCaptures: what main does, given its grants, the rules and an event', () => {
  const rows: [string, CaptureGrants, CaptureEvent, CaptureRules, 'none' | 'end-captures', string | null, CaptureGrants][] = [
    ['camera granted: remembered', NO_GRANTS, { type: 'granted', reason: 'camera' }, OPEN, 'none', null, { camera: true, microphone: false, screen: false }],
    ['camera+microphone granted', NO_GRANTS, { type: 'granted', reason: 'camera-and-microphone' }, OPEN, 'none', null, CAMERA],
    ['microphone granted', NO_GRANTS, { type: 'granted', reason: 'microphone' }, OPEN, 'none', null, MIC],
    ['screen granted', MIC, { type: 'granted', reason: 'screen' }, OPEN, 'none', null, { camera: false, microphone: true, screen: true }],
    ['objection on while a camera may be live: end every capture', CAMERA, { type: 'rules-changed' }, { ...OPEN, objection: true }, 'end-captures', 'objection', NO_GRANTS],
    ['objection on, only the microphone: nothing to end', MIC, { type: 'rules-changed' }, { ...OPEN, objection: true }, 'none', null, MIC],
    ['objection on, only a screen share: not the student\'s image', SCREEN, { type: 'rules-changed' }, { ...OPEN, objection: true }, 'none', null, SCREEN],
    ['camera withdrawn (gate closed again) while granted', CAMERA, { type: 'rules-changed' }, { ...OPEN, cameraAllowed: false }, 'end-captures', 'camera-withdrawn', NO_GRANTS],
    ['objection and withdrawal: the objection is named', CAMERA, { type: 'rules-changed' }, { objection: true, cameraAllowed: false, screenAllowed: true }, 'end-captures', 'objection', NO_GRANTS],
    ['sharing role withdrawn by policy while sharing', SCREEN, { type: 'rules-changed' }, { ...OPEN, screenAllowed: false }, 'end-captures', 'screen-withdrawn', NO_GRANTS],
    ['nothing granted, everything forbidden: nothing to do', NO_GRANTS, { type: 'rules-changed' }, { objection: true, cameraAllowed: false, screenAllowed: false }, 'none', null, NO_GRANTS],
    ['rules unchanged', CAMERA, { type: 'rules-changed' }, OPEN, 'none', null, CAMERA],
    ['new document: its captures died with the old one', CAMERA, { type: 'document-gone' }, { ...OPEN, objection: true }, 'none', null, NO_GRANTS],
    ['a screen grant the display-media handler did not claim', SCREEN, { type: 'screen-grant-unclaimed' }, OPEN, 'end-captures', 'unpicked-screen-capture', NO_GRANTS],
    ['a camera granted against the rules (race): ended at once', NO_GRANTS, { type: 'granted', reason: 'camera' }, { ...OPEN, objection: true }, 'end-captures', 'objection', NO_GRANTS],
  ];
  it.each(rows)('%s', (_name, grants, event, rules, action, reason, next) => {
    expect(stepCaptures(grants, event, rules)).toEqual({ action, reason, grants: next });
  });

  it('whatever the history: after an objection no camera grant survives a rules change', () => {
    const events: CaptureEvent[] = [
      { type: 'granted', reason: 'camera' },
      { type: 'granted', reason: 'microphone' },
      { type: 'granted', reason: 'screen' },
      { type: 'granted', reason: 'camera-and-microphone' },
      { type: 'document-gone' },
    ];
    // Every sequence of up to 3 events under open rules, then the objection.
    const sequences: CaptureEvent[][] = [[]];
    for (let n = 0; n < 3; n++) for (const seq of [...sequences]) for (const e of events) sequences.push([...seq, e]);
    for (const seq of sequences) {
      let grants: CaptureGrants = NO_GRANTS;
      for (const event of seq) grants = stepCaptures(grants, event, OPEN).grants;
      const step = stepCaptures(grants, { type: 'rules-changed' }, { ...OPEN, objection: true });
      expect(step.grants.camera).toBe(false);
      if (grants.camera) expect(step.action).toBe('end-captures');
    }
  });
});

describe('rejoinUrl', () => {
  const origins = ['https://bbb.schule.example', 'https://bbb2.schule.example'];
  it('keeps the BBB client page (its session token rejoins like F5)', () => {
    const client = 'https://bbb.schule.example/html5client/join?sessionToken=abc';
    expect(rejoinUrl(client, 'https://bbb.schule.example/bigbluebutton/api/join?x=1', origins)).toBe(client);
    expect(rejoinUrl('https://bbb2.schule.example/html5client/', 'https://bbb.schule.example/j', origins)).toBe('https://bbb2.schule.example/html5client/');
  });
  it('falls back to the join URL off the meeting origins or without a page', () => {
    const join = 'https://bbb.schule.example/bigbluebutton/api/join?x=1';
    for (const current of ['', 'about:blank', 'https://evil.example/', 'https://bbb.schule.example.evil.test/', 'data:text/html,x']) expect(rejoinUrl(current, join, origins)).toBe(join);
  });
});

describe('HeldRequests: the camera question answers every held request exactly once', () => {
  function manualTimers() {
    const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
    const schedule = (run: () => void, ms: number) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    };
    return { timers, schedule };
  }

  it('the first request asks, later ones join; the answer reaches each once', () => {
    const { schedule } = manualTimers();
    const held = new HeldRequests<string>({ schedule });
    const answers: [string, boolean][] = [];
    expect(held.hold('a', (g) => answers.push(['a', g]))).toBe('asked');
    expect(held.hold('b', (g) => answers.push(['b', g]))).toBe('joined');
    expect(held.open).toBe(true);
    expect(held.settle((entry) => entry === 'a')).toBe(2);
    expect(answers).toEqual([['a', true], ['b', false]]);
    expect(held.open).toBe(false);
    expect(held.refuseAll()).toBe(0);
    expect(answers).toHaveLength(2);
  });

  it('times out after QUESTION_TIMEOUT_MS with a refusal; an answer cancels the timer', () => {
    const { timers, schedule } = manualTimers();
    let timedOut = 0;
    const held = new HeldRequests<string>({ schedule, onTimeout: () => (timedOut += 1) });
    const answers: boolean[] = [];
    held.hold('a', (g) => answers.push(g));
    expect(timers.map((t) => t.ms)).toEqual([QUESTION_TIMEOUT_MS]);
    timers[0]!.run();
    expect(answers).toEqual([false]);
    expect(timedOut).toBe(1);
    held.hold('b', (g) => answers.push(g));
    held.settle(() => true);
    expect(timers[1]!.cancelled).toBe(true);
    expect(answers).toEqual([false, true]);
  });

  it('a throwing callback (frame gone) or a throwing decision refuses without breaking the others', () => {
    const { schedule } = manualTimers();
    const held = new HeldRequests<string>({ schedule });
    const answers: [string, boolean][] = [];
    held.hold('gone', () => {
      throw new TypeError('Render frame was disposed');
    });
    held.hold('bad', (g) => answers.push(['bad', g]));
    held.hold('ok', (g) => answers.push(['ok', g]));
    held.settle((entry) => {
      if (entry === 'bad') throw new Error('x');
      return true;
    });
    expect(answers).toEqual([['bad', false], ['ok', true]]);
  });
});

describe('checkJoinUrl', () => {
  it.each([
    ['https://bbb.schule.example/bigbluebutton/api/join?x=1', true, true],
    ['https://bbb.schule.example/j', false, true],
    ['https://bbb.schüle.example/j', true, true],
    ['http://127.0.0.1:8080/join', false, true],
    ['http://localhost:8080/join', false, true],
    ['http://127.0.0.1:8080/join', true, false],
    ['http://localhost/join', true, false],
    ['http://bbb.schule.example/join', false, false],
    ['http://bbb.schule.example/join', true, false],
    ['https://user:pw@bbb.schule.example/join', true, false],
    ['ftp://bbb.schule.example/join', false, false],
    ['javascript:alert(1)', false, false],
    ['not a url', false, false],
  ])('%s (packaged %s) → %s', (url, packaged, ok) => {
    expect(checkJoinUrl(url, packaged).ok).toBe(ok);
  });

  it('names the origin in punycode for an umlaut host', () => {
    expect(checkJoinUrl('https://bbb.schüle.example/j', true)).toEqual({ ok: true, origin: 'https://bbb.xn--schle-mva.example' });
  });
});

describe('join URL refusals are told to the student in German and English', () => {
  it('names the reason in both languages', () => {
    for (const reason of ['invalid', 'not-https', 'credentials'] as const) {
      expect(ERROR_TEXTS[`join-url-${reason}`].de).toMatch(/Konferenz/);
      expect(ERROR_TEXTS[`join-url-${reason}`].en).toMatch(/meeting/);
    }
    expect(ERROR_TEXTS['join-url-not-https'].de).toContain('https');
    expect(ERROR_TEXTS['join-url-not-https'].en).toContain('https');
  });
});

describe('replacesPage: which committed navigation ends the page (and resets main\'s account)', () => {
  const page = { processId: 7, routingId: 4 };
  it.each([
    ['the page\'s own main frame (Electron 45 did-frame-navigate, isMainFrame true)', { isMainFrame: true, frameProcessId: 7, frameRoutingId: 4 }, true],
    ['a fenced frame root: isMainFrame true, another frame', { isMainFrame: true, frameProcessId: 9, frameRoutingId: 3 }, false],
    ['same routing id in another process', { isMainFrame: true, frameProcessId: 8, frameRoutingId: 4 }, false],
    ['a subframe', { isMainFrame: false, frameProcessId: 7, frameRoutingId: 4 }, false],
  ])('%s', (_name, navigation, expected) => {
    expect(replacesPage(navigation, page)).toBe(expected);
  });
});
