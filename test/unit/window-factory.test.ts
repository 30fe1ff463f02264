import { describe, expect, it } from 'vitest';
import { partitionFor, WINDOW_KINDS, WINDOW_PARTITIONS, webPreferencesFor } from '../../main/security/window-policy';

describe('webPreferencesFor — the baseline every window and view gets', () => {
  const combos = WINDOW_KINDS.flatMap((kind) => [true, false].map((packaged) => [kind, packaged] as const));

  it.each(combos)('%s window (packaged: %s): isolation, sandbox, no Node, web security', (kind, packaged) => {
    const preferences = webPreferencesFor(kind, { packaged });
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      partition: WINDOW_PARTITIONS[kind],
    });
    expect(preferences.devTools).toBe(!packaged);
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
    expect(preferences).not.toHaveProperty('session');
    expect(preferences).not.toHaveProperty('additionalArguments');
  });

  it('a preload is set only when given (portal pages never get one)', () => {
    expect(webPreferencesFor('main', { packaged: true, preloadPath: '/app/out/preload/app.cjs' }).preload).toBe('/app/out/preload/app.cjs');
    expect(webPreferencesFor('portal', { packaged: true })).not.toHaveProperty('preload');
    expect(webPreferencesFor('conference', { packaged: true })).not.toHaveProperty('preload');
  });

  it('plugins (Chromium\'s PDF viewer, for the in-app file viewer) only in our own UI', () => {
    expect(webPreferencesFor('main', { packaged: true }).plugins).toBe(true);
    expect(webPreferencesFor('portal', { packaged: true }).plugins).toBe(false);
    expect(webPreferencesFor('conference', { packaged: true }).plugins).toBe(false);
  });

  it('returns a fresh object each time (a caller mutating it cannot weaken the next window)', () => {
    const first = webPreferencesFor('main', { packaged: true });
    first.sandbox = false;
    expect(webPreferencesFor('main', { packaged: true }).sandbox).toBe(true);
  });
});

describe('partitions', () => {
  it('one distinct, non-default partition per kind', () => {
    const names = WINDOW_KINDS.map(partitionFor);
    expect(new Set(names).size).toBe(WINDOW_KINDS.length);
    for (const name of names) expect(name).not.toBe('');
  });

  it('only our own UI persists; portal and conference sessions live in memory', () => {
    expect(partitionFor('main').startsWith('persist:')).toBe(true);
    expect(partitionFor('portal').startsWith('persist:')).toBe(false);
    expect(partitionFor('conference').startsWith('persist:')).toBe(false);
  });
});
