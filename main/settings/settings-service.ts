import type { PolicyProblem, PolicyReport, SettingView } from '../../preload/api';
import { UserFacingError } from '../ipc/errors';
import { describeError } from '../log/redact';
import type { LoadedPolicy } from '../policy/types';
import { SETTINGS, isSettingKey, settingDefinition } from './schema';
import type { AnySettingDefinition, SettingKey, SettingValue } from './schema';
import { refusedValue, validateSettingValue } from './validate';

/** Where the user's own values live (the SQLite repository in the app, a Map in tests). */
export interface SettingsRepositoryLike {
  list(): Record<string, unknown>;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface SettingsService {
  /** Every schema key, in schema order, with its effective value and where it came from. */
  list(): SettingView[];
  /** The effective value for main-process services (frozen; do not mutate). */
  get<K extends SettingKey>(key: K): SettingValue<K>;
  /** Stores a user value. Throws UserFacingError: unknown-setting, setting-locked, setting-not-user-editable, invalid-value(-allowed/-range). */
  set(key: string, value: unknown): SettingView[];
  /** Removes the user's value so policy or default applies again. */
  reset(key: string): SettingView[];
  /** The policy report plus stored user values that were ignored. */
  report(): PolicyReport;
  onChange(listener: (views: SettingView[]) => void): () => void;
}

/** Label for problems found in the user's stored values rather than in a policy document. */
export const STORED_SETTINGS_SOURCE = 'Gespeicherte Einstellungen';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function requireDefinition(key: string): AnySettingDefinition {
  const definition = settingDefinition(key);
  if (!definition) throw new UserFacingError('unknown-setting', { key });
  return definition;
}

/**
 * Effective value = machine policy (locked) > user value (only for `userEditable` keys) > default.
 * A user value for an IT-only key is ignored even if one is stored (e.g. by editing the database),
 * so a student cannot switch off `cameraGate` from below.
 */
export function createSettingsService(options: { policy: LoadedPolicy; repository: SettingsRepositoryLike }): SettingsService {
  const { policy, repository } = options;
  const listeners = new Set<(views: SettingView[]) => void>();

  // Policy values are validated by loadPolicy; checked again here because this map types `get`.
  const policyValues = new Map<SettingKey, unknown>();
  for (const [key, value] of Object.entries(policy.values)) {
    const definition = settingDefinition(key);
    if (!definition || !isSettingKey(key)) continue;
    const result = validateSettingValue(definition, value);
    if (result.ok) policyValues.set(key, deepFreeze(result.value));
  }

  const userValues = new Map<SettingKey, unknown>();
  const storedProblems = new Map<string, PolicyProblem>();
  for (const [key, value] of Object.entries(repository.list())) {
    const definition = settingDefinition(key);
    if (!definition || !isSettingKey(key)) {
      storedProblems.set(key, { source: STORED_SETTINGS_SOURCE, key, message: `Unbekannte gespeicherte Einstellung „${key}“ – wird ignoriert.` });
      continue;
    }
    if (!definition.userEditable) {
      storedProblems.set(key, {
        source: STORED_SETTINGS_SOURCE,
        key,
        message: `Gespeicherter Wert für „${key}“ wird ignoriert: Diese Einstellung kann nur die Schul-IT festlegen.`,
      });
      continue;
    }
    const result = validateSettingValue(definition, value);
    if (result.ok) userValues.set(key, deepFreeze(result.value));
    else storedProblems.set(key, { source: STORED_SETTINGS_SOURCE, key, message: `Gespeicherter Wert wird ignoriert. ${result.message}` });
  }
  for (const problem of storedProblems.values()) console.warn(`[settings] ${problem.message}`);

  const defaults = new Map<SettingKey, unknown>(SETTINGS.map((definition) => [definition.key, deepFreeze(definition.defaultValue)]));

  function view(definition: AnySettingDefinition): SettingView {
    const key = definition.key;
    const base = { key, defaultValue: defaults.get(key), userEditable: definition.userEditable };
    if (policyValues.has(key)) {
      const location = policy.valueSources[key];
      return { ...base, value: policyValues.get(key), source: 'policy', locked: true, ...(location === undefined ? {} : { policyLocation: location }) };
    }
    if (userValues.has(key)) return { ...base, value: userValues.get(key), source: 'user', locked: false };
    return { ...base, value: defaults.get(key), source: 'default', locked: false };
  }

  function list(): SettingView[] {
    return SETTINGS.map(view);
  }

  function notify(): SettingView[] {
    const views = list();
    for (const listener of listeners) {
      try {
        listener(views);
      } catch (error) {
        // One broken subscriber must not undo or block a saved change for the others.
        console.error(`[settings] change listener failed: ${describeError(error)}`);
      }
    }
    return views;
  }

  return {
    list,
    get<K extends SettingKey>(key: K): SettingValue<K> {
      if (policyValues.has(key)) return policyValues.get(key) as SettingValue<K>;
      if (userValues.has(key)) return userValues.get(key) as SettingValue<K>;
      if (!defaults.has(key)) throw new Error(`unknown setting key ${String(key)}`);
      return defaults.get(key) as SettingValue<K>;
    },
    set(key, value) {
      const definition = requireDefinition(key);
      if (policyValues.has(definition.key)) {
        throw new UserFacingError('setting-locked', { key });
      }
      if (!definition.userEditable) {
        throw new UserFacingError('setting-not-user-editable', { key });
      }
      const result = validateSettingValue(definition, value);
      if (!result.ok) {
        const refused = refusedValue(definition);
        throw new UserFacingError(refused.code, refused.params);
      }
      repository.set(definition.key, result.value);
      userValues.set(definition.key, deepFreeze(result.value));
      storedProblems.delete(definition.key);
      return notify();
    },
    reset(key) {
      const definition = requireDefinition(key);
      const stored = userValues.has(definition.key) || storedProblems.has(definition.key);
      if (!stored) return list();
      repository.delete(definition.key);
      userValues.delete(definition.key);
      storedProblems.delete(definition.key);
      return notify();
    },
    report() {
      return { sources: policy.report.sources, problems: [...policy.report.problems, ...storedProblems.values()] };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
