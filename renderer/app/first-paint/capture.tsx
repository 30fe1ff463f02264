/**
 * Renders the signed-in Start — the app's frame (Layout on the Start route) and the day — to static
 * HTML with React's server renderer: no effects run, nothing is asked from main or the portal. The
 * stores are frozen copies of the live ones (zustand's server snapshot is a store's initial state),
 * with what a fresh start shows instead of what is true right now: the rooms still loading, no
 * sign-in form open. Its own chunk, loaded only when a first paint is kept (keep.ts).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { FirstPaintInput } from '../../../preload/contract/start';
import { TODAY_SCREEN } from '../../features/start/StartScreen';
import { TranslationProvider } from '../../i18n/react';
import type { Translator } from '../../i18n/translator';
import type { Stores } from '../../state/stores';
import { Layout } from '../Layout';
import { StoresProvider } from '../stores-context';
import { FirstPaintModeContext } from './mode';

function frozen<S extends object>(store: StoreApi<S>, changes: Partial<S> = {}): StoreApi<S> {
  const state = { ...store.getState(), ...changes };
  return createStore<S>()(() => state);
}

/** The first paint of the current day, or null when there is none to paint (nobody signed in, no day loaded). */
export async function renderFirstPaint(stores: Stores, i18n: Translator): Promise<FirstPaintInput | null> {
  await TODAY_SCREEN.load();
  const today = stores.today.getState().today;
  if (!today) return null;
  // Every store listed (a new one fails to compile here): a live store would render its initial state.
  const still: Stores = {
    api: stores.api,
    app: frozen(stores.app),
    settings: frozen(stores.settings),
    connectivity: frozen(stores.connectivity),
    navigation: frozen(stores.navigation, { route: 'start' }),
    announcer: frozen(stores.announcer),
    outbox: frozen(stores.outbox),
    sync: frozen(stores.sync),
    assignments: frozen(stores.assignments),
    accounts: frozen(stores.accounts, { signInOpen: false }),
    today: frozen(stores.today, { rooms: null, roomsStatus: 'loading' }),
    updates: frozen(stores.updates),
  };
  const html = renderToStaticMarkup(
    <FirstPaintModeContext.Provider value={true}>
      <TranslationProvider i18n={i18n}>
        <StoresProvider stores={still}>
          <Layout />
        </StoresProvider>
      </TranslationProvider>
    </FirstPaintModeContext.Provider>,
  );
  return { html, version: today.version, language: i18n.language === 'en' ? 'en' : 'de' };
}
