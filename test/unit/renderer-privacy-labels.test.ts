import { describe, expect, it } from 'vitest';
import type { PrivacyDataItem } from '../../preload/contract/privacy';
import { privacyItemDetail, privacyItemLabel } from '../../renderer/features/privacy/item-label';
import { bindFeatureTexts, loadFeatureTexts } from '../../renderer/i18n/feature-texts';
import { createI18n, loadLanguage } from '../../renderer/i18n/index';

const item = (id: string, kind: PrivacyDataItem['kind'], detail: PrivacyDataItem['detail'] = null): PrivacyDataItem => ({ id, kind, count: 1, bytes: 1, oldestAt: null, newestAt: null, detail });

describe('privacy centre: main sends ids, the renderer names the data', () => {
  it('in German and English; a table or folder without words by its name', async () => {
    const german = createI18n('de');
    // The privacy screen's German texts come with its route (renderer/app/route-texts.ts), as in the app.
    bindFeatureTexts(german);
    await loadFeatureTexts(['it']);
    expect(privacyItemLabel(german.t, item('drafts', 'table'))).toBe('Entwürfe');
    expect(privacyItemLabel(german.t, item('brand_new', 'table'))).toBe('Daten in „brand_new“');
    expect(privacyItemLabel(german.t, item('files:drafts', 'files'))).toBe('Dateien zu Entwürfen');
    expect(privacyItemDetail(german.t, item('secret', 'secret', 'secret-memory-only'))).toBe('Nur im Arbeitsspeicher, bis SchulDesk geschlossen wird.');
    expect(privacyItemLabel(german.t, item('damaged-store', 'device'))).toBe('Beschädigte Datendatei, für die IT aufbewahrt (mit Daten aller Konten, die dieses Gerät genutzt haben)');
    const english = createI18n('en');
    await loadLanguage(english, 'en');
    expect(privacyItemLabel(english.t, item('drafts', 'table'))).toBe('Drafts');
    expect(privacyItemLabel(english.t, item('files:media', 'files'))).toBe('Files in the “media” folder');
    expect(privacyItemLabel(english.t, item('logs', 'device'))).toBe('Log files (no personal data, at most 35 days)');
    expect(privacyItemLabel(english.t, item('damaged-store', 'device'))).toBe('Damaged data file kept for IT (with data of every account that used this device)');
    expect(privacyItemLabel(english.t, item('secret', 'secret'))).toBe('Sign-in (portal access key)');
    expect(privacyItemDetail(english.t, item('secret', 'secret', 'secret-stored'))).toBe('Stored encrypted with the system keyring.');
    expect(privacyItemDetail(english.t, item('drafts', 'table'))).toBeNull();
  });
});
