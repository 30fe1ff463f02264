import { execFile } from 'node:child_process';

/** What a finished command printed. A non-zero exit code is a result, not an exception. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program and reports its output. Injected into the registry and plist sources so their
 * parsing is pure and tested with captured output; rejects only when the program could not run
 * at all (missing, timed out).
 */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandResult>;

const TIMEOUT_MS = 15_000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

function runRaw(file: string, args: readonly string[], options: { windowsVerbatimArguments?: boolean } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { encoding: 'buffer', timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, ...options },
      (error, stdout, stderr) => {
        const code = error && 'code' in error ? error.code : 0;
        if (error && (typeof code !== 'number' || error.killed)) {
          reject(error);
          return;
        }
        resolve({ exitCode: typeof code === 'number' ? code : 0, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8') });
      },
    );
  });
}

/** Plain execFile; output decoded as UTF-8 (plutil prints UTF-8). */
export const execFileRunner: CommandRunner = (file, args) => runRaw(file, args);

/**
 * C:\Windows\System32, from SystemRoot only when it looks like a Windows folder: a student who starts
 * SchulDesk from their own shell controls the environment, and a fake reg.exe that prints nothing
 * would otherwise switch every policy off. PATH is never consulted for the same reason.
 */
export function trustedSystem32(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot ?? '';
  return /^[A-Za-z]:\\Windows$/i.test(root) ? `${root}\\System32` : 'C:\\Windows\\System32';
}

const CMD_META = /[&|<>^%"!()\r\n]/;

/**
 * For console programs such as reg.exe, which print in the console's OEM code page (CP850 on
 * German Windows: "Müller" would arrive garbled). Switching the hidden child console to UTF-8
 * with `chcp 65001` first is the usual remedy (pnpm does the same for `reg query`).
 */
export const windowsUtf8Runner: CommandRunner = (file, args) => {
  for (const part of [file, ...args]) {
    if (CMD_META.test(part)) return Promise.reject(new Error(`Unsicheres Argument für cmd.exe: ${part}`));
  }
  const quoted = [file, ...args].map((part) => (part.includes(' ') ? `"${part}"` : part)).join(' ');
  const system32 = trustedSystem32();
  return runRaw(`${system32}\\cmd.exe`, ['/d', '/s', '/c', `"${system32}\\chcp.com 65001>nul && ${quoted}"`], { windowsVerbatimArguments: true });
};
