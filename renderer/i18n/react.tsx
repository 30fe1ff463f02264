/** React binding of the translator (what the app used from react-i18next): a provider and `useTranslation()`. */
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { AppT, Translator } from './translator';

const TranslatorContext = createContext<Translator | null>(null);

export function TranslationProvider({ i18n, children }: { i18n: Translator; children: ReactNode }) {
  return <TranslatorContext.Provider value={i18n}>{children}</TranslatorContext.Provider>;
}

/** `{ t, i18n }` of the app's translator; components re-render (with a new `t`) when the language changes. */
export function useTranslation(): { t: AppT; i18n: Translator } {
  const i18n = useContext(TranslatorContext);
  if (!i18n) throw new Error('useTranslation outside <TranslationProvider>');
  // `t` is a new function after each language change, so it alone re-renders and re-runs effects that depend on it.
  // The same snapshot on the server renderer (the first paint, app/first-paint/capture.tsx).
  const snapshot = () => i18n.fixedT(i18n.language);
  const t = useSyncExternalStore(i18n.subscribe, snapshot, snapshot);
  return useMemo(() => ({ t, i18n }), [t, i18n]);
}
