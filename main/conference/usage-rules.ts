/**
 * BBB usage rules shown before the first lesson, from the school's
 * "Nutzungsordnung BigBlueButton" (Stand 08.12.2020). The version changes whenever the text
 * changes, so an acknowledgement of an older text no longer counts.
 */
export interface UsageRules {
  readonly version: string;
  readonly de: readonly string[];
  readonly en: readonly string[];
}

export const USAGE_RULES: UsageRules = {
  version: '2020-12-08.1',
  de: [
    'Nimm nichts auf: keine Mitschnitte, Screenshots oder Handy-Videos – außer die Lehrkraft erlaubt es.',
    'Niemand sonst hört oder schaut zu – auch nicht Eltern, Geschwister oder Freunde.',
    'Nicht an öffentlichen Orten teilnehmen (Café, Bus und Bahn, Wartezimmer, Laden …).',
    'Schalte dein Mikrofon stumm, wenn du nicht sprichst.',
    'Keine Gesundheitsdaten oder andere besonders geschützte Daten (Art. 9 DSGVO) nennen oder zeigen.',
    'Gib deinen Zugang niemandem weiter.',
    'Du kannst der Übertragung deines Bildes widersprechen (Art. 21 DSGVO).',
  ],
  en: [
    'Do not record anything: no recordings, screenshots or phone videos – unless the teacher allows it.',
    'Nobody else listens or watches – not parents, siblings or friends either.',
    'Do not take part in public places (café, bus and train, waiting room, shop …).',
    'Mute your microphone when you are not speaking.',
    'Do not mention or show health data or other specially protected data (Art. 9 GDPR).',
    'Do not pass your account on to anyone.',
    'You may object to your image being transmitted (Art. 21 GDPR).',
  ],
};

/** An acknowledgement counts only for exactly the version the person saw. */
export function needsAcknowledgement(acknowledgedVersion: string | null | undefined, rules: UsageRules = USAGE_RULES): boolean {
  return acknowledgedVersion !== rules.version;
}
