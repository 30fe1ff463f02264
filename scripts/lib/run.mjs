import { spawn } from 'node:child_process';

/** Runs a command; resolves with its exit code and (when captured) its output. */
export function run(command, args, { capture = false, env = process.env, cwd = process.cwd(), timeoutMs } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : null;
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      resolve({ code: 127, output: `${output}${error.message}\n` });
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

import { fileURLToPath } from 'node:url';

/**
 * Tools run as `node <their JS entry>`: node_modules/.bin shims are shell scripts on POSIX and
 * .cmd files on Windows, and spawn() without a shell cannot run the latter. process.execPath is
 * the Node 24 that `npm run` put first on PATH.
 */
const TOOL_ENTRIES = {
  tsc: 'typescript/bin/tsc',
  eslint: 'eslint/bin/eslint.js',
  'electron-vite': 'electron-vite/bin/electron-vite.js',
  vitest: 'vitest/vitest.mjs',
};

/** [command, leading args] to run a dev tool from node_modules on any OS. */
export function tool(name) {
  const entry = TOOL_ENTRIES[name];
  if (!entry) throw new Error(`unknown tool ${name}`);
  return [process.execPath, [fileURLToPath(new URL(`../../node_modules/${entry}`, import.meta.url))]];
}

/** Runs a dev tool (see TOOL_ENTRIES) with `args`. */
export function runTool(name, args, options) {
  const [command, lead] = tool(name);
  return run(command, [...lead, ...args], options);
}
