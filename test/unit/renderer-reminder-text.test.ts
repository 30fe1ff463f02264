import { describe, expect, it } from 'vitest';
import { reminderWords } from '../../renderer/features/assignments/reminder-text';
import { createI18n, loadLanguage } from '../../renderer/i18n/index';

describe('in-app deadline reminder (main sends facts, the renderer words them)', () => {
  // Monday 2026-03-02 14:00 local time.
  const dueAt = new Date(2026, 2, 2, 14, 0).getTime();
  const reminder = (leadHours: number) => ({ assignId: 1, title: 'Vokabeltest', dueAt, leadMs: leadHours * 3_600_000 });

  it('in German and in English', async () => {
    const german = createI18n('de');
    expect(reminderWords(german.t, 'de', reminder(1))).toEqual({ heading: 'Abgabe in einer Stunde: Vokabeltest', body: 'Fällig Mo., 14:00. Noch nicht abgegeben.' });
    expect(reminderWords(german.t, 'de', reminder(3)).heading).toBe('Abgabe in 3 Stunden: Vokabeltest');
    const english = createI18n('en');
    await loadLanguage(english, 'en');
    expect(reminderWords(english.t, 'en', reminder(24))).toEqual({ heading: 'Due tomorrow: Vokabeltest', body: 'Due Mon 02:00 PM. Not handed in yet.' });
    expect(reminderWords(english.t, 'en', reminder(1)).heading).toBe('Due in one hour: Vokabeltest');
  });
});
