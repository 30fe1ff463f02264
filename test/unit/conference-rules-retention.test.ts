import { describe, expect, it } from 'vitest';
import { USAGE_RULES, needsAcknowledgement } from '../../main/conference/usage-rules.js';
import { isExpired, mediaLogCutoff } from '../../main/conference/media-log-retention.js';

describe('usage rules versioning', () => {
  it('requires an acknowledgement when none or an older version was given', () => {
    expect(needsAcknowledgement(null)).toBe(true);
    expect(needsAcknowledgement('2019-01-01.1')).toBe(true);
    expect(needsAcknowledgement(USAGE_RULES.version)).toBe(false);
  });
  it('a changed text with a new version invalidates the old acknowledgement', () => {
    const changed = { ...USAGE_RULES, version: '2027-01-01.1' };
    expect(needsAcknowledgement(USAGE_RULES.version, changed)).toBe(true);
  });
  it('has the same number of rules in German and English', () => {
    expect(USAGE_RULES.de.length).toBe(USAGE_RULES.en.length);
  });
});

describe('media log retention', () => {
  const now = Date.UTC(2026, 10, 22, 12);
  const day = 86_400_000;
  it('keeps 35 days and purges older entries', () => {
    expect(mediaLogCutoff(now)).toBe(now - 35 * day);
    expect(isExpired(now - 35 * day, now)).toBe(false);
    expect(isExpired(now - 35 * day - 1, now)).toBe(true);
    expect(isExpired(now - day, now)).toBe(false);
  });
});
