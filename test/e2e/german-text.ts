/** Finds the app's German text on a page in English mode (test/e2e/english-mode.test.ts, a11y.test.ts). */
import type { Page } from 'playwright-core';
import { ERROR_TEXTS } from '../../preload/contract/errors';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';

/**
 * Every German text of the app that English words differently, cut at its placeholders: the parts of
 * 12 characters or more (shorter ones could be a name or a course title from the portal).
 */
function germanFragments(): string[] {
  const found = new Set<string>();
  const walk = (german: unknown, english: unknown): void => {
    if (typeof german === 'string') {
      if (german === english) return;
      for (const part of german.split(/\{\{\s*\w+\s*\}\}/)) if (part.trim().length >= 12) found.add(part.trim());
      return;
    }
    if (typeof german !== 'object' || german === null) return;
    for (const [key, value] of Object.entries(german)) walk(value, (english as Record<string, unknown> | undefined)?.[key]);
  };
  walk(de, en);
  for (const texts of Object.values(ERROR_TEXTS)) walk(texts.de, texts.en);
  return [...found];
}

export const GERMAN_FRAGMENTS = germanFragments();

/** The app's German text on the page (plus `extra` words), outside elements marked lang="de" (texts for school IT). */
export async function germanOnPage(page: Page, extra: readonly string[] = []): Promise<string[]> {
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const german of copy.querySelectorAll('[lang="de"]')) german.remove();
    return copy.textContent ?? '';
  });
  return [...GERMAN_FRAGMENTS, ...extra].filter((fragment) => text.includes(fragment));
}
