/** Which demo school a run offers (main/portal/demo-school.ts): only unpackaged runs, only loopback http. */
import { describe, expect, it } from 'vitest';
import { DEMO_SCHOOL_ENV, demoSchoolFor } from '../../main/portal/demo-school';

const school = { url: 'http://127.0.0.1:47381/', accounts: [{ username: 'student1', password: 'pw', fullName: 'Lena Müller', role: 'student' }] };
const env = (value: unknown) => ({ [DEMO_SCHOOL_ENV]: typeof value === 'string' ? value : JSON.stringify(value) });

describe('demoSchoolFor', () => {
  it('offers the school of a development run, without the trailing slash', () => {
    expect(demoSchoolFor({ packaged: false, env: env(school) })).toEqual({
      demo: { url: 'http://127.0.0.1:47381', accounts: school.accounts },
      problem: null,
    });
  });

  it('never in an installed app, whatever the variable says', () => {
    expect(demoSchoolFor({ packaged: true, env: env(school) })).toEqual({ demo: null, problem: null });
  });

  it('offers none when the variable is absent or empty, and says nothing', () => {
    expect(demoSchoolFor({ packaged: false, env: {} })).toEqual({ demo: null, problem: null });
    expect(demoSchoolFor({ packaged: false, env: { [DEMO_SCHOOL_ENV]: '' } })).toEqual({ demo: null, problem: null });
  });

  it.each([
    ['not JSON', '{url:'],
    ['a portal on the internet', { ...school, url: 'https://moodle.example.org' }],
    ['plain http to another host', { ...school, url: 'http://moodle.example.org' }],
    ['a host that only starts like loopback', { ...school, url: 'http://127.0.0.1.evil.test' }],
    ['no accounts', { ...school, accounts: [] }],
    ['an unknown role', { ...school, accounts: [{ ...school.accounts[0], role: 'admin' }] }],
    ['an unknown key', { ...school, token: 'x' }],
  ])('reports %s and offers none', (_label, value) => {
    const result = demoSchoolFor({ packaged: false, env: env(value) });
    expect(result.demo).toBeNull();
    expect(result.problem).toMatch(/^SCHULDESK_DEMO_SCHOOL.*no demo school offered$/);
  });
});
