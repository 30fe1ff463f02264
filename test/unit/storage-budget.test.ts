import { describe, expect, it } from 'vitest';
import { mbToBytes, planEviction } from '../../main/sync/storage-budget';

const files = [
  { id: 'old', bytes: 40, lastUsedAt: 1 },
  { id: 'draft-file', bytes: 50, lastUsedAt: 0 },
  { id: 'mid', bytes: 30, lastUsedAt: 5 },
  { id: 'new', bytes: 20, lastUsedAt: 9 },
];
const unsent = (id: string): boolean => id === 'draft-file';

describe('storage budget LRU', () => {
  it('evicts least recently used first until it fits', () => {
    expect(planEviction(files, 100, unsent)).toEqual({ evict: ['old'], bytesAfter: 100, overBudget: false });
    expect(planEviction(files, 80, unsent)).toEqual({ evict: ['old', 'mid'], bytesAfter: 70, overBudget: false });
  });
  it('never evicts unsent work, even when the budget stays exceeded', () => {
    const plan = planEviction(files, 10, unsent);
    expect(plan.evict).toEqual(['old', 'mid', 'new']);
    expect(plan.evict).not.toContain('draft-file');
    expect(plan).toMatchObject({ bytesAfter: 50, overBudget: true });
  });
  it('nothing to do within budget; MB conversion', () => {
    expect(planEviction(files, 1000, unsent).evict).toEqual([]);
    expect(mbToBytes(2)).toBe(2_097_152);
  });
});
