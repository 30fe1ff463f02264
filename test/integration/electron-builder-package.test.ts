// Runs the real electron-builder with our electron-builder.yml on a throwaway project (`--linux dir`,
// no installer formats: those need downloads). The only stand-in is the Electron binary: no binary
// exists on the build machines, so a small file carrying Electron's fuse wire (sentinel + default
// fuse states) takes its place. That is enough to prove what really ships in app.asar and that
// electron-builder flips exactly our fuses.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** @electron/fuses: the wire follows this sentinel as [version, length, state…] with '0'/'1' states. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults in FuseV1Options order (RunAsNode … GrantFileProtocolExtraPrivileges, WasmTrapHandlers). */
const DEFAULT_FUSE_WIRE = '101100011';
const FUSE_NAMES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
];

/** Stand-in for the build output of `electron-vite build`, including things that must not ship. */
const BUILD_OUTPUT = [
  'out/main/index.js',
  'out/main/chunks/services-1a2b.js',
  'out/main/web-shell.js',
  'out/main/chunks/web-shell-1a2b.js',
  'out/main/dev/seed.js',
  'out/main/index.js.map',
  'out/preload/app.cjs',
  'out/renderer/index.html',
  'out/renderer/assets/index-1a2b.js',
  'out/renderer/demo-data.json',
  'out/conference-guard/guard.js',
];

let work = '';
let appOutDir = '';
let builderLog = '';

/** Lists the files inside an asar archive (header: two pickled UInt32 sizes, then a pickled JSON string). */
function asarFiles(archive: Buffer): string[] {
  const jsonLength = archive.readUInt32LE(12);
  const header = JSON.parse(archive.toString('utf8', 16, 16 + jsonLength)) as AsarDir;
  const files: string[] = [];
  const walk = (dir: AsarDir, prefix: string) => {
    for (const [name, entry] of Object.entries(dir.files)) {
      if ('files' in entry) walk(entry, `${prefix}${name}/`);
      else files.push(`${prefix}${name}`);
    }
  };
  walk(header, '');
  return files;
}
interface AsarDir {
  files: Record<string, AsarDir | { size: number }>;
}

function fuses(binary: Buffer): Record<string, boolean> {
  const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const length = binary[at + 1] ?? 0;
  const states = binary.toString('latin1', at + 2, at + 2 + length);
  return Object.fromEntries(FUSE_NAMES.slice(0, length).map((name, i) => [name, states[i] === '1']));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'schuldesk-package-'));
  const project = join(work, 'project');
  mkdirSync(project);
  cpSync(join(ROOT, 'electron-builder.yml'), join(project, 'electron-builder.yml'));
  cpSync(join(ROOT, 'resources'), join(project, 'resources'), { recursive: true });
  // Our package.json without dependencies: node_modules collection is electron-builder's business.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const key of ['dependencies', 'devDependencies', 'scripts', 'allowScripts']) delete pkg[key];
  writeFileSync(join(project, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const file of BUILD_OUTPUT) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), `// ${file}\n`);
  }

  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  const electron = Buffer.concat([
    Buffer.from('stand-in for the Electron executable\n'),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, DEFAULT_FUSE_WIRE.length]),
    Buffer.from(DEFAULT_FUSE_WIRE, 'latin1'),
    Buffer.alloc(32),
  ]);
  writeFileSync(join(electronDist, 'electron'), electron);
  writeFileSync(join(electronDist, 'chrome-sandbox'), '');
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'LICENSE'), 'MIT\n');
  writeFileSync(join(electronDist, 'version'), '45.4.1');

  const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--projectDir', project,
      '--config', 'electron-builder.yml',
      '--linux', 'dir', '--x64',
      '--publish', 'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${electronVersion}`,
    ],
    { cwd: project, encoding: 'utf8', env: { ...process.env, CSC_LINK: '', WIN_CSC_LINK: '' }, timeout: 120_000 },
  );
  builderLog = `${result.stdout}\n${result.stderr}`;
  expect(result.status, builderLog).toBe(0);
  appOutDir = join(project, 'dist', 'linux-unpacked');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder with electron-builder.yml (linux dir build, stand-in Electron binary)', () => {
  it('packs the app, preload and renderer into app.asar', () => {
    const files = asarFiles(readFileSync(join(appOutDir, 'resources', 'app.asar')));
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'out/main/index.js', 'out/main/chunks/services-1a2b.js', 'out/preload/app.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-1a2b.js']),
    );
  });

  it('leaves out the browser shell, dev and demo output, the test-only standalone guard, source maps and build resources', () => {
    const files = asarFiles(readFileSync(join(appOutDir, 'resources', 'app.asar')));
    expect(files.filter((f) => /web-shell|\/dev\/|demo-|conference-guard|\.map$|^resources\/|electron-builder/.test(f))).toEqual([]);
  });

  it('flips exactly the fuses from electron-builder.yml in the executable', () => {
    expect(fuses(readFileSync(join(appOutDir, 'schuldesk')))).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false, // untouched default
      GrantFileProtocolExtraPrivileges: false,
      WasmTrapHandlers: true, // untouched default
    });
  });

  it('writes the https update feed into app-update.yml', () => {
    const updateConfig = readFileSync(join(appOutDir, 'resources', 'app-update.yml'), 'utf8');
    expect(updateConfig).toContain('provider: generic');
    expect(updateConfig).toContain('url: https://updates.schuldesk.invalid/latest');
  });
});
