import { describe, expect, it } from 'vitest';
import { SETTING_GROUPS, SETTINGS } from '../../main/settings/schema';
import { SETTING_GROUP_ORDER, SETTING_META, isKnownSettingKey } from '../../renderer/features/settings/setting-meta';

/**
 * The renderer cannot import main's settings schema (node:crypto), so it keeps its own table of
 * groups and controls. These tests fail as soon as the two disagree.
 */
const KIND_FOR_CONTROL = { boolean: ['boolean'], choice: ['choice'], integer: ['integer'], text: ['url', 'origin', 'text'], list: ['list'] } as const;

describe('renderer setting table vs main/settings/schema.ts', () => {
  it('knows exactly the keys main has', () => {
    expect(Object.keys(SETTING_META).sort()).toEqual(SETTINGS.map((definition) => definition.key).sort());
  });

  it('puts every setting in main’s group, and shows every group main has', () => {
    for (const definition of SETTINGS) {
      expect(SETTING_META[definition.key].group, definition.key).toBe(definition.group);
    }
    expect([...SETTING_GROUP_ORDER].sort()).toEqual(Object.keys(SETTING_GROUPS).sort());
  });

  it('uses a control that fits the value type', () => {
    for (const definition of SETTINGS) {
      const control = SETTING_META[definition.key].control;
      expect(KIND_FOR_CONTROL[control.kind] as readonly string[], definition.key).toContain(definition.type.kind);
    }
  });

  it('offers exactly the choices main accepts', () => {
    for (const definition of SETTINGS) {
      const control = SETTING_META[definition.key].control;
      const schema = definition.type.schema;
      if (control.kind === 'choice') {
        for (const choice of control.choices) expect(schema.safeParse(choice).success, `${definition.key}=${choice}`).toBe(true);
        expect(schema.safeParse('not-a-choice').success).toBe(false);
        expect((schema as unknown as { options: string[] }).options.sort()).toEqual([...control.choices].sort());
      }
      if (control.kind === 'list' && control.item === 'choice') {
        for (const choice of control.choices ?? []) expect(schema.safeParse([choice]).success, `${definition.key}=[${choice}]`).toBe(true);
        expect(schema.safeParse(['not-a-choice']).success).toBe(false);
      }
    }
  });

  it('uses main’s integer ranges', () => {
    for (const definition of SETTINGS) {
      const control = SETTING_META[definition.key].control;
      if (control.kind !== 'integer') continue;
      const schema = definition.type.schema;
      expect(schema.safeParse(control.min).success, `${definition.key} min`).toBe(true);
      expect(schema.safeParse(control.max).success, `${definition.key} max`).toBe(true);
      expect(schema.safeParse(control.min - 1).success, `${definition.key} below min`).toBe(false);
      expect(schema.safeParse(control.max + 1).success, `${definition.key} above max`).toBe(false);
    }
  });

  it('treats keys it does not know as unknown (they land in "Weitere Einstellungen")', () => {
    expect(isKnownSettingKey('language')).toBe(true);
    expect(isKnownSettingKey('toString')).toBe(false);
    expect(isKnownSettingKey('somethingNew')).toBe(false);
  });
});
