// `npm run web`: builds quietly, then runs the browser shell (dev/test only), which prints exactly
// one line "SchulDesk browser mode: <URL>" and stays up until killed.
import { spawn } from 'node:child_process';
import { runTool } from './lib/run.mjs';

if (process.env.SCHULDESK_SKIP_BUILD !== '1') {
  const build = await runTool('electron-vite', ['build'], { capture: true });
  if (build.code !== 0) {
    process.stderr.write(build.output);
    process.stderr.write('SchulDesk konnte nicht gebaut werden (siehe oben).\n');
    process.exit(1);
  }
}
const shell = spawn(process.execPath, ['out/main/web-shell.js'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shell.kill(signal));
shell.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
