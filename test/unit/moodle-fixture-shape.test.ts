import { describe, expect, it } from 'vitest';
import { compareShape, formatShapeIssues, jsonType } from '../fixtures/moodle/shape';

describe('compareShape (contract shape comparison)', () => {
  const recorded = {
    token: 'abc',
    privatetoken: null,
    courses: [
      { id: 2, name: 'Mathematik 7b', lastaccess: null, modules: [{ id: 1, contents: [{ filename: 'a.pdf', filesize: 10 }] }] },
      { id: 3, name: 'Deutsch 7b', lastaccess: 1795347628, modules: [] },
    ],
    warnings: [],
  };

  it('accepts the same shape with other values', () => {
    const actual = {
      token: 'xyz',
      privatetoken: null,
      courses: [
        { id: 9, name: 'Englisch', lastaccess: null, modules: [{ id: 5, contents: [{ filename: 'b.txt', filesize: 1 }, { filename: 'c.txt', filesize: 2 }] }] },
        { id: 10, name: 'Musik', lastaccess: 1, modules: [] },
      ],
      warnings: [{ item: 'course', itemid: 1 }],
    };
    expect(compareShape(actual, recorded)).toEqual([]);
  });

  it('reports a missing key with its path', () => {
    const actual = structuredClone(recorded) as Record<string, unknown>;
    delete actual.privatetoken;
    expect(compareShape(actual, recorded)).toEqual([{ path: '$.privatetoken', problem: 'missing-key', expected: 'null' }]);
  });

  it('reports an extra key, also inside array elements', () => {
    const actual = structuredClone(recorded);
    (actual.courses[0]?.modules[0]?.contents[0] as Record<string, unknown>).mimetype = 'application/pdf';
    expect(compareShape(actual, recorded)).toEqual([{ path: '$.courses[0].modules[0].contents[0].mimetype', problem: 'extra-key', actual: 'string' }]);
  });

  it('reports a type change (number → string, null → number is allowed only where the recording has a number)', () => {
    const actual = structuredClone(recorded) as { courses: { id: unknown }[] };
    actual.courses[0]!.id = '2';
    const issues = compareShape(actual, recorded);
    expect(issues).toEqual([{ path: '$.courses[0].id', problem: 'type', expected: 'number', actual: 'string' }]);
    expect(formatShapeIssues(issues)).toBe('$.courses[0].id: string instead of number');
  });

  it('matches array elements against any recorded element (records differ per element)', () => {
    // Course 0 of the recording has lastaccess null, course 1 a number: both shapes are valid elements.
    const actual = { ...structuredClone(recorded), courses: [structuredClone(recorded.courses[1]), structuredClone(recorded.courses[0])] };
    expect(compareShape(actual, recorded)).toEqual([]);
  });

  it('reports an empty array where the recording has elements, and an object where it has an array', () => {
    expect(compareShape({ list: [] }, { list: [1] })).toEqual([{ path: '$.list', problem: 'empty-array', expected: 'number', actual: 'array' }]);
    expect(compareShape({ badge: {} }, { badge: [] })).toEqual([{ path: '$.badge', problem: 'type', expected: 'array', actual: 'object' }]);
  });

  it('names JSON types', () => {
    expect([null, true, 1, 'x', [], {}].map(jsonType)).toEqual(['null', 'boolean', 'number', 'string', 'array', 'object']);
  });
});
