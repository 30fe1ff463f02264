/**
 * Crash test: a real Node child process writes ledger moves through the store; we SIGKILL it at a
 * seeded random moment after it reported writing, reopen the file, check SQLite's integrity and
 * the ledger's invariants, and start the writer again. Rerun a failure with
 * STORE_CRASH_SEED=<seed printed below>.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, seedFromEnv } from '../support/seeded-random';
import { openDatabase } from '../../main/store/database';
import { ACCOUNT_COUNT, INITIAL_BALANCE, LEDGER_MIGRATIONS } from '../fixtures/store-crash/ledger-schema';

const WRITER = fileURLToPath(new URL('../fixtures/store-crash/ledger-writer.ts', import.meta.url));
const CYCLES = 40;
const MAX_KILL_DELAY_MS = 60;

const SEED = seedFromEnv('STORE_CRASH_SEED');

interface CycleResult {
  /** Highest seq the writer printed as committed before it was killed. */
  reportedCommitted: number;
  /** The last line was "begin": killed inside a move (exact where pipes are synchronous, as on Linux). */
  killedInsideMove: boolean;
  /** It was still running when we killed it (it did not stop or crash on its own). */
  killedWhileRunning: boolean;
  stderr: string;
}

/** Starts the writer, waits for "writing", waits a random delay, SIGKILLs it. */
function runAndKill(file: string, mode: 'atomic' | 'autocommit', delayMs: number): Promise<CycleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, file, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let reportedCommitted = 0;
    let lastLine = '';
    let killRequested = false;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        lastLine = line;
        if (line === 'writing' && !timer) {
          timer = setTimeout(() => {
            killRequested = true;
            child.kill('SIGKILL');
          }, delayMs);
        }
        const match = /^committed (\d+)$/.exec(line);
        if (match) reportedCommitted = Math.max(reportedCommitted, Number(match[1]));
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ reportedCommitted, killedInsideMove: lastLine.startsWith('begin '), killedWhileRunning: killRequested && signal === 'SIGKILL', stderr });
    });
  });
}

interface LedgerState {
  integrity: string[];
  applied: number;
  problems: string[];
}

/** Opens the file the way the app does and checks SQLite's integrity and every ledger invariant. */
function inspect(file: string): LedgerState {
  const store = openDatabase(file, { migrations: LEDGER_MIGRATIONS });
  try {
    const integrity = store.all<{ integrity_check: string }>('PRAGMA integrity_check').map((row) => row.integrity_check);
    const applied = store.get<{ applied: number }>('SELECT applied FROM counter WHERE id = 1')?.applied ?? -1;
    const journal = store.get<{ n: number; max: number | null; min: number | null }>('SELECT count(*) AS n, max(seq) AS max, min(seq) AS min FROM journal');
    const total = store.get<{ total: number }>('SELECT sum(balance) AS total FROM account')?.total;
    const drift = store.all<{ id: number; balance: number; expected: number }>(
      `SELECT a.id, a.balance,
              ? + coalesce((SELECT sum(amount) FROM journal WHERE to_id = a.id), 0)
                - coalesce((SELECT sum(amount) FROM journal WHERE from_id = a.id), 0) AS expected
         FROM account a ORDER BY a.id`,
      INITIAL_BALANCE,
    );
    const problems: string[] = [];
    if (total !== ACCOUNT_COUNT * INITIAL_BALANCE) problems.push(`total ${total} ≠ ${ACCOUNT_COUNT * INITIAL_BALANCE}`);
    if (journal?.n !== applied) problems.push(`journal has ${journal?.n} rows, counter says ${applied}`);
    if (applied > 0 && (journal?.min !== 1 || journal?.max !== applied)) problems.push(`journal seq ${journal?.min}..${journal?.max}, expected 1..${applied}`);
    for (const row of drift) if (row.balance !== row.expected) problems.push(`account ${row.id}: balance ${row.balance}, journal says ${row.expected}`);
    return { integrity, applied, problems };
  } finally {
    store.close();
  }
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'schuldesk-store-crash-'));
  console.log(`store crash test: seed ${SEED} (rerun with STORE_CRASH_SEED=${SEED})`);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe(`store survives SIGKILL mid-write (seed ${SEED})`, () => {
  it(`${CYCLES} kill/reopen cycles: integrity ok, ledger consistent, nothing committed is lost`, async () => {
    const random = seededRandom(SEED);
    const file = join(root, 'atomic', 'ledger.sqlite');
    let previousApplied = 0;
    let progressedCycles = 0;
    let killedInside = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const delay = Math.floor(random() * MAX_KILL_DELAY_MS);
      const result = await runAndKill(file, 'atomic', delay);
      const context = `cycle ${cycle}, kill after ${delay} ms, seed ${SEED}`;
      expect(result.killedWhileRunning, `${context}: writer stopped by itself\n${result.stderr}`).toBe(true);

      const state = inspect(file);
      expect(state.integrity, context).toEqual(['ok']);
      expect(state.problems, context).toEqual([]);
      // A move the writer saw committed is on disk; and nothing disappears between cycles.
      expect(state.applied, context).toBeGreaterThanOrEqual(result.reportedCommitted);
      expect(state.applied, context).toBeGreaterThanOrEqual(previousApplied);
      if (state.applied > previousApplied) progressedCycles += 1;
      if (result.killedInsideMove) killedInside += 1;
      previousApplied = state.applied;
    }
    console.log(`store crash test: ${CYCLES} cycles, ${previousApplied} moves committed, killed inside a transaction in ${killedInside} cycles`);
    // The checks above only mean something if the writer actually wrote in most cycles.
    expect(previousApplied).toBeGreaterThan(CYCLES);
    expect(progressedCycles).toBeGreaterThan(CYCLES / 4);
  });

  it('the checks catch a writer without transactions (negative control)', async () => {
    const random = seededRandom(SEED ^ 0x5eed);
    const file = join(root, 'autocommit', 'ledger.sqlite');
    const found: string[] = [];
    for (let cycle = 1; cycle <= 25 && found.length === 0; cycle++) {
      // Kill only after some moves, so each kill very likely lands between two statements of a move.
      await runAndKill(file, 'autocommit', 5 + Math.floor(random() * MAX_KILL_DELAY_MS));
      const state = inspect(file);
      expect(state.integrity).toEqual(['ok']); // SQLite itself stays intact; the ledger does not
      found.push(...state.problems);
    }
    console.log(`store crash test, negative control found: ${found.join('; ')}`);
    expect(found.length, `seed ${SEED}`).toBeGreaterThan(0);
  });
});
