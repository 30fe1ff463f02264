/**
 * The README is the newcomer's entry: its first block is the two commands (install+start, test),
 * `.ci/run` runs that same test command, and every picture and project file it links exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README and CI entry', () => {
  it('starts with the two commands: install and start, then the tests', () => {
    const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = firstBlock.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm install && npm start', 'npm test']);
    expect(readme.indexOf('```bash')).toBeLessThan(readme.indexOf('\n## '));
  });

  it('.ci/run ends with exactly the README test command', () => {
    const lines = readFileSync(join(ROOT, '.ci', 'run'), 'utf8').trim().split('\n');
    expect(lines.at(-1)).toBe('npm test');
  });

  it('every local picture and link in the README points at a file in the repository', () => {
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((t) => !/^(https?:|#|mailto:)/.test(t));
    expect(targets.length).toBeGreaterThan(3);
    expect(targets.filter((target) => !existsSync(join(ROOT, target.split('#')[0] ?? '')))).toEqual([]);
  });

  it('has no section left to write', () => {
    expect(readme).not.toMatch(/<!--\s*SECTION:/);
  });
});
