import { describe, expect, it } from 'vitest';
import { meetingsMustClose } from '../../main/conference/meeting-owner';

describe('meetingsMustClose', () => {
  it('keeps the meeting while its account is current and signed in', () => {
    expect(meetingsMustClose('a', { id: 'a', signedIn: true })).toBe(false);
  });
  it.each([
    ['logout or idle logout (no current account)', null],
    ['logout that keeps the account listed', { id: 'a', signedIn: false }],
    ['switch to another account', { id: 'b', signedIn: true }],
  ])('closes it on %s', (_label, current) => {
    expect(meetingsMustClose('a', current)).toBe(true);
  });
  it('has nothing to close when no meeting is open', () => {
    expect(meetingsMustClose(null, null)).toBe(false);
    expect(meetingsMustClose(null, { id: 'b', signedIn: true })).toBe(false);
  });
});
