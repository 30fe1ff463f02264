import { describe, expect, it } from 'vitest';
import { createTranslator, translate } from '../../renderer/i18n/translator';

const german = { a: { b: 'Hallo {{name}}', n_one: '{{count}} Abgabe', n_other: '{{count}} Abgaben' }, only: 'nur deutsch' };
const english = { a: { b: 'Hello {{name}}', n_one: '{{count}} submission', n_other: '{{count}} submissions' } };
const resources = new Map<string, never>([
  ['de', german as never],
  ['en', english as never],
]);

describe('translate (the app translator, i18next JSON v4 subset)', () => {
  it('nested keys, interpolation without escaping, plurals by Intl.PluralRules, German fallback, the key when missing', () => {
    expect(translate(resources, 'de', 'de', 'a.b', { name: '<Lena>' })).toBe('Hallo <Lena>');
    expect(translate(resources, 'de', 'de', 'a.n', { count: 1 })).toBe('1 Abgabe');
    expect(translate(resources, 'de', 'de', 'a.n', { count: 2 })).toBe('2 Abgaben');
    expect(translate(resources, 'en', 'de', 'a.n', { count: 0 })).toBe('0 submissions');
    expect(translate(resources, 'en', 'de', 'only')).toBe('nur deutsch');
    expect(translate(resources, 'en', 'de', 'a.missing')).toBe('a.missing');
    expect(translate(resources, 'de', 'de', 'a')).toBe('a');
    expect(translate(resources, 'de', 'de', 'a.b', {})).toBe('Hallo ');
  });

  it('changes language, tells subscribers, keeps one fixed t per language until its texts change', async () => {
    const translator = createTranslator('de', 'de', { de: german });
    const seen: string[] = [];
    const stop = translator.subscribe(() => seen.push(translator.language));
    const germanT = translator.fixedT('de');
    expect(translator.fixedT('de')).toBe(germanT);
    expect(translator.hasResourceBundle('en', 'translation')).toBe(false);
    translator.addResourceBundle('en', 'translation', english);
    await translator.changeLanguage('en');
    expect(seen).toEqual(['en']);
    expect(translator.t('a.b' as never, { name: 'Jonas' } as never)).toBe('Hello Jonas');
    expect(germanT('a.b' as never, { name: 'Jonas' } as never)).toBe('Hallo Jonas');
    stop();
    await translator.changeLanguage('de');
    expect(seen).toEqual(['en']);
  });
});
