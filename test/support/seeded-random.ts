/** mulberry32: small, seedable, good enough to spread kill moments and jitter; [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The seed of a run: from the environment variable `name` (to replay a failure) or a random one. */
export function seedFromEnv(name: string): number {
  return Number(process.env[name] ?? Math.floor(Math.random() * 2 ** 31));
}
