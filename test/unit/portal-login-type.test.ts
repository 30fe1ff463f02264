// Which sign-in ways step 2 offers, from the site check (main/api/portal.ts loginTypeOf).
import { describe, expect, it } from 'vitest';
import { loginTypeOf } from '../../main/api/portal';
import type { SiteCheckResult } from '../../main/portal/site-check';

const site = (overrides: Partial<SiteCheckResult>): SiteCheckResult => ({
  siteUrl: 'https://moodle.schule.de',
  name: 'Schule',
  logoUrl: null,
  compactLogoUrl: null,
  release: null,
  version: null,
  typeOfLogin: 'app',
  launchUrl: 'https://moodle.schule.de/admin/tool/mobile/launch.php',
  showLoginForm: true,
  identityProviders: [],
  maintenance: { enabled: false, message: '' },
  ...overrides,
});

describe('loginTypeOf', () => {
  it('typeoflogin 1 is the password form; with identity providers the school page too', () => {
    expect(loginTypeOf(site({}))).toBe('password');
    expect(loginTypeOf(site({ identityProviders: [{ id: 3, name: 'Schul-Login', iconUrl: null }] }))).toBe('both');
    expect(loginTypeOf(site({ identityProviders: [{ id: 3, name: 'Schul-Login', iconUrl: null }], launchUrl: null }))).toBe('password');
  });

  it('typeoflogin 2 and 3 are the school page only, unless no launch URL is on the portal', () => {
    expect(loginTypeOf(site({ typeOfLogin: 'browser' }))).toBe('sso');
    expect(loginTypeOf(site({ typeOfLogin: 'embedded' }))).toBe('sso');
    expect(loginTypeOf(site({ typeOfLogin: 'browser', launchUrl: null }))).toBe('password');
  });
});
