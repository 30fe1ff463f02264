import { describe, expect, it } from 'vitest';
import { chunk, readyChunk } from '../../renderer/ui/chunk';

describe('chunk (a piece of the UI in its own chunk, rendered without Suspense)', () => {
  it('loads once however often it is asked, and keeps the value for the next render', async () => {
    let calls = 0;
    const piece = chunk(() => {
      calls += 1;
      return Promise.resolve('screen');
    });
    expect(piece.value).toBeUndefined();
    const [a, b] = await Promise.all([piece.load(), piece.load()]);
    expect([a, b, piece.value, calls]).toEqual(['screen', 'screen', 'screen', 1]);
    await piece.load();
    expect(calls).toBe(1);
  });

  it('after a failed load tries again when asked again (the network may be back)', async () => {
    let calls = 0;
    const piece = chunk(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('chunk not found')) : Promise.resolve('screen');
    });
    await expect(piece.load()).rejects.toThrow('chunk not found');
    expect(piece.value).toBeUndefined();
    await expect(piece.load()).resolves.toBe('screen');
    expect([piece.value, calls]).toEqual(['screen', 2]);
  });

  it('a ready chunk has its value from the start', async () => {
    const piece = readyChunk('start');
    expect(piece.value).toBe('start');
    await expect(piece.load()).resolves.toBe('start');
  });
});
