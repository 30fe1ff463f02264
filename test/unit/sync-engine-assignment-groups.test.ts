import { describe, expect, it } from 'vitest';
import { groupAssignments, groupOf, WEEK_MS } from '../../renderer/features/assignments/grouping';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const H = 3_600_000;
const item = (title: string, dueAt: number, status = 'new') => ({ title, dueAt, status });

describe('Aufgaben grouping', () => {
  it('puts submitted work under abgegeben whatever its date, and open work by due date', () => {
    expect(groupOf(item('a', NOW - H, 'submitted'), NOW)).toBe('submitted');
    expect(groupOf(item('b', NOW - 1), NOW)).toBe('overdue');
    expect(groupOf(item('c', NOW), NOW)).toBe('overdue');
    expect(groupOf(item('d', NOW + 1), NOW)).toBe('week');
    expect(groupOf(item('e', NOW + WEEK_MS), NOW)).toBe('week');
    expect(groupOf(item('f', NOW + WEEK_MS + 1), NOW)).toBe('later');
    expect(groupOf(item('g', 0), NOW)).toBe('later');
    expect(groupOf(item('h', NOW - H, 'reopened'), NOW)).toBe('overdue');
  });

  it('orders groups überfällig → diese Woche → später → abgegeben, soonest first, no due date last, leaves out empty groups', () => {
    const groups = groupAssignments([
      item('ohne Frist', 0), item('übermorgen', NOW + 48 * H), item('morgen', NOW + 24 * H),
      item('gestern', NOW - 24 * H), item('in drei Wochen', NOW + 21 * 24 * H), item('alt abgegeben', NOW - 100 * H, 'submitted'),
      item('neu abgegeben', NOW - H, 'submitted'),
    ], NOW);
    expect(groups.map((g) => [g.group, g.items.map((i) => i.title)])).toEqual([
      ['overdue', ['gestern']],
      ['week', ['morgen', 'übermorgen']],
      ['later', ['in drei Wochen', 'ohne Frist']],
      ['submitted', ['neu abgegeben', 'alt abgegeben']],
    ]);
    expect(groupAssignments([item('x', NOW + H)], NOW).map((g) => g.group)).toEqual(['week']);
  });
});
