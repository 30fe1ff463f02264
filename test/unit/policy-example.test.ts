import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filePolicySource, loadPolicy } from '../../main/policy/index';
import { SETTING_KEYS } from '../../main/settings/schema';

const EXAMPLE = fileURLToPath(new URL('../../resources/policy/linux-example.json', import.meta.url));

describe('resources/policy/linux-example.json', () => {
  it('validates against the schema with no problems and sets every schema key', async () => {
    const policy = await loadPolicy([filePolicySource(EXAMPLE)]);
    expect(policy.report.problems).toEqual([]);
    expect(Object.keys(policy.values).sort()).toEqual([...SETTING_KEYS].sort());
    expect(policy.report.sources).toEqual([{ kind: 'file', location: EXAMPLE, keys: [...SETTING_KEYS] }]);
    for (const key of SETTING_KEYS) expect(policy.valueSources[key]).toBe(EXAMPLE);
  });
});
