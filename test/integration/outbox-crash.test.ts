/**
 * Crash test for drafts and the outbox: a real Node child process (our DraftStore/OutboxEngine on a
 * real SQLite file) talks to the real test Moodle (in this process) and is SIGKILLed at seeded random
 * moments — while typing (draft saves) and while sending (upload, save, submit, some answers lost
 * after the server applied them). Afterwards every reported save is present, and Moodle holds each
 * student's submission exactly once with the draft's final text and files. Rerun a failure with
 * OUTBOX_CRASH_SEED=<seed>.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftStore } from '../../main/outbox/drafts';
import { sanitizeDraftHtml } from '../../main/outbox/sanitize-html';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';

const CHILD = fileURLToPath(new URL('../fixtures/outbox-crash/outbox-child.ts', import.meta.url));
const HOOK = fileURLToPath(new URL('../fixtures/outbox-crash/resolve-ts.mjs', import.meta.url));
const TYPE_KILLS = 60;
const SEND_KILLS = 60;
const SEED = Number(process.env.OUTBOX_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Run {
  lines: string[];
  killed: boolean;
  stderr: string;
}

/** Starts the child; after "ready" waits `killAfterMs` (null = never) and SIGKILLs it. */
function runChild(args: string[], env: Record<string, string>, killAfterMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', HOOK, CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const before = stdout.includes('ready\n');
      stdout += chunk;
      if (!before && stdout.includes('ready\n') && killAfterMs !== null) {
        setTimeout(() => {
          killed = child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', () => resolve({ lines: stdout.split('\n').filter(Boolean), killed, stderr }));
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

  it(`keeps every reported draft save over ${TYPE_KILLS} kills and sends each submission exactly once over ${SEND_KILLS}+ kills`, { timeout: 240_000 }, async () => {
    const db = join(dir, 'schuldesk.sqlite');
    const dataDir = join(dir, 'data');
    const reported = new Map<string, number>();
    let typeKills = 0;
    for (let cycle = 0; cycle < TYPE_KILLS; cycle++) {
      const run = await runChild([db, dataDir, 'type'], env, Math.floor(random() * 40));
      expect(run.stderr).toBe('');
      if (run.killed) typeKills++;
      for (const line of run.lines) {
        const [word, id, version] = line.split(' ');
        if (word === 'saved' && id && version) reported.set(id, Math.max(reported.get(id) ?? 0, Number(version)));
      }
      // Every save the child saw return is in the file, with its version in the history.
      const store = openDatabase(db, { migrations: APP_MIGRATIONS });
      try {
        expect(store.get<{ ok: string }>('PRAGMA integrity_check')?.ok ?? store.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
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
    expect(typeKills).toBeGreaterThanOrEqual(TYPE_KILLS * 0.9);

    // Sending: kill at random moments; now and then the server applies a step and the answer is lost.
    let sendKills = 0;
    let lostAnswers = 0;
    const stepsAtKill = new Map<string, number>();
    let finished = false;
    for (let cycle = 0; !finished && cycle < SEND_KILLS + 50; cycle++) {
      const r = random();
      if (r < 0.3) {
        const wsfunction = r < 0.1 ? 'mod_assign_save_submission' : r < 0.2 ? 'mod_assign_submit_for_grading' : undefined;
        const path = wsfunction ? '/webservice/rest/server.php' : '/webservice/upload.php';
        moodle.state.faults.inject({ path, ...(wsfunction ? { wsfunction } : {}), fault: { type: 'reset', afterApply: true } });
        lostAnswers++;
      }
      // First SEND_KILLS cycles: edit + send as portal draft, killed at random; then hand in (the
      // first hand-in cycles are killed too), finally unkilled until everything is handed in.
      const phase = cycle < SEND_KILLS ? 'send' : 'send-final';
      const killAfter = cycle < SEND_KILLS + 10 ? Math.floor(random() * 120) : null;
      const run = await runChild([db, dataDir, phase], env, killAfter);
      moodle.state.faults.clear();
      expect(run.stderr).toBe('');
      for (const line of run.lines) {
        const [word, id, version] = line.split(' ');
        if (word === 'saved' && id && version) reported.set(id, Math.max(reported.get(id) ?? 0, Number(version)));
      }
      if (run.killed) {
        sendKills++;
        // Where the kill left the items (evidence that kills land between the steps).
        const store = openDatabase(db, { migrations: APP_MIGRATIONS });
        try {
          for (const row of store.all<{ step: string; status: string }>('SELECT step, status FROM outbox')) {
            const key = row.status === 'done' ? 'done' : row.step;
            stepsAtKill.set(key, (stepsAtKill.get(key) ?? 0) + 1);
          }
        } finally {
          store.close();
        }
      }
      if (run.lines.includes('idle')) finished = phase === 'send-final';
    }
    expect(finished).toBe(true);
    expect(sendKills).toBeGreaterThanOrEqual(SEND_KILLS * 0.5);
    // Reported saves of the send phase are durable too.
    {
      const store = openDatabase(db, { migrations: APP_MIGRATIONS });
      try {
        for (const [id, version] of reported) {
          expect(store.get<{ version: number }>('SELECT version FROM drafts WHERE id = ?', id)?.version ?? -1).toBeGreaterThanOrEqual(version);
        }
      } finally {
        store.close();
      }
    }

    // Exactly once: one submission per student and assignment, submitted, with the final draft's text and files.
    const store = openDatabase(db, { migrations: APP_MIGRATIONS });
    const drafts = new DraftStore({ store, dataDir, now: Date.now });
    try {
      for (const username of students) {
        for (const assignId of assignIds) {
          const draft = drafts.byAssignment(`acc-${username}`, assignId);
          expect(draft?.state).toBe('sent');
          const all = moodle.state.listSubmissions(assignId).filter((s) => s.submission.userId === moodle.state.requireUser(username).id);
          expect(all).toHaveLength(1);
          const view = all[0];
          expect(view?.submission.status).toBe('submitted');
          expect(sanitizeDraftHtml(view?.submission.onlineText ?? '')).toBe(draft?.textHtml);
          expect(view?.files.map((f) => f.filename).sort()).toEqual(draft?.files.map((f) => f.name).sort());
        }
      }
    } finally {
      store.close();
    }
    console.log(
      `outbox crash: ${typeKills} kills while typing (${reported.size} drafts, up to version ${Math.max(...reported.values())}), ${sendKills} kills while sending, ${lostAnswers} answers lost after apply; item steps found after kills: ${JSON.stringify(Object.fromEntries(stepsAtKill))}`,
    );
    // Kills must have hit items in the middle of sending, not only before or after.
    expect([...stepsAtKill.keys()].filter((step) => step !== 'done' && step !== 'pending').length).toBeGreaterThan(0);
  });
});
