import type { FeatureTextsName } from '../i18n/feature-texts';
import type { RouteId } from '../state/navigation-store';

/**
 * The German texts each screen brings along (i18n/feature-texts.ts), loaded with its chunk by
 * routes.tsx. Whatever a screen's modules use is either here or in the first screen's texts
 * (de-core.ts): scripts/lib/feature-texts-check.ts, run by test/unit/renderer-feature-texts.test.ts.
 */
export const ROUTE_TEXTS: Record<RouteId, readonly FeatureTextsName[]> = {
  start: [],
  kurse: ['content'],
  aufgaben: ['content', 'outbox'],
  postausgang: ['outbox'],
  konferenzen: ['settings'],
  einstellungen: ['it', 'settings'],
  datenschutz: ['it'],
  diagnose: ['it'],
};
