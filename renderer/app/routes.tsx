import { StartScreen } from '../features/start/StartScreen';
import { loadFeatureTexts } from '../i18n/feature-texts';
import { ROUTE_TEXTS } from './route-texts';
import type { ComponentType } from 'react';
import type { RouteId } from '../state/navigation-store';
import { chunk, readyChunk } from '../ui/chunk';
import type { Chunk } from '../ui/chunk';
import { AssignmentsIcon, ConferencesIcon, CoursesIcon, HomeIcon, OutboxIcon, SettingsIcon } from '../ui/icons';

/**
 * Each screen but Start is its own chunk (Vite code splitting through dynamic import), loaded
 * together with its German texts (route-texts.ts). Start, the screen almost every launch shows
 * first, is in the entry chunk. main.tsx loads the first route's chunk before React renders, so a
 * deep-linked screen's chunk loads while the first API calls are under way; Layout renders it
 * through useChunk (ui/chunk.ts: no Suspense, no 300 ms hold-back).
 */
function withTexts(route: RouteId, load: () => Promise<ComponentType>): Chunk<ComponentType> {
  return chunk(() => Promise.all([load(), loadFeatureTexts(ROUTE_TEXTS[route])]).then(([screen]) => screen));
}

const SCREENS: Record<RouteId, Chunk<ComponentType>> = {
  start: readyChunk(StartScreen),
  kurse: withTexts('kurse', () => import('../features/courses/CoursesScreen').then((m) => m.CoursesScreen)),
  aufgaben: withTexts('aufgaben', () => import('../features/assignments/AssignmentsScreen').then((m) => m.AssignmentsScreen)),
  postausgang: withTexts('postausgang', () => import('../features/outbox/OutboxScreen').then((m) => m.OutboxScreen)),
  konferenzen: withTexts('konferenzen', () => import('../features/conferences/ConferencesScreen').then((m) => m.ConferencesScreen)),
  einstellungen: withTexts('einstellungen', () => import('../features/settings/SettingsScreen').then((m) => m.SettingsScreen)),
  datenschutz: withTexts('datenschutz', () => import('../features/privacy/PrivacyScreen').then((m) => m.PrivacyScreen)),
  diagnose: withTexts('diagnose', () => import('../features/diagnostics/DiagnosticsScreen').then((m) => m.DiagnosticsScreen)),
};

/** Starts loading a screen's chunk (the first route at start; a nav link on hover or focus). */
export function preloadRoute(route: RouteId): void {
  SCREENS[route].load().catch(() => undefined);
}

export interface RouteDefinition {
  screen: Chunk<ComponentType>;
  icon: ComponentType;
}

/** Which screen and nav icon belong to each route (labels: i18n `nav.<route>`). */
export const ROUTE_DEFINITIONS: Record<RouteId, RouteDefinition> = {
  start: { screen: SCREENS.start, icon: HomeIcon },
  kurse: { screen: SCREENS.kurse, icon: CoursesIcon },
  aufgaben: { screen: SCREENS.aufgaben, icon: AssignmentsIcon },
  postausgang: { screen: SCREENS.postausgang, icon: OutboxIcon },
  konferenzen: { screen: SCREENS.konferenzen, icon: ConferencesIcon },
  einstellungen: { screen: SCREENS.einstellungen, icon: SettingsIcon },
  // Sub-pages of Einstellungen (not in the main navigation, see SUB_ROUTES).
  datenschutz: { screen: SCREENS.datenschutz, icon: SettingsIcon },
  diagnose: { screen: SCREENS.diagnose, icon: SettingsIcon },
};
