import { describe, expect, it } from 'vitest';
import { SETTING_META } from '../../renderer/features/settings/setting-meta';
import { createStores } from '../../renderer/state/stores';
import { bindLanguage } from '../../renderer/i18n/bind-language';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { bindFeatureTexts, loadFeatureTexts } from '../../renderer/i18n/feature-texts';
import { createI18n, loadLanguage } from '../../renderer/i18n/index';
import { createMemoryApi } from '../support/renderer-memory-api';

/** Every leaf as "a.b.c" → text. */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) for (const [path, leaf] of leaves(inner, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
  } else out.set(prefix, value);
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('i18n resources', () => {
  const deLeaves = leaves(de);
  const enLeaves = leaves(en);

  it('German and English have the same keys', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...deLeaves.keys()].sort());
  });

  it('every text is a non-empty string with the same placeholders in both languages', () => {
    for (const [path, text] of deLeaves) {
      const other = enLeaves.get(path);
      expect(typeof text, path).toBe('string');
      expect(typeof other, path).toBe('string');
      expect((text as string).trim().length, path).toBeGreaterThan(0);
      expect((other as string).trim().length, path).toBeGreaterThan(0);
      expect(placeholders(other as string), path).toEqual(placeholders(text as string));
    }
  });

  it('has a label and a hint for every setting the settings screen knows, and a text for every choice', () => {
    expect(Object.keys(de.settings.keys).sort()).toEqual(Object.keys(SETTING_META).sort());
    const choices: Record<string, Record<string, string>> = de.settings.choices;
    for (const [key, meta] of Object.entries(SETTING_META)) {
      const control = meta.control as { kind: string; choices?: readonly string[] };
      if (!control.choices) continue;
      expect(Object.keys(choices[key] ?? {}).sort(), key).toEqual([...control.choices].sort());
    }
  });

  it('uses the fixed wording for policy-locked settings', () => {
    expect(de.settings.lockedNote).toBe('von Ihrer Schule festgelegt');
    expect(en.settings.lockedNote).toBe('set by your school');
  });
});

describe('createI18n / bindLanguage', () => {
  it('starts in German and switches languages, including plurals and interpolation', async () => {
    const i18n = createI18n();
    expect(i18n.language).toBe('de');
    expect(i18n.t('nav.kurse')).toBe('Kurse');
    // Einstellungen' texts are not on the first screen: they arrive with the screen (feature-texts.ts).
    expect(i18n.t('settings.values.certificates', { count: 2 })).toBe('settings.values.certificates');
    bindFeatureTexts(i18n);
    await loadFeatureTexts(['settings']);
    expect(i18n.t('settings.values.certificates', { count: 2 })).toBe('2 Zertifikate hinterlegt');
    // English is its own chunk: loaded on demand.
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(false);
    await loadLanguage(i18n, 'en');
    await i18n.changeLanguage('en');
    expect(i18n.t('nav.kurse')).toBe('Courses');
    expect(i18n.t('settings.values.certificates', { count: 1 })).toBe('1 certificate configured');
  });

  it('follows the language setting and tells the document', async () => {
    const api = await createMemoryApi({ stored: { language: 'en' } });
    const stores = createStores(api, { hash: { read: () => '', write: () => {}, subscribe: () => () => {} }, network: { isOnline: () => true, subscribe: () => () => {} } });
    const i18n = createI18n();
    const documentLanguages: string[] = [];
    const unbind = bindLanguage(stores.settings, i18n, (language) => documentLanguages.push(language));
    expect(documentLanguages).toEqual([]); // nothing loaded yet: stays German
    await stores.settings.getState().load();
    await expect.poll(() => i18n.language).toBe('en');
    expect(documentLanguages).toEqual(['en']);
    await stores.settings.getState().set('language', 'de');
    await expect.poll(() => i18n.t('nav.einstellungen')).toBe('Einstellungen');
    expect(documentLanguages.at(-1)).toBe('de');
    unbind();
    await stores.settings.getState().set('language', 'en');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(i18n.language).toBe('de');
  });

  it('errors from main reach components in the UI language: code and parameters kept, text made here', async () => {
    const api = await createMemoryApi({ stored: { language: 'en' } });
    const stores = createStores(api, { hash: { read: () => '', write: () => {}, subscribe: () => () => {} }, network: { isOnline: () => true, subscribe: () => () => {} } });
    const unbind = bindLanguage(stores.settings, createI18n(), () => {});
    try {
      await stores.settings.getState().load();
      const failure = await stores.api.invoke('settings.set', 'noSuchKey', 1).then(
        () => null,
        (error: unknown) => error as { code: string; params?: unknown; message: string },
      );
      expect(failure).toMatchObject({ code: 'unknown-setting', params: { key: 'noSuchKey' }, message: 'Unknown setting “noSuchKey”.' });
      await stores.settings.getState().set('language', 'de');
      const german = await stores.api.invoke('settings.set', 'noSuchKey', 1).catch((error: unknown) => error as { message: string });
      expect(german).toMatchObject({ message: 'Unbekannte Einstellung „noSuchKey“.' });
    } finally {
      unbind();
    }
  });
});
