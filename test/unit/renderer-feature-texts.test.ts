import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTE_TEXTS } from '../../renderer/app/route-texts';
import { FEATURE_TEXTS_NAMES } from '../../renderer/i18n/feature-texts';
import { checkFeatureTexts } from '../../scripts/lib/feature-texts-check';
import { sourceFiles } from '../support/source-files';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
/** Repository-relative path (with /) → source, of the renderer and the contract it imports. */
function rendererSources(): Map<string, string> {
  const paths = [...sourceFiles(join(REPO_ROOT, 'renderer')), ...sourceFiles(join(REPO_ROOT, 'preload'))];
  return new Map(paths.map((path) => [relative(REPO_ROOT, path).split(sep).join('/'), readFileSync(path, 'utf8')]));
}

const rules = { names: FEATURE_TEXTS_NAMES, routeTexts: ROUTE_TEXTS };

describe('screens bring their own German texts (renderer/i18n/feature-texts.ts)', () => {
  const sources = rendererSources();

  it('every text a module uses is on the first screen or loaded with its route', () => {
    expect(checkFeatureTexts(sources, rules)).toEqual([]);
  });

  it('finds a first-screen module that uses a later text', () => {
    const planted = new Map(sources);
    planted.set('renderer/app/Layout.tsx', `${sources.get('renderer/app/Layout.tsx') ?? ''}\nexport const planted = (t: (key: string) => string) => t('content.title');\n`);
    expect(checkFeatureTexts(planted, rules)).toEqual(['renderer/app/Layout.tsx uses content.* texts, which the first screen does not load']);
  });

  it('finds a German feature file bundled with the first screen, and a route that does not load what its screen uses', () => {
    const planted = new Map(sources);
    planted.set('renderer/main.tsx', `import { outboxDe } from './i18n/outbox.de';\nvoid outboxDe;\n${sources.get('renderer/main.tsx') ?? ''}`);
    planted.set('renderer/features/conferences/planted.ts', "export const key = 'it.privacy.title';\n");
    planted.set('renderer/features/conferences/ConferencesScreen.tsx', `import './planted';\n${sources.get('renderer/features/conferences/ConferencesScreen.tsx') ?? ''}`);
    const problems = checkFeatureTexts(planted, rules);
    expect(problems).toContain('renderer/i18n/outbox.de.ts is bundled with the first screen');
    expect(problems).toContain('renderer/features/conferences/planted.ts uses it.* texts, which the route "konferenzen" does not load');
  });

  it('does not count API method and event names, nor type-only imports', () => {
    const planted = new Map(sources);
    planted.set('renderer/app/Layout.tsx', `import type { contentDe } from '../i18n/content.de';\nexport const calls = ['outbox.list', 'content.changed'] as const;\nexport type Planted = typeof contentDe;\n${sources.get('renderer/app/Layout.tsx') ?? ''}`);
    expect(checkFeatureTexts(planted, rules)).toEqual([]);
  });
});
