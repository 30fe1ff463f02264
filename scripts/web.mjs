// `npm run web`: builds quietly, starts the demo school (scripts/lib/demo-school.mjs), then runs the
// browser shell (dev/test only), which prints exactly one line "SchulDesk browser mode: <URL>" on
// stdout and stays up until killed. The demo school's address goes to stderr.
import { spawn } from 'node:child_process';
import { startDemoSchool } from './lib/demo-school.mjs';
import { runTool } from './lib/run.mjs';

if (process.env.SCHULDESK_SKIP_BUILD !== '1') {
  const build = await runTool('electron-vite', ['build'], { capture: true });
  if (build.code !== 0) {
    process.stderr.write(build.output);
    process.stderr.write('SchulDesk konnte nicht gebaut werden (siehe oben).\n');
    process.exit(1);
  }
}
const demo = await startDemoSchool();
if (demo.note) process.stderr.write(`${demo.note}\n`);
const shell = spawn(process.execPath, ['out/main/web-shell.js'], { stdio: 'inherit', env: { ...process.env, ...demo.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shell.kill(signal));
shell.on('exit', (code, signal) => {
  void demo.close().finally(() => process.exit(code ?? (signal ? 0 : 1)));
});
