import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from '../../main/security/csp';

describe('renderer/index.html', () => {
  const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');

  it('carries the same CSP as main sends in its header (fallback if a shell forgot the header)', () => {
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/g)];
    expect(metas).toHaveLength(1);
    expect(metas[0]?.[1]).toBe(APP_CONTENT_SECURITY_POLICY);
  });

  it('has no inline script or style the CSP would block', () => {
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('starts in German (the default language) and has a title', () => {
    expect(html).toMatch(/<html lang="de">/);
    expect(html).toMatch(/<title>SchulDesk<\/title>/);
  });
});
