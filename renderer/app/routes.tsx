import { lazy } from 'react';
import { StartScreen } from '../features/start/StartScreen';
import { loadFeatureTexts } from '../i18n/feature-texts';
import { ROUTE_TEXTS } from './route-texts';
import type { ComponentType, LazyExoticComponent } from 'react';
import type { RouteId } from '../state/navigation-store';
import { AssignmentsIcon, ConferencesIcon, CoursesIcon, HomeIcon, OutboxIcon, SettingsIcon } from '../ui/icons';

type ScreenModule = Promise<{ default: ComponentType }>;

/**
 * Each screen but Start is its own chunk (Vite code splitting through dynamic import). Start, the
 * screen almost every launch shows first, is in the entry chunk: no second request before its heading.
 * A loader is called at most once; main.tsx calls the first route's loader before React renders, so a
 * deep-linked screen's chunk loads while the first API calls are under way.
 */
function once(load: () => ScreenModule): () => ScreenModule {
  let loading: ScreenModule | null = null;
  return () => {
    loading ??= load();
    return loading;
  };
}

function withTexts(route: RouteId, load: () => ScreenModule): () => ScreenModule {
  return once(() => Promise.all([load(), loadFeatureTexts(ROUTE_TEXTS[route])]).then(([module]) => module));
}

const LOADERS: Record<RouteId, () => ScreenModule> = {
  start: once(() => Promise.resolve({ default: StartScreen })),
  kurse: withTexts('kurse', () => import('../features/courses/CoursesScreen').then((m) => ({ default: m.CoursesScreen }))),
  aufgaben: withTexts('aufgaben', () => import('../features/assignments/AssignmentsScreen').then((m) => ({ default: m.AssignmentsScreen }))),
  postausgang: withTexts('postausgang', () => import('../features/outbox/OutboxScreen').then((m) => ({ default: m.OutboxScreen }))),
  konferenzen: withTexts('konferenzen', () => import('../features/conferences/ConferencesScreen').then((m) => ({ default: m.ConferencesScreen }))),
  einstellungen: withTexts('einstellungen', () => import('../features/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen }))),
  datenschutz: withTexts('datenschutz', () => import('../features/privacy/PrivacyScreen').then((m) => ({ default: m.PrivacyScreen }))),
  diagnose: withTexts('diagnose', () => import('../features/diagnostics/DiagnosticsScreen').then((m) => ({ default: m.DiagnosticsScreen }))),
};

/** Starts loading a screen's chunk (the first route at start; a nav link on hover or focus). */
export function preloadRoute(route: RouteId): void {
  void LOADERS[route]().catch(() => undefined);
}

export interface RouteDefinition {
  screen: LazyExoticComponent<ComponentType> | ComponentType;
  icon: ComponentType;
}

const screen = (route: RouteId) => lazy(LOADERS[route]);

/** Which component and nav icon belong to each route (labels: i18n `nav.<route>`). */
export const ROUTE_DEFINITIONS: Record<RouteId, RouteDefinition> = {
  start: { screen: StartScreen, icon: HomeIcon },
  kurse: { screen: screen('kurse'), icon: CoursesIcon },
  aufgaben: { screen: screen('aufgaben'), icon: AssignmentsIcon },
  postausgang: { screen: screen('postausgang'), icon: OutboxIcon },
  konferenzen: { screen: screen('konferenzen'), icon: ConferencesIcon },
  einstellungen: { screen: screen('einstellungen'), icon: SettingsIcon },
  // Sub-pages of Einstellungen (not in the main navigation, see SUB_ROUTES).
  datenschutz: { screen: screen('datenschutz'), icon: SettingsIcon },
  diagnose: { screen: screen('diagnose'), icon: SettingsIcon },
};
