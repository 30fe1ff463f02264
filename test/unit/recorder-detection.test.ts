/**
 * Recorder detection against captured process lists: linux-ps-comm-clean.txt is real `ps -axo comm`
 * output of a build machine (no recorders); the other samples follow the real formats of
 * `tasklist /fo csv /nh` (Windows), `ps -axo comm` (macOS full paths, Linux 15-character names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decideRecorders,
  executableName,
  findRecorders,
  KNOWN_RECORDERS,
  parsePsComm,
  parseTasklistCsv,
  processListCommand,
  scanForRecorders,
} from '../../main/conference/recorder-detection';

const sample = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'recorders', name), 'utf8');
const names = (tools: { name: string }[]) => tools.map((tool) => tool.name);

describe('process list parsing', () => {
  it('reads image names from tasklist CSV (CRLF, quoted, thousands separators in memory)', () => {
    const parsed = parseTasklistCsv(sample('windows-tasklist.csv'));
    expect(parsed).toContain('OBS64.EXE');
    expect(parsed).toContain('System Idle Process');
    expect(parsed).toHaveLength(8);
  });

  it('reads ps comm output with and without header', () => {
    expect(parsePsComm(sample('linux-ps-comm.txt'))[0]).toBe('process_api');
    expect(parsePsComm('obs\n\nkazam\n')).toEqual(['obs', 'kazam']);
  });

  it('normalises executable names', () => {
    expect(executableName('C:\\Program Files\\obs-studio\\bin\\64bit\\OBS64.EXE')).toBe('obs64');
    expect(executableName('/Applications/CleanShot X.app/Contents/MacOS/CleanShot X')).toBe('cleanshot x');
    expect(executableName('kworker/0:1-virtio_vsock')).toBe('0:1-virtio_vsock');
  });

  it('uses tasklist on Windows and ps elsewhere', () => {
    expect(processListCommand('win32')).toEqual({ file: 'tasklist.exe', args: ['/fo', 'csv', '/nh'] });
    expect(processListCommand('darwin')).toEqual({ file: 'ps', args: ['-axo', 'comm='] });
    expect(processListCommand('linux')).toEqual({ file: 'ps', args: ['-axo', 'comm='] });
  });
});

describe('finding recorders', () => {
  it('Windows: OBS and Bandicam, not Teams or system processes', () => {
    expect(names(findRecorders(parseTasklistCsv(sample('windows-tasklist.csv'))))).toEqual(['OBS Studio', 'Bandicam']);
  });

  it('macOS: OBS and CleanShot X from full paths', () => {
    expect(names(findRecorders(parsePsComm(sample('macos-ps-comm.txt'))))).toEqual(['OBS Studio', 'CleanShot X']);
  });

  it('Linux: truncated 15-character comm still matches (simplescreenrecorder), remote control too', () => {
    expect(names(findRecorders(parsePsComm(sample('linux-ps-comm.txt'))))).toEqual(['OBS Studio', 'SimpleScreenRecorder', 'AnyDesk']);
  });

  it('a real process list without recorders finds nothing', () => {
    expect(findRecorders(parsePsComm(sample('linux-ps-comm-clean.txt')))).toEqual([]);
  });

  it('does not match on substrings (e.g. "obsidian", "peekaboo", "loomis")', () => {
    expect(findRecorders(['obsidian', 'peekaboo', 'loomis.exe', 'teamviewer-helper-not'])).toEqual([]);
  });

  it('every known executable name is lower case and without extension', () => {
    for (const tool of KNOWN_RECORDERS) for (const exe of tool.executables) expect(exe).toBe(executableName(exe));
  });
});

describe('policy decision', () => {
  const found = findRecorders(['obs64.exe', 'TeamViewer.exe']);
  it('off: nothing, even with recorders running', () => {
    expect(decideRecorders('off', found)).toEqual({ action: 'none' });
  });
  it('nothing found: nothing', () => {
    expect(decideRecorders('warn', [])).toEqual({ action: 'none' });
    expect(decideRecorders('leave', [])).toEqual({ action: 'none' });
  });
  it('warn and leave name the tools in German and English', () => {
    const warn = decideRecorders('warn', found);
    expect(warn).toMatchObject({ action: 'warn', tools: ['OBS Studio', 'TeamViewer'] });
    if (warn.action === 'none') throw new Error('expected a warning');
    expect(warn.message.de).toContain('OBS Studio, TeamViewer');
    expect(warn.message.en).toContain('Please quit it');
    const leave = decideRecorders('leave', found);
    expect(leave.action).toBe('leave');
    if (leave.action === 'none') throw new Error('expected leave');
    expect(leave.message.de).toContain('verlassen');
  });
});

describe('scan', () => {
  it('runs the platform command and matches its output', async () => {
    const calls: string[] = [];
    const found = await scanForRecorders('win32', async (file, args) => {
      calls.push([file, ...args].join(' '));
      return sample('windows-tasklist.csv');
    });
    expect(calls).toEqual(['tasklist.exe /fo csv /nh']);
    expect(names(found)).toEqual(['OBS Studio', 'Bandicam']);
  });
  it('a failing process list finds nothing instead of throwing', async () => {
    expect(await scanForRecorders('linux', () => Promise.reject(new Error('ENOENT')))).toEqual([]);
  });
});
