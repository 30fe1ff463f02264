// The real command runner with real child processes: exit codes, stdout/stderr, a missing program.
// A small Node script stands in for plutil (there is no macOS here); it prints what plutil prints.
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/policy/index';
import { execFileRunner } from '../../main/policy/sources/command-runner';
import { macManagedPlistSource } from '../../main/policy/sources/macos-plist';

let dir = '';
let fakePlutil = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'schuldesk-runner-'));
  fakePlutil = join(dir, 'plutil');
  // Like plutil: JSON of the plist on stdout (escaped slashes), or an error on stderr with exit 1.
  writeFileSync(
    fakePlutil,
    [
      `#!${process.execPath}`,
      "const file = process.argv[process.argv.length - 1];",
      "if (file.endsWith('kaputt.plist')) { process.stderr.write(file + ': Property List error: Unexpected character b at line 1\\n'); process.exit(1); }",
      "process.stdout.write('{\"cameraGate\":true,\"portals\":[{\"name\":\"Schule M\\u00fcller\",\"url\":\"https:\\\\/\\\\/moodle.beispielschule.de\"}]}');",
    ].join('\n'),
  );
  chmodSync(fakePlutil, 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('execFileRunner', () => {
  it('returns exit code, stdout and stderr; a non-zero exit is a result, not an exception', async () => {
    const script = "process.stdout.write('Grüße'); process.stderr.write('Fehler'); process.exit(3)";
    await expect(execFileRunner(process.execPath, ['-e', script])).resolves.toEqual({ exitCode: 3, stdout: 'Grüße', stderr: 'Fehler' });
    await expect(execFileRunner(process.execPath, ['-e', ''])).resolves.toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('rejects when the program does not exist', async () => {
    await expect(execFileRunner(join(dir, 'gibt-es-nicht'), [])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('macOS source through a real child process', () => {
  it('reads the plutil output and reports a broken plist with plutil’s text', async () => {
    const broken = join(dir, 'kaputt.plist');
    const options = { run: execFileRunner, plutil: fakePlutil, exists: async () => true };
    const ok = await loadPolicy([macManagedPlistSource({}, options)]);
    expect(ok.report.problems).toEqual([]);
    expect(ok.values).toEqual({ cameraGate: true, portals: [{ name: 'Schule Müller', url: 'https://moodle.beispielschule.de' }] });

    // Same source, but plutil is handed a broken file.
    const bad = await loadPolicy([macManagedPlistSource({}, { ...options, run: (file, args) => execFileRunner(file, [...args.slice(0, -1), broken]) })]);
    expect(bad.values).toEqual({});
    expect(bad.report.problems).toHaveLength(1);
    expect(bad.report.problems[0]?.message).toMatch(/keine lesbare Property-List .*plutil, Code 1.*kaputt\.plist: Property List error: Unexpected character b/);
  });
});
