import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';

/** The five screens, by the German path segment shown in the address (`#/kurse`). */
export const ROUTES = ['start', 'kurse', 'aufgaben', 'postausgang', 'konferenzen', 'einstellungen', 'datenschutz', 'diagnose'] as const;
export type RouteId = (typeof ROUTES)[number];

/** Screens reached from another screen (links there), not from the main navigation: route → parent. */
export const SUB_ROUTES: Partial<Record<RouteId, RouteId>> = { datenschutz: 'einstellungen', diagnose: 'einstellungen' };

/** The entries of the main navigation. */
export const NAV_ROUTES: readonly RouteId[] = ROUTES.filter((route) => !SUB_ROUTES[route]);

/** The location hash, injected (window.location + hashchange in the app, an in-memory fake in tests). */
export interface HashPort {
  read(): string;
  write(hash: string): void;
  subscribe(listener: () => void): () => void;
}

export interface NavigationState {
  route: RouteId;
  /** Counts navigations after the first screen; the layout moves focus to the heading when it grows. */
  navigations: number;
  navigate(route: RouteId): void;
  connect(): () => void;
}

export type NavigationStore = StoreApi<NavigationState>;

export function hrefFor(route: RouteId): string {
  return `#/${route}`;
}

/**
 * `#/kurse` → 'kurse'; an empty hash → 'start'; an unknown route → 'start'. Hashes that are not
 * routes at all (no leading "#/", e.g. an in-page anchor) → null: they do not change the screen.
 */
export function parseHash(hash: string): RouteId | null {
  if (hash === '' || hash === '#' || hash === '#/') return 'start';
  if (!hash.startsWith('#/')) return null;
  const segment = hash.slice(2).split(/[/?]/, 1)[0]?.toLowerCase() ?? '';
  return (ROUTES as readonly string[]).includes(segment) ? (segment as RouteId) : 'start';
}

export function createNavigationStore(hash: HashPort): NavigationStore {
  return createStore<NavigationState>()((set, get) => {
    const show = (route: RouteId) => {
      if (route !== get().route) set({ route, navigations: get().navigations + 1 });
    };
    return {
      route: parseHash(hash.read()) ?? 'start',
      navigations: 0,
      navigate(route) {
        if (hash.read() !== hrefFor(route)) hash.write(hrefFor(route));
        show(route);
      },
      connect() {
        return hash.subscribe(() => {
          const route = parseHash(hash.read());
          if (route) show(route);
        });
      },
    };
  });
}
