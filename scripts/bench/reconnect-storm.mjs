// `node scripts/bench/reconnect-storm.mjs` (also run by `npm run bench`).
/**
 * 10,000 clients reconnect after a portal outage (virtual time, no sockets). Prints the peak
 * requests per second the portal sees without policy (everyone at once, immediate retries)
 * and with the sync schedule's reconnect spread + full-jitter backoff.
 * The portal serves CAPACITY requests/s; excess requests fail and are retried.
 */
import { importTs } from '../lib/load-ts.mjs';

const { backoffDelay, DEFAULT_SYNC_SCHEDULE, reconnectDelay } = await importTs('main/sync/schedule.ts');

const CLIENTS = 10_000;
const CAPACITY = 500;
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

function simulate(withPolicy) {
  const perSecond = new Map();
  let pending = [];
  for (let i = 0; i < CLIENTS; i++) pending.push({ at: withPolicy ? reconnectDelay(DEFAULT_SYNC_SCHEDULE, random) : 0, failures: 0 });
  let last = 0;
  while (pending.length > 0) {
    pending.sort((a, b) => a.at - b.at);
    const sec = Math.floor(pending[0].at / 1000);
    const batch = pending.filter((p) => Math.floor(p.at / 1000) === sec);
    pending = pending.filter((p) => Math.floor(p.at / 1000) !== sec);
    perSecond.set(sec, batch.length);
    last = sec;
    batch.forEach((p, i) => {
      if (i < CAPACITY) return; // served
      const failures = p.failures + 1;
      const delay = withPolicy ? backoffDelay(DEFAULT_SYNC_SCHEDULE, failures, random) : 1000; // naive: retry each second
      pending.push({ at: (sec + 1) * 1000 + delay, failures });
    });
  }
  return { peak: Math.max(...perSecond.values()), doneAtS: last };
}

const naive = simulate(false);
const jittered = simulate(true);
console.log(`reconnect storm: ${CLIENTS} clients, portal capacity ${CAPACITY} req/s`);
console.log(`  without policy: peak ${naive.peak} req/s, all served after ${naive.doneAtS} s`);
console.log(`  with jitter/backoff: peak ${jittered.peak} req/s, all served after ${jittered.doneAtS} s`);
