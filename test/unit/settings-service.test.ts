import { describe, expect, it } from 'vitest';
import type { SettingView } from '../../preload/api';
import { toErrorPayload, UserFacingError } from '../../main/ipc/errors';
import { loadPolicy } from '../../main/policy/index';
import type { LoadedPolicy, PolicySource } from '../../main/policy/index';
import { SETTING_KEYS, settingDefinition } from '../../main/settings/schema';
import { refusedValue } from '../../main/settings/validate';
import { createSettingsService, STORED_SETTINGS_SOURCE } from '../../main/settings/settings-service';
import { MemoryRepository } from '../support/memory-settings-repository';


async function policyOf(data: Record<string, unknown>): Promise<LoadedPolicy> {
  const machine: PolicySource = { kind: 'test', location: '/etc/test', read: async () => [{ location: '/etc/test/a.json', data }] };
  return loadPolicy([machine]);
}

const NO_POLICY: LoadedPolicy = { values: {}, valueSources: {}, report: { sources: [], problems: [] } };

function viewOf(views: SettingView[], key: string): SettingView {
  const found = views.find((view) => view.key === key);
  if (!found) throw new Error(`no view for ${key}`);
  return found;
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof UserFacingError) return error.code;
    throw error;
  }
  throw new Error('expected a UserFacingError');
}

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error.message;
  }
  throw new Error('expected an error');
}

describe('settings service: effective values', () => {
  it('names, for each policy value, the document that set it — the earlier source wins, a later file in one source wins', async () => {
    const machine: PolicySource = {
      kind: 'linux-managed',
      location: '/etc/schuldesk/policies/managed',
      read: async () => [
        { location: '/etc/schuldesk/policies/managed/10-schule.json', data: { cameraGate: true, language: 'de' } },
        { location: '/etc/schuldesk/policies/managed/90-raum.json', data: { language: 'en' } },
      ],
    };
    const devFile: PolicySource = { kind: 'file', location: '/tmp/dev.json', read: async () => [{ location: '/tmp/dev.json', data: { cameraGate: false, sharedDevice: true } }] };
    const settings = createSettingsService({ policy: await loadPolicy([machine, devFile]), repository: new MemoryRepository() });
    const views = settings.list();
    expect(viewOf(views, 'cameraGate')).toMatchObject({ value: true, policyLocation: '/etc/schuldesk/policies/managed/10-schule.json' });
    expect(viewOf(views, 'language')).toMatchObject({ value: 'en', policyLocation: '/etc/schuldesk/policies/managed/90-raum.json' });
    expect(viewOf(views, 'sharedDevice')).toMatchObject({ value: true, policyLocation: '/tmp/dev.json' });
  });

  it('lists every schema key in schema order with its default when nothing is set', () => {
    const settings = createSettingsService({ policy: NO_POLICY, repository: new MemoryRepository() });
    const views = settings.list();
    expect(views.map((view) => view.key)).toEqual(SETTING_KEYS);
    expect(viewOf(views, 'language')).toEqual({ key: 'language', value: 'de', defaultValue: 'de', source: 'default', locked: false, userEditable: true });
    expect(viewOf(views, 'portals')).toEqual({ key: 'portals', value: [], defaultValue: [], source: 'default', locked: false, userEditable: false });
    expect(settings.get('cameraGate')).toBe(true);
    expect(settings.get('screenSharingRoles')).toEqual(['moderator']);
    expect(settings.get('updateUrl')).toBeNull();
  });

  it('policy > user > default, and policy locks', async () => {
    const repository = new MemoryRepository({ language: 'en', prefetch: 'all' });
    const settings = createSettingsService({ policy: await policyOf({ prefetch: 'off', portals: [{ name: 'Schule', url: 'https://moodle.schule.de' }] }), repository });
    const views = settings.list();
    expect(viewOf(views, 'language')).toMatchObject({ value: 'en', source: 'user', locked: false });
    expect(viewOf(views, 'prefetch')).toMatchObject({ value: 'off', source: 'policy', locked: true, defaultValue: 'assignments', policyLocation: '/etc/test/a.json' });
    // Only a policy value names a policy document.
    expect(viewOf(views, 'language')).not.toHaveProperty('policyLocation');
    expect(viewOf(views, 'portals')).toMatchObject({ value: [{ name: 'Schule', url: 'https://moodle.schule.de' }], source: 'policy', locked: true });
    expect(viewOf(views, 'notifications')).toMatchObject({ value: true, source: 'default', locked: false });
    expect(settings.get('prefetch')).toBe('off');
    expect(settings.get('language')).toBe('en');
  });

  it('a stored user value survives while policy overrides it and applies again once the policy is gone', async () => {
    const repository = new MemoryRepository({ prefetch: 'all' });
    expect(createSettingsService({ policy: await policyOf({ prefetch: 'off' }), repository }).get('prefetch')).toBe('off');
    expect(repository.rows.get('prefetch')).toBe('all');
    expect(createSettingsService({ policy: NO_POLICY, repository }).get('prefetch')).toBe('all');
  });

  it('a stored value for an IT-only key is ignored (a student editing the database cannot turn off the camera gate) and reported', () => {
    const settings = createSettingsService({ policy: NO_POLICY, repository: new MemoryRepository({ cameraGate: false }) });
    expect(settings.get('cameraGate')).toBe(true);
    expect(viewOf(settings.list(), 'cameraGate')).toMatchObject({ source: 'default', value: true });
    expect(settings.report().problems).toEqual([
      { source: STORED_SETTINGS_SOURCE, key: 'cameraGate', message: 'Gespeicherter Wert für „cameraGate“ wird ignoriert: Diese Einstellung kann nur die Schul-IT festlegen.' },
    ]);
  });

  it('stored values that no longer validate, and stored keys no longer in the schema, are ignored and reported — no crash', () => {
    const settings = createSettingsService({
      policy: NO_POLICY,
      repository: new MemoryRepository({ language: 'fr', prefetch: 'assignments', removedLongAgo: 1 }),
    });
    expect(settings.get('language')).toBe('de');
    expect(settings.get('prefetch')).toBe('assignments');
    const problems = settings.report().problems;
    expect(problems.map((problem) => [problem.source, problem.key])).toEqual([
      [STORED_SETTINGS_SOURCE, 'language'],
      [STORED_SETTINGS_SOURCE, 'removedLongAgo'],
    ]);
    expect(problems[0]?.message).toContain('erwartet einen der Werte „de“, „en“');
  });

  it('values handed out are frozen, so no caller can change a default or another caller’s view', async () => {
    const settings = createSettingsService({ policy: await policyOf({ extraBbbHosts: ['https://bbb.schule.de'] }), repository: new MemoryRepository() });
    const roles = settings.get('screenSharingRoles') as string[];
    expect(() => roles.push('viewer')).toThrow(TypeError);
    const hosts = settings.get('extraBbbHosts') as string[];
    expect(() => hosts.push('https://evil.example')).toThrow(TypeError);
    expect(settings.get('screenSharingRoles')).toEqual(['moderator']);
    expect(settings.get('extraBbbHosts')).toEqual(['https://bbb.schule.de']);
  });

  it('policy problems are passed through in report()', async () => {
    const policy = await policyOf({ nope: 1, language: 'en' });
    const settings = createSettingsService({ policy, repository: new MemoryRepository() });
    expect(settings.report()).toEqual(policy.report);
    expect(settings.report().problems[0]?.message).toContain('Unbekannter Richtlinienschlüssel');
  });
});

describe('settings service: set and reset', () => {
  it('stores a valid user value, returns the new views and notifies listeners', () => {
    const repository = new MemoryRepository();
    const settings = createSettingsService({ policy: NO_POLICY, repository });
    const heard: SettingView[][] = [];
    settings.onChange((views) => heard.push(views));
    const views = settings.set('language', 'en');
    expect(viewOf(views, 'language')).toMatchObject({ value: 'en', source: 'user', locked: false });
    expect(repository.rows.get('language')).toBe('en');
    expect(settings.get('language')).toBe('en');
    expect(heard).toEqual([views]);
  });

  it('unknown key → unknown-setting', () => {
    const settings = createSettingsService({ policy: NO_POLICY, repository: new MemoryRepository() });
    expect(codeOf(() => settings.set('colour', 'blue'))).toBe('unknown-setting');
    expect(codeOf(() => settings.reset('colour'))).toBe('unknown-setting');
    expect(messageOf(() => settings.set('colour', 'blue'))).toBe('Unbekannte Einstellung „colour“.');
  });

  it('locked by policy → setting-locked (checked before editability), nothing stored, no event', async () => {
    const repository = new MemoryRepository();
    const settings = createSettingsService({ policy: await policyOf({ language: 'de', cameraGate: true }), repository });
    let events = 0;
    settings.onChange(() => events++);
    expect(codeOf(() => settings.set('language', 'en'))).toBe('setting-locked');
    expect(codeOf(() => settings.set('cameraGate', false))).toBe('setting-locked');
    expect(messageOf(() => settings.set('language', 'en'))).toBe('„language“ ist von Ihrer Schule festgelegt und kann nicht geändert werden.');
    expect(repository.rows.size).toBe(0);
    expect(events).toBe(0);
  });

  it('IT-only key → setting-not-user-editable', () => {
    const repository = new MemoryRepository();
    const settings = createSettingsService({ policy: NO_POLICY, repository });
    for (const key of SETTING_KEYS.filter((candidate) => !['language', 'prefetch', 'notifications', 'deadlineNotifications'].includes(candidate))) {
      expect(codeOf(() => settings.set(key, null))).toBe('setting-not-user-editable');
    }
    expect(messageOf(() => settings.set('cameraGate', false))).toBe('„cameraGate“ kann nur die Schul-IT festlegen.');
    expect(repository.rows.size).toBe(0);
  });

  it('wrong value → a code with the allowed values as data (no zod text, no prose: the renderer words it)', () => {
    const repository = new MemoryRepository();
    const settings = createSettingsService({ policy: NO_POLICY, repository });
    expect(toErrorPayload(caught(() => settings.set('language', 'fr')))).toEqual({ code: 'invalid-value-allowed', params: { key: 'language', allowed: 'de, en' } });
    expect(toErrorPayload(caught(() => settings.set('notifications', 'ja')))).toEqual({ code: 'invalid-value-allowed', params: { key: 'notifications', allowed: 'true, false' } });
    expect(messageOf(() => settings.set('prefetch', 3))).toBe('Dieser Wert ist für „prefetch“ nicht erlaubt. Erlaubt sind: off, assignments, all.');
    expect(repository.rows.size).toBe(0);
    // The types without a list of values: a range, or only the key.
    expect(refusedValue(settingDefinition('idleLogoutMinutes')!)).toEqual({ code: 'invalid-value-range', params: { key: 'idleLogoutMinutes', min: 0, max: 480 } });
    expect(refusedValue(settingDefinition('updateUrl')!)).toEqual({ code: 'invalid-value', params: { key: 'updateUrl' } });
  });

  it('setting a valid value clears a reported invalid stored value', () => {
    const settings = createSettingsService({ policy: NO_POLICY, repository: new MemoryRepository({ language: 'fr' }) });
    expect(settings.report().problems).toHaveLength(1);
    settings.set('language', 'en');
    expect(settings.report().problems).toEqual([]);
  });

  it('reset removes the user value, falls back to policy/default and notifies', () => {
    const repository = new MemoryRepository({ notifications: false });
    const settings = createSettingsService({ policy: NO_POLICY, repository });
    let events = 0;
    settings.onChange(() => events++);
    const views = settings.reset('notifications');
    expect(viewOf(views, 'notifications')).toMatchObject({ value: true, source: 'default' });
    expect(repository.rows.has('notifications')).toBe(false);
    expect(events).toBe(1);
    // Nothing stored any more: no write, no event.
    settings.reset('notifications');
    expect(events).toBe(1);
  });

  it('reset also clears an ignored stored value of an IT-only key', () => {
    const repository = new MemoryRepository({ sharedDevice: false });
    const settings = createSettingsService({ policy: NO_POLICY, repository });
    settings.reset('sharedDevice');
    expect(repository.rows.has('sharedDevice')).toBe(false);
    expect(settings.report().problems).toEqual([]);
  });

  it('a throwing listener does not stop the others; unsubscribe stops delivery', () => {
    const settings = createSettingsService({ policy: NO_POLICY, repository: new MemoryRepository() });
    const heard: string[] = [];
    settings.onChange(() => {
      throw new Error('broken subscriber');
    });
    const unsubscribe = settings.onChange(() => heard.push('second'));
    const originalError = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      settings.set('prefetch', 'all');
      unsubscribe();
      settings.set('prefetch', 'off');
    } finally {
      console.error = originalError;
    }
    expect(heard).toEqual(['second']);
    expect(settings.get('prefetch')).toBe('off');
    expect(logged).toHaveLength(2);
  });
});
