/**
 * German texts that only some screens need ship in their own chunks and join the translator when
 * such a screen loads (routes.tsx names which). English is one chunk (en.ts) that has them all.
 */
import type { Translator } from './translator';

export const FEATURE_TEXTS_NAMES = ['content', 'outbox', 'it', 'settings'] as const;
export type FeatureTextsName = (typeof FEATURE_TEXTS_NAMES)[number];

const GERMAN: Record<FeatureTextsName, () => Promise<object>> = {
  content: () => import('./content.de').then((m) => ({ content: m.contentDe })),
  outbox: () => import('./outbox.de').then((m) => ({ outbox: m.outboxDe })),
  it: () => import('./it.de').then((m) => ({ it: m.itDe })),
  settings: () => import('./settings.de').then((m) => ({ settings: m.settingsDe })),
};

let translator: Translator | null = null;
const loaded = new Map<FeatureTextsName, Promise<void>>();

/** The app's translator, which the texts join (main.tsx; tests that render screens use their own). */
export function bindFeatureTexts(target: Translator): void {
  translator = target;
  loaded.clear();
}

/** Loads these texts into the bound translator, each once; resolves when all are there. */
export function loadFeatureTexts(names: readonly FeatureTextsName[]): Promise<void> {
  const target = translator;
  if (!target) return Promise.resolve();
  return Promise.all(
    names.map((name) => {
      let loading = loaded.get(name);
      if (!loading) {
        loading = GERMAN[name]().then((texts) => target.addTexts('de', texts));
        // A failed chunk may be asked again (the route shows its error and can be retried).
        loading.catch(() => loaded.delete(name));
        loaded.set(name, loading);
      }
      return loading;
    }),
  ).then(() => undefined);
}
