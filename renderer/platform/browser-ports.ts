import type { NetworkStatusPort } from '../state/connectivity-store';
import type { HashPort } from '../state/navigation-store';

/** The real window behind the stores' ports; the only place that touches location and navigator. */
export function browserHashPort(win: Window): HashPort {
  return {
    read: () => win.location.hash,
    write: (hash) => {
      win.location.hash = hash;
    },
    subscribe(listener) {
      win.addEventListener('hashchange', listener);
      return () => win.removeEventListener('hashchange', listener);
    },
  };
}

export function browserNetworkPort(win: Window): NetworkStatusPort {
  return {
    isOnline: () => win.navigator.onLine,
    subscribe(listener) {
      const online = () => listener(true);
      const offline = () => listener(false);
      win.addEventListener('online', online);
      win.addEventListener('offline', offline);
      return () => {
        win.removeEventListener('online', online);
        win.removeEventListener('offline', offline);
      };
    },
  };
}
