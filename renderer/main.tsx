import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TranslationProvider } from './i18n/react';
import { App } from './app/App';
import { preloadRoute } from './app/routes';
import { currentAccount } from './features/accounts/accounts-store';
import { TODAY_SCREEN } from './features/start/StartScreen';
import { StoresProvider } from './app/stores-context';
import { connectBridge } from './bridge/index';
import { bindLanguage } from './i18n/bind-language';
import { bindFeatureTexts } from './i18n/feature-texts';
import { createI18n } from './i18n/index';
import { browserHashPort, browserNetworkPort } from './platform/browser-ports';
import { createStores, startStores } from './state/stores';
import { handOverFirstPaint } from './app/first-paint/handover';
import { keepFirstPaint } from './app/first-paint/keep';

// The bridge first: in the browser shell it takes the secret out of the hash before routing reads it.
const api = connectBridge(window);
const stores = createStores(api, { hash: browserHashPort(window), network: browserNetworkPort(window) });
const i18n = createI18n();
bindFeatureTexts(i18n);
bindLanguage(stores.settings, i18n, (language) => {
  document.documentElement.lang = language;
});
startStores(stores);
// The first screen's chunk loads while the first API calls (all answered from main's store) are under way.
preloadRoute(stores.navigation.getState().route);
// The signed-in Start is its own chunk: fetched the moment the accounts answer, not when React gets there.
const unwatchAccounts = stores.accounts.subscribe((state) => {
  if (currentAccount(state) === null) return;
  unwatchAccounts();
  TODAY_SCREEN.load().catch(() => undefined);
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');
// The day main kept from the last run shows until React's own first screen is there.
handOverFirstPaint(document, root, stores.navigation.getState().route);
keepFirstPaint(stores, i18n);
createRoot(root).render(
  <StrictMode>
    <TranslationProvider i18n={i18n}>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </TranslationProvider>
  </StrictMode>,
);
