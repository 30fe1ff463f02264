// `npm run check:fresh-clone`: does the project stand on its own? Clones the committed HEAD into an
// empty temporary folder (nothing beside the clone, so no ../shared), then runs the install and test
// commands of the README's first code block exactly as written there (`npm start` is left out: it
// opens the app). Prints the suite's summary line; exits non-zero when a command fails.
// Takes several minutes (full install + full suite): a manual and CI step, not part of `npm test`.
//   --keep   leave the temporary folder for inspection
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');

function git(args, cwd = ROOT) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** The README's install and test commands: its first ```bash block, comments cut, `&&` split. */
function readmeCommands(readme) {
  const block = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .flatMap((line) => line.replace(/\s#.*$/, '').split('&&'))
    .map((command) => command.trim())
    .filter((command) => /^npm (install|ci|test)\b/.test(command));
}

function runShell(command, cwd) {
  return new Promise((done) => {
    let output = '';
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

const head = git(['rev-parse', 'HEAD']);
if (git(['status', '--porcelain'])) console.log('ℹ The working tree has uncommitted changes; the check uses the committed HEAD only.');
const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
if (commands.length < 2) {
  console.error(`✘ README: expected an install and a test command in the first \`\`\`bash block, found: ${JSON.stringify(commands)}`);
  process.exit(1);
}

const parent = mkdtempSync(join(tmpdir(), 'schuldesk-fresh-clone-'));
const clone = join(parent, 'schuldesk');
let exitCode = 1;
try {
  git(['clone', '--quiet', '--no-checkout', ROOT, clone], parent);
  git(['checkout', '--quiet', '--detach', head], clone);
  const beside = readdirSync(parent).filter((name) => name !== 'schuldesk');
  if (beside.length > 0 || existsSync(resolve(clone, '..', 'shared'))) throw new Error(`the clone's folder is not empty: ${beside.join(', ')}`);
  console.log(`▶ Fresh clone of ${head.slice(0, 12)} in ${clone} (nothing beside it; ../shared absent)`);

  let summary = '';
  let failedCommand = '';
  for (const command of commands) {
    const t0 = Date.now();
    console.log(`\n▶ ${command}`);
    const { code, output } = await runShell(command, clone);
    summary = [...output.matchAll(/^Summary: .*$/gm)].pop()?.[0] ?? summary;
    console.log(`${code === 0 ? '✔' : '✘'} ${command} (${((Date.now() - t0) / 1000).toFixed(0)} s, exit ${code})`);
    if (code !== 0) {
      failedCommand = command;
      break;
    }
  }
  console.log(`\nFresh clone: ${failedCommand ? `✘ \`${failedCommand}\` failed` : '✔ every README command passed'}${summary ? ` · ${summary}` : ''}`);
  exitCode = failedCommand ? 1 : 0;
} catch (error) {
  console.error(`✘ ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (keep) console.log(`ℹ Kept ${parent}`);
  else rmSync(parent, { recursive: true, force: true });
}
process.exit(exitCode);
