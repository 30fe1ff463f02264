import { describe, expect, it } from 'vitest';
import { AssignmentsRepository } from '../../main/assignments/index';
import type { Store } from '../../main/store/database';
import { insertAccountRows, useAppStorePerTest } from '../support/app-store';

const stores = useAppStorePerTest('schuldesk-assign-');

function open(): { repo: AssignmentsRepository; s: Store } {
  const s = stores.open();
  insertAccountRows(s, ['a1', 'a2']);
  return { repo: new AssignmentsRepository(s), s };
}

const base = { cmid: 10, courseId: 2, name: 'Aufsatz', introHtml: '<p>Schreib</p>', cutoffAt: 0, configs: [{ name: 'wordlimit', value: '200' }], files: [] };

describe('AssignmentsRepository (real SQLite, migration 5)', () => {
  it('stores per account, orders by due date (none last), joins status, updates in place', () => {
    const { repo } = open();
    repo.upsertAssignment('a1', { ...base, assignId: 1, dueAt: 0 }, 5);
    repo.upsertAssignment('a1', { ...base, assignId: 2, dueAt: 2000 }, 5);
    repo.upsertAssignment('a2', { ...base, assignId: 3, dueAt: 1000 }, 5);
    repo.upsertStatus('a1', { assignId: 2, status: 'submitted', timeModified: 77, grade: '1,0', feedbackHtml: '<p>Gut</p>', raw: {} }, 6);
    expect(repo.list('a1').map((a) => a.assignId)).toEqual([2, 1]);
    expect(repo.get('a1', 2)?.status).toEqual({ status: 'submitted', timeModified: 77, grade: '1,0', feedbackHtml: '<p>Gut</p>' });
    expect(repo.get('a1', 1)?.status).toBeNull();
    expect(repo.get('a1', 3)).toBeUndefined();
    repo.upsertAssignment('a1', { ...base, assignId: 2, dueAt: 3000, name: 'Neu' }, 9);
    expect(repo.get('a1', 2)).toMatchObject({ name: 'Neu', dueAt: 3000, syncedAt: 9, configs: [{ name: 'wordlimit', value: '200' }] });
  });
  it('removes assignments the portal no longer lists, only in that course and account; account removal cascades', () => {
    const { repo, s } = open();
    repo.upsertAssignment('a1', { ...base, assignId: 1, dueAt: 1 }, 1);
    repo.upsertAssignment('a1', { ...base, assignId: 2, dueAt: 2 }, 1);
    repo.upsertAssignment('a1', { ...base, assignId: 4, courseId: 3, dueAt: 2 }, 1);
    repo.upsertStatus('a1', { assignId: 1, status: 'new', timeModified: 0, grade: null, feedbackHtml: null, raw: {} }, 1);
    repo.removeMissing('a1', 2, [2]);
    expect(repo.list('a1').map((a) => a.assignId)).toEqual([2, 4]);
    expect(s.get('SELECT COUNT(*) AS n FROM assignment_status')).toEqual({ n: 0 });
    s.run('DELETE FROM accounts WHERE id = ?', 'a1');
    expect(repo.list('a1')).toEqual([]);
  });
});
