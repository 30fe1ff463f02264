// Identity providers from the recorded public config of a real Moodle 5.1 with an OpenID Connect
// issuer (test/fixtures/moodle/sso-contract/tool_mobile_get_public_config.*.json): one launchable
// provider per OAuth 2 issuer (its id from `url`, its name and icon), none before SSO was set up.
import { describe, expect, it } from 'vitest';
import { loginTypeOf } from '../../main/api/portal';
import { publicConfigSchema } from '../../main/portal/schemas';
import { launchableProviders, siteFromPublicConfig } from '../../main/portal/site-check';
import { readJson, RECORDED_IDP, RECORDED_SITE } from './sso-contract';

function recordedConfig(file: string) {
  const recorded = readJson(file) as { response: { body: { data: unknown }[] } };
  return publicConfigSchema.parse(recorded.response.body[0]?.data);
}

describe('identity providers of the public config', () => {
  it('with SSO: one provider, id 3 from its url, name and icon URL; password form and providers both offered (typeoflogin 1)', () => {
    const site = siteFromPublicConfig(recordedConfig('tool_mobile_get_public_config.with_oauth2.json'), RECORDED_SITE);
    expect(site.identityProviders).toEqual([{ id: 3, name: 'Schul-Login (Test-IdP)', iconUrl: `${RECORDED_IDP}/logo.png` }]);
    expect(loginTypeOf(site)).toBe('both');
  });

  it('before SSO: no providers, password form only', () => {
    const site = siteFromPublicConfig(recordedConfig('tool_mobile_get_public_config.before_oauth2.json'), RECORDED_SITE);
    expect(site.identityProviders).toEqual([]);
    expect(loginTypeOf(site)).toBe('password');
  });

  it('keeps only the portal’s own auth/oauth2/login.php with a positive integer id, once per id', () => {
    const providers = launchableProviders(
      [
        { name: 'Land &amp; Schule', iconurl: 'https://idp.land.example/icon.svg', url: `${RECORDED_SITE}/auth/oauth2/login.php?id=7&wantsurl=%2F&sesskey=x` },
        { name: 'Doppelt', url: `${RECORDED_SITE}/auth/oauth2/login.php?id=7` },
        { name: 'SAML', url: `${RECORDED_SITE}/auth/saml2/login.php?idp=abc` },
        { name: 'Fremd', url: 'https://evil.example/auth/oauth2/login.php?id=8' },
        { name: 'Null', url: `${RECORDED_SITE}/auth/oauth2/login.php?id=0` },
        { name: 'Text', url: `${RECORDED_SITE}/auth/oauth2/login.php?id=3%20OR%201` },
        { name: 'kaputt', url: 'nicht eine URL' },
        { name: '', iconurl: 'javascript:alert(1)', url: `${RECORDED_SITE}/auth/oauth2/login.php?id=12` },
      ],
      RECORDED_SITE,
    );
    expect(providers).toEqual([
      { id: 7, name: 'Land & Schule', iconUrl: 'https://idp.land.example/icon.svg' },
      { id: 12, name: '#12', iconUrl: null },
    ]);
  });
});

describe('a hostile public config cannot flood step 2', () => {
  it('at most 20 providers (each one is an icon request and a button) and names of at most 100 characters', () => {
    const many = Array.from({ length: 500 }, (_, index) => ({ name: `P${index} ${'x'.repeat(5000)}`, iconurl: `https://idp${index}.example/i.png`, url: `${RECORDED_SITE}/auth/oauth2/login.php?id=${index + 1}` }));
    const providers = launchableProviders(many, RECORDED_SITE);
    expect(providers).toHaveLength(20);
    expect(providers.every((provider) => provider.name.length <= 100)).toBe(true);
    expect(providers[0]?.name.startsWith('P0 xxx')).toBe(true);
  });
});
