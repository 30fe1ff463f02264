/**
 * Crash test for drafts and the outbox: a real Node child process (our DraftStore/OutboxEngine on a
 * real SQLite file) talks to the real test Moodle (in this process) and is SIGKILLed — at least
 * TYPE_KILLS times while typing (draft saves) and SEND_KILLS + HANDIN_KILLS times while sending.
 * Send kills are spread on purpose: some at a random moment, others right after the child says it
 * starts an upload, a save or a hand-in ("step …" lines), with the test Moodle holding that request
 * for a moment (delay fault) so the kill lands while it is at the server; now and then the server
 * applies a step and the answer is lost. The next child starts only when the server has finished
 * every request (moodle.whenIdle), as a restarted app meets a portal that did its work.
 * Afterwards every reported save is present, and the fixture's log of write calls (state.writes)
 * shows each content saved at most once, exactly one hand-in call per submission, every draft area
 * used by one save, and the final submission equal to the final draft.
 * Rerun a failure with OUTBOX_CRASH_SEED=<seed>.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, seedFromEnv } from '../support/seeded-random';
import { DraftStore } from '../../main/outbox/drafts';
import { sanitizeDraftHtml } from '../../main/outbox/sanitize-html';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import type { WriteCall } from '../fixtures/moodle/site';

const CHILD = fileURLToPath(new URL('../fixtures/outbox-crash/outbox-child.ts', import.meta.url));
const HOOK = fileURLToPath(new URL('../fixtures/outbox-crash/resolve-ts.mjs', import.meta.url));
const TYPE_KILLS = 50;
const SEND_KILLS = 50;
/** Kills right after a hand-in started (each draft is handed in once, so these are few). */
const HANDIN_KILLS = 3;
const SEED = seedFromEnv('OUTBOX_CRASH_SEED');
const REST = '/webservice/rest/server.php';
const UPLOAD = '/webservice/upload.php';
const SAVE = 'mod_assign_save_submission';
const SUBMIT = 'mod_assign_submit_for_grading';

interface Run {
  lines: string[];
  killed: boolean;
  /** The last "step …" the child announced before it was killed (null: killed between portal calls). */
  killedAtStep: string | null;
  stderr: string;
}

/** When to kill: `afterReadyMs` after "ready", or `extraMs` after the child announces `step`; null = never. */
type KillPlan = { afterReadyMs: number } | { step: string; extraMs: number } | null;

function runChild(args: string[], env: Record<string, string>, plan: KillPlan): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', HOOK, CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let armed = false;
    let lastStep: string | null = null;
    let stepAtKill: string | null = null;
    const kill = (ms: number): void => {
      armed = true;
      setTimeout(() => {
        stepAtKill = lastStep;
        killed = child.kill('SIGKILL');
      }, ms);
    };
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        if (line.startsWith('step ')) lastStep = line.slice(5);
        if (armed || !plan) continue;
        if ('afterReadyMs' in plan && line === 'ready') kill(plan.afterReadyMs);
        if ('step' in plan && line === `step ${plan.step}`) kill(plan.extraMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', () => resolve({ lines: stdout.split('\n').filter(Boolean), killed, killedAtStep: killed ? stepAtKill : null, stderr }));
  });
}

describe('drafts and outbox survive SIGKILL while typing and while sending', () => {
  let dir: string;
  let moodle: TestMoodle;
  const random = seededRandom(SEED);
  const students = ['student1', 'student2', 'student3'];
  const assignIds = [1, 3];
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'schuldesk-outbox-crash-'));
    moodle = await startTestMoodle();
    const accounts = students.map((username) => ({
      accountId: `acc-${username}`,
      siteUrl: moodle.url,
      token: moodle.state.issueToken(username),
      userId: moodle.state.requireUser(username).id,
      username,
      assignIds,
    }));
    env = { OUTBOX_ACCOUNTS: JSON.stringify(accounts) };
    console.log(`outbox crash seed ${SEED}`);
  });

  afterAll(async () => {
    await moodle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every reported draft save over ${TYPE_KILLS} kills and sends each submission exactly once over ${SEND_KILLS + HANDIN_KILLS}+ kills`, { timeout: 300_000 }, async () => {
    const db = join(dir, 'schuldesk.sqlite');
    const dataDir = join(dir, 'data');
    const reported = new Map<string, number>();
    const collect = (run: Run): void => {
      for (const line of run.lines) {
        const [word, id, version] = line.split(' ');
        if (word === 'saved' && id && version) reported.set(id, Math.max(reported.get(id) ?? 0, Number(version)));
      }
    };

    // Typing: killed at a random moment of a stream of saves.
    let typeKills = 0;
    for (let cycle = 0; typeKills < TYPE_KILLS; cycle++) {
      expect(cycle, 'typing cycles without enough kills').toBeLessThan(TYPE_KILLS * 2);
      const run = await runChild([db, dataDir, 'type'], env, { afterReadyMs: Math.floor(random() * 40) });
      expect(run.stderr).toBe('');
      if (run.killed) typeKills++;
      collect(run);
      // Every save the child saw return is in the file, with its version in the history.
      const store = openDatabase(db, { migrations: APP_MIGRATIONS });
      try {
        expect(store.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
        for (const [id, version] of reported) {
          const row = store.get<{ version: number }>('SELECT version FROM drafts WHERE id = ?', id);
          expect(row?.version ?? -1).toBeGreaterThanOrEqual(version);
          expect(store.get('SELECT 1 AS x FROM draft_versions WHERE draft_id = ? AND version = ?', id, version)).toBeDefined();
        }
      } finally {
        store.close();
      }
    }
    expect(reported.size).toBe(students.length * assignIds.length);

    /** One sending cycle: faults for this run, the child, then wait until the server has finished everything. */
    const killsAtStep = new Map<string, number>();
    let lostAnswers = 0;
    const sendCycle = async (phase: 'send' | 'send-final', plan: KillPlan): Promise<Run> => {
      if (plan && 'step' in plan) {
        // The server holds the request long enough that the kill (step start + up to 25 ms) lands while
        // it is there even on a loaded machine (at 30–70 ms a full run on 2 cores once saw no upload kill).
        const route = plan.step === 'upload' ? { path: UPLOAD } : { path: REST, wsfunction: plan.step };
        moodle.state.faults.inject({ ...route, fault: { type: 'delay', ms: 150 + Math.floor(random() * 100) } });
      } else if (random() < 0.4) {
        // Now and then the server applies a step and the answer is lost.
        const r = random();
        const route = r < 0.4 ? { path: REST, wsfunction: SAVE } : r < 0.7 ? { path: REST, wsfunction: SUBMIT } : { path: UPLOAD };
        moodle.state.faults.inject({ ...route, fault: { type: 'reset', afterApply: true } });
        lostAnswers++;
      }
      const run = await runChild([db, dataDir, phase], env, plan);
      await moodle.whenIdle();
      moodle.state.faults.clear();
      expect(run.stderr).toBe('');
      collect(run);
      if (run.killed) {
        const at = run.killedAtStep ?? '(between calls)';
        killsAtStep.set(at, (killsAtStep.get(at) ?? 0) + 1);
      }
      return run;
    };

    // Sending: every cycle edits each draft and sends it as a portal draft; killed at random moments
    // or right after an upload / save / status check started.
    let sendKills = 0;
    for (let cycle = 0; sendKills < SEND_KILLS; cycle++) {
      expect(cycle, 'send cycles without enough kills').toBeLessThan(SEND_KILLS * 3);
      const r = random();
      const extraMs = Math.floor(random() * 25);
      const plan: KillPlan =
        r < 0.35 ? { afterReadyMs: Math.floor(random() * 120) } : r < 0.6 ? { step: 'upload', extraMs } : r < 0.9 ? { step: SAVE, extraMs } : { step: 'mod_assign_get_submission_status', extraMs };
      if ((await sendCycle('send', plan)).killed) sendKills++;
    }
    // Hand-in: killed right after a hand-in started, then without kills until everything is handed in.
    let handinKills = 0;
    let finished = false;
    for (let cycle = 0; !finished; cycle++) {
      expect(cycle, 'hand-in cycles').toBeLessThan(40);
      const plan: KillPlan = handinKills < HANDIN_KILLS ? { step: SUBMIT, extraMs: Math.floor(random() * 25) } : null;
      const run = await sendCycle('send-final', plan);
      if (run.killed) handinKills++;
      finished = run.lines.includes('idle');
    }
    expect(handinKills).toBe(HANDIN_KILLS);
    const kills = typeKills + sendKills + handinKills;
    expect(kills).toBeGreaterThanOrEqual(100);
    // Kills landed in the middle of uploads, saves and hand-ins, not only between calls.
    for (const step of ['upload', SAVE, SUBMIT]) expect(killsAtStep.get(step) ?? 0, `kills during ${step}`).toBeGreaterThan(0);

    // Reported saves of the send phase are durable too.
    const store = openDatabase(db, { migrations: APP_MIGRATIONS });
    const drafts = new DraftStore({ store, dataDir, now: Date.now });
    try {
      for (const [id, version] of reported) {
        expect(store.get<{ version: number }>('SELECT version FROM drafts WHERE id = ?', id)?.version ?? -1).toBeGreaterThanOrEqual(version);
      }
      // Exactly once, from the server's log of the write calls that reached it (applied or refused).
      const writes = moodle.state.writes;
      const saves = writes.filter((w): w is Extract<WriteCall, { fn: 'save' }> => w.fn === 'save');
      const submits = writes.filter((w): w is Extract<WriteCall, { fn: 'submit' }> => w.fn === 'submit');
      const uploads = writes.filter((w): w is Extract<WriteCall, { fn: 'upload' }> => w.fn === 'upload');
      expect(saves.every((w) => w.applied), 'a save refused by the portal').toBe(true);
      for (const username of students) {
        const userId = moodle.state.requireUser(username).id;
        for (const assignId of assignIds) {
          const label = `${username}/assign ${assignId}`;
          const draft = drafts.byAssignment(`acc-${username}`, assignId);
          expect(draft?.state, label).toBe('sent');
          const mine = saves.filter((w) => w.userId === userId && w.assignId === assignId);
          // No content was saved twice: a step the server had applied was never repeated.
          const contents = mine.map((w) => JSON.stringify([w.text, [...w.filenames].sort()]));
          expect(contents.length, `${label}: saves`).toBeGreaterThan(0);
          expect(new Set(contents).size, `${label}: a content saved twice`).toBe(contents.length);
          // One hand-in call, applied, from a draft, after the last save: never a second one.
          const handIns = submits.filter((w) => w.userId === userId && w.assignId === assignId);
          expect(handIns.map((w) => [w.from, w.applied]), `${label}: hand-in calls`).toEqual([['draft', true]]);
          expect(writes.indexOf(handIns[0] as WriteCall)).toBeGreaterThan(writes.indexOf(mine.at(-1) as WriteCall));
          // Every save with files took a draft area of its own, uploaded with exactly the draft's files.
          for (const save of mine.filter((w) => w.itemid)) {
            expect(saves.filter((w) => w.itemid === save.itemid), `${label}: draft area ${save.itemid} saved twice`).toHaveLength(1);
            const area = uploads.filter((u) => u.userId === userId && u.itemid === save.itemid).flatMap((u) => u.filenames);
            expect([...area].sort()).toEqual([...save.filenames].sort());
          }
          const all = moodle.state.listSubmissions(assignId).filter((s) => s.submission.userId === userId);
          expect(all).toHaveLength(1);
          const view = all[0];
          expect(view?.submission.status).toBe('submitted');
          expect(sanitizeDraftHtml(view?.submission.onlineText ?? '')).toBe(draft?.textHtml);
          expect(view?.files.map((f) => f.filename).sort()).toEqual(draft?.files.map((f) => f.name).sort());
        }
      }
      console.log(
        `outbox crash: ${kills} kills — ${typeKills} while typing (${reported.size} drafts, up to version ${Math.max(...reported.values())}), ${sendKills} while sending, ${handinKills} during hand-in; ` +
          `kills by step in flight ${JSON.stringify(Object.fromEntries(killsAtStep))}; ${lostAnswers} answers lost after apply; ` +
          `server got ${saves.length} saves, ${submits.length} hand-ins, ${uploads.length} uploads`,
      );
    } finally {
      store.close();
    }
  });
});
