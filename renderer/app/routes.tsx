import type { ComponentType } from 'react';
import { AssignmentsScreen } from '../features/assignments/AssignmentsScreen';
import { ConferencesScreen } from '../features/conferences/ConferencesScreen';
import { CoursesScreen } from '../features/courses/CoursesScreen';
import { DiagnosticsScreen } from '../features/diagnostics/DiagnosticsScreen';
import { PrivacyScreen } from '../features/privacy/PrivacyScreen';
import { OutboxScreen } from '../features/outbox/OutboxScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { StartScreen } from '../features/start/StartScreen';
import type { RouteId } from '../state/navigation-store';
import { AssignmentsIcon, ConferencesIcon, CoursesIcon, HomeIcon, OutboxIcon, SettingsIcon } from '../ui/icons';

export interface RouteDefinition {
  screen: ComponentType;
  icon: ComponentType;
}

/** Which component and nav icon belong to each route (labels: i18n `nav.<route>`). */
export const ROUTE_DEFINITIONS: Record<RouteId, RouteDefinition> = {
  start: { screen: StartScreen, icon: HomeIcon },
  kurse: { screen: CoursesScreen, icon: CoursesIcon },
  aufgaben: { screen: AssignmentsScreen, icon: AssignmentsIcon },
  postausgang: { screen: OutboxScreen, icon: OutboxIcon },
  konferenzen: { screen: ConferencesScreen, icon: ConferencesIcon },
  einstellungen: { screen: SettingsScreen, icon: SettingsIcon },
  // Sub-pages of Einstellungen (not in the main navigation, see SUB_ROUTES).
  datenschutz: { screen: PrivacyScreen, icon: SettingsIcon },
  diagnose: { screen: DiagnosticsScreen, icon: SettingsIcon },
};
