import { useEffect, useRef } from 'react';
import type { MouseEvent } from 'react';
import { useTranslation } from '../i18n/react';
import logoUrl from '../../resources/icon.svg';
import { NAV_ROUTES, SUB_ROUTES, hrefFor } from '../state/navigation-store';
import { Announcer } from './Announcer';
import { ConnectivityIndicator } from './ConnectivityIndicator';
import { SyncControl } from '../features/assignments/SyncControl';
import { AccountMenu } from '../features/accounts/AccountMenu';
import { ROUTE_DEFINITIONS, preloadRoute } from './routes';
import { ChunkView } from '../ui/ChunkView';
import { useAppState, useConnectivity, useNavigation } from './stores-context';
import { useFirstPaintMode } from './first-paint/mode';

export function Layout() {
  const { t } = useTranslation();
  const route = useNavigation((state) => state.route);
  const info = useAppState((state) => state.info);
  const offline = useConnectivity((state) => !state.browserOnline);
  // The kept first paint leaves out what is only true right now (first-paint/mode.ts).
  const firstPaint = useFirstPaintMode();
  const mainRef = useRef<HTMLElement>(null);
  const screenName = t(`nav.${route}`);

  useEffect(() => {
    document.title = `${screenName} – SchulDesk`;
  }, [screenName]);

  // The skip link must not touch the hash: the hash is the route.
  const skipToContent = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main-content" onClick={skipToContent}>
        {t('app.skipLink')}
      </a>
      <header className="app-header">
        <div className="brand">
          <img src={logoUrl} alt="" width="32" height="32" />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <div className="header-status">
          <AccountMenu />
          {firstPaint ? null : <ConnectivityIndicator />}
          {firstPaint ? null : <SyncControl />}
        </div>
      </header>
      {offline && !firstPaint ? <p className="offline-banner">{t('connectivity.offlineHint')}</p> : null}
      <div className="app-body">
        <nav className="app-nav" aria-label={t('app.navLabel')}>
          <ul>
            {NAV_ROUTES.map((id) => {
              const Icon = ROUTE_DEFINITIONS[id].icon;
              return (
                <li key={id}>
                  <a
                    href={hrefFor(id)}
                    aria-current={id === route ? 'page' : id === SUB_ROUTES[route] ? 'true' : undefined}
                    onPointerEnter={() => preloadRoute(id)}
                    onFocus={() => preloadRoute(id)}
                  >
                    <Icon />
                    <span>{t(`nav.${id}`)}</span>
                  </a>
                </li>
              );
            })}
          </ul>
          {info ? (
            <p className="app-version">{t('app.versionLine', { version: info.version, shell: t(`app.shell.${info.shell}`) })}</p>
          ) : null}
        </nav>
        <main id="main-content" className="app-main" tabIndex={-1} ref={mainRef}>
          <ChunkView key={route} piece={ROUTE_DEFINITIONS[route].screen} />
        </main>
      </div>
      {firstPaint ? null : <Announcer />}
    </div>
  );
}
