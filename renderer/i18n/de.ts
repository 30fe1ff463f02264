/**
 * All German texts: the first screen's (de-core.ts) and the screens' own (feature-texts.ts). Its
 * shape is the type every language must match (en.ts); test/unit/renderer-i18n.test.ts checks the
 * keys at runtime too. Only types and tests use this whole object: the app bundles de-core.ts and
 * loads the rest with the screens (test/unit/renderer-feature-texts.test.ts holds it to that).
 */
import { deCore } from './de-core';
import { contentDe } from './content.de';
import { itDe } from './it.de';
import { outboxDe } from './outbox.de';
import { settingsDe } from './settings.de';

export const de = { ...deCore, settings: settingsDe, outbox: outboxDe, content: contentDe, it: itDe };

export type Translation = typeof de;
