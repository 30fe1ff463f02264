/**
 * The app's translator: the few things SchulDesk uses from i18next — nested keys, `{{name}}`
 * interpolation (no escaping: React escapes), plurals as `key_one`/`key_other` chosen by
 * Intl.PluralRules (i18next's JSON v4 format), German as the fallback language — in a few lines
 * instead of i18next's ~15 KiB (gzip) on the first screen. The key types still come from i18next
 * (`import type` only: nothing of it is bundled), so a misspelt key stays a compile error.
 */
import type { TFunction } from 'i18next';
import type { Language } from '../../preload/api';

type Tree = { [key: string]: string | Tree };
export type AppT = TFunction<'translation'>;

export interface Translator {
  readonly language: Language;
  /** Translates in whatever the current language is (as i18next's `t`). */
  readonly t: AppT;
  /** A `t` bound to one language: the same function until that language's texts change (React hooks use it). */
  fixedT(language: Language): AppT;
  changeLanguage(language: Language): Promise<void>;
  hasResourceBundle(language: Language, namespace: 'translation'): boolean;
  addResourceBundle(language: Language, namespace: 'translation', resources: object): void;
  /** Adds texts to a language's tree (a screen's own texts arriving with its chunk); existing keys keep their text. */
  addTexts(language: Language, texts: object): void;
  /** Calls `listener` after every language change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

function lookup(tree: Tree | undefined, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function mergeTrees(base: Tree, extra: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = merged[key];
    if (existing === undefined) merged[key] = value;
    else if (typeof existing !== 'string' && typeof value !== 'string') merged[key] = mergeTrees(existing, value);
  }
  return merged;
}

const plurals = new Map<string, Intl.PluralRules>();
function pluralCategory(language: string, count: number): string {
  let rules = plurals.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    plurals.set(language, rules);
  }
  return rules.select(count);
}

/** Pure: the text for `key` in `language` (falling back to `fallback`), interpolated; the key itself when none exists. */
export function translate(resources: ReadonlyMap<string, Tree>, language: string, fallback: string, key: string, options?: Record<string, unknown>): string {
  const count = typeof options?.count === 'number' ? options.count : null;
  const candidates = count === null ? [key] : [`${key}_${pluralCategory(language, count)}`, `${key}_other`, key];
  let text: string | undefined;
  for (const lng of language === fallback ? [language] : [language, fallback]) {
    for (const candidate of candidates) {
      text = lookup(resources.get(lng), candidate);
      if (text !== undefined) break;
    }
    if (text !== undefined) break;
  }
  if (text === undefined) return key;
  if (!options) return text;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = options[name];
    return value === undefined || value === null ? '' : String(value);
  });
}

export function createTranslator(language: Language, fallback: Language, bundles: Partial<Record<Language, object>>): Translator {
  const resources = new Map<string, Tree>(Object.entries(bundles).map(([lng, tree]) => [lng, tree as Tree]));
  const listeners = new Set<() => void>();
  let current = language;
  const fixedByLanguage = new Map<Language, AppT>();
  const fixedT = (lng: Language): AppT => {
    let fixed = fixedByLanguage.get(lng);
    if (!fixed) {
      fixed = ((key: string, options?: Record<string, unknown>) => translate(resources, lng, fallback, key, options)) as unknown as AppT;
      fixedByLanguage.set(lng, fixed);
    }
    return fixed;
  };
  const t = ((key: string, options?: Record<string, unknown>) => translate(resources, current, fallback, key, options)) as unknown as AppT;
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    get language() {
      return current;
    },
    t,
    fixedT,
    changeLanguage(next) {
      if (next !== current) {
        current = next;
        changed();
      }
      return Promise.resolve();
    },
    hasResourceBundle: (lng) => resources.has(lng),
    addResourceBundle(lng, _namespace, tree) {
      resources.set(lng, tree as Tree);
      fixedByLanguage.delete(lng);
      if (lng === current) changed();
    },
    addTexts(lng, texts) {
      resources.set(lng, mergeTrees(resources.get(lng) ?? {}, texts as Tree));
      fixedByLanguage.delete(lng);
      if (lng === current) changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
