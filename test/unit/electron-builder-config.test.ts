// electron-builder.yml checked offline: the schema electron-builder itself validates against, its own
// validateConfiguration, its own file matcher, and SchulDesk's packaging rules on top. Building the
// installers needs internet and real OSes (see .github/workflows/ci.yml); this catches the mistakes
// that would otherwise surface only there — or never (a changed MSI upgradeCode, a lost fuse).
import { existsSync, readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync, crc32 } from 'node:zlib';
import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import type { Configuration } from 'app-builder-lib';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher.js';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { renderIcon } from '../../scripts/generate-icons';
import { mainChunkFileName } from '../../scripts/lib/main-chunk-names';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The MSI UpgradeCode. Changing it after the first release makes MSIs install side by side. */
const MSI_UPGRADE_CODE = 'F50DDAFA-54F8-4A63-9074-C1F32155CF0A';

function loadConfig(): Configuration {
  return yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration;
}

/** The copy of scheme.json that the installed electron-builder reads (config.ts: `readJson(…/scheme.json)`). */
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
// Same options as app-builder-lib/out/util/config/schemaValidator.js. scheme.json is draft-07,
// which Ajv 8's default export supports without extra meta-schemas.
const validate = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);

function schemaErrors(config: unknown): ErrorObject[] {
  // coerceTypes mutates, so validate a copy.
  return validate(structuredClone(config)) ? [] : (validate.errors ?? []);
}

const quietDebugLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

/** electron-builder's own filter for `files` (same FileMatcher/minimatch code the packager runs). */
function packagedFilter(files: Configuration['files']): (relative: string) => boolean {
  const appDir = join(ROOT, '__app__');
  const matcher = new FileMatcher(appDir, appDir, (p) => p, files as string[]);
  const filter = matcher.createFilter();
  const fileStat = { isDirectory: () => false } as Stats;
  return (relative) => filter(join(appDir, ...relative.split('/')), fileStat);
}

describe('electron-builder.yml against electron-builder’s schema', () => {
  it('is valid for the installed app-builder-lib scheme.json', () => {
    expect(schemaErrors(loadConfig())).toEqual([]);
  });

  it('passes electron-builder’s own validateConfiguration', async () => {
    await expect(validateConfiguration(loadConfig(), quietDebugLogger)).resolves.toBeUndefined();
  });

  it('catches a typo in an option name (msi.perMachin), so the checks above can fail', async () => {
    const config = loadConfig();
    (config.msi as Record<string, unknown>).perMachin = true;
    const errors = schemaErrors(config);
    expect(errors).toContainEqual(
      expect.objectContaining({ instancePath: '/msi', keyword: 'additionalProperties', params: { additionalProperty: 'perMachin' } }),
    );
    // electron-builder's message condenses this to the failing object ("configuration.msi …").
    await expect(validateConfiguration(config, quietDebugLogger)).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.msi/);
  });

  it('catches a misspelt fuse and a top-level typo too', () => {
    const config = loadConfig() as Record<string, unknown>;
    (config.electronFuses as Record<string, unknown>).runAsNod = false;
    config.productname = 'SchulDesk';
    const properties = schemaErrors(config)
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => (e.params as { additionalProperty: string }).additionalProperty);
    expect(properties).toEqual(expect.arrayContaining(['runAsNod', 'productname']));
  });
});

describe('SchulDesk packaging rules', () => {
  const config = loadConfig();

  it('identifies the app', () => {
    expect(config.appId).toBe('de.schuldesk.app');
    expect(config.productName).toBe('SchulDesk');
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'resources' });
    expect(config.asar).toBe(true);
  });

  it('sets every Electron fuse SchulDesk relies on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.disableAsarIntegrity).not.toBe(true);
  });

  it('builds an MSI for school IT: per machine, silent, fixed upgrade code, no auto-start', () => {
    expect(config.win?.target).toEqual(expect.arrayContaining(['msi', 'nsis']));
    expect(config.msi).toMatchObject({ perMachine: true, oneClick: true, runAfterFinish: false });
    expect(config.msi?.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(config.msi?.upgradeCode).toBe(MSI_UPGRADE_CODE);
    expect(config.msi?.artifactName).not.toMatch(/\s/); // msiexec /i SchulDesk-1.2.3.msi /qn
  });

  it('builds a per-user NSIS installer that lets the user choose the folder', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
  });

  it('names the Windows publisher so electron-updater verifies update signatures', () => {
    const names = config.win?.signtoolOptions?.publisherName;
    const list = Array.isArray(names) ? names : [names];
    expect(list.length).toBeGreaterThan(0);
    for (const name of list) expect(name).toMatch(/\S/);
  });

  it('builds dmg, zip (for updates) and a non-relocatable pkg into /Applications', () => {
    const targets = (config.mac?.target as Array<{ target: string }>).map((t) => t.target);
    expect(targets).toEqual(expect.arrayContaining(['dmg', 'zip', 'pkg']));
    expect(config.pkg).toMatchObject({ isRelocatable: false, installLocation: '/Applications' });
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.category).toBe('public.app-category.education');
  });

  it('explains camera and microphone use in German and grants only those devices plus JIT', () => {
    const info = config.mac?.extendInfo as Record<string, string>;
    expect(info.NSCameraUsageDescription).toMatch(/Kamera.*Videokonferenz/);
    expect(info.NSMicrophoneUsageDescription).toMatch(/Mikrofon.*Videokonferenz/);

    const entitlementsFile = config.mac?.entitlements;
    expect(entitlementsFile).toBe('resources/mac/entitlements.mac.plist');
    const plist = readFileSync(join(ROOT, entitlementsFile as string), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(granted.sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.device.audio-input',
      'com.apple.security.device.camera',
    ]);
  });

  it('registers the schuldesk:// scheme', () => {
    const protocols = [config.protocols ?? []].flat();
    expect(protocols.flatMap((p) => p.schemes)).toContain('schuldesk');
  });

  it('publishes updates only over https', () => {
    const publish = [config.publish ?? []].flat() as Array<{ provider: string; url?: string; channel?: string }>;
    expect(publish.length).toBeGreaterThan(0);
    for (const entry of publish) {
      expect(entry.provider).toBe('generic');
      expect(new URL(entry.url ?? '').protocol).toBe('https:');
    }
    expect(publish[0]?.channel).toBe('latest');
    // Nothing per platform may reintroduce another feed.
    for (const platform of [config.win, config.mac, config.linux, config.nsis, config.msi, config.pkg, config.deb]) {
      expect(platform && 'publish' in platform).toBeFalsy();
    }
  });

  it('builds AppImage and deb; the deb ships /etc/schuldesk/policies/managed/ from a folder that exists', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Education');
    const mapping = (config.deb?.fpm ?? []).find((arg) => arg.endsWith('=/etc/schuldesk/policies/managed/'));
    expect(mapping).toBeDefined();
    const source = (mapping as string).split('=')[0] as string;
    expect(existsSync(join(ROOT, source, 'LIESMICH.txt'))).toBe(true);
    expect(config.deb?.afterInstall).toBeUndefined(); // would replace electron-builder's own script
  });

  describe('files that reach app.asar (electron-builder’s matcher)', () => {
    const packaged = packagedFilter(config.files);

    it.each(['package.json', 'out/main/index.js', 'out/main/chunks/services-1a2b.js', 'out/preload/app.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-1a2b.js'])(
      'includes %s',
      (file) => expect(packaged(file)).toBe(true),
    );

    it.each([
      'out/main/web-shell.js',
      'out/main/chunks/web-shell-1a2b.js',
      'out/main/web-shell/server.js',
      'out/main/dev/seed.js',
      'out/renderer/demo-data.json',
      'out/renderer/demo-assets/lesson.png',
      'out/main/index.js.map',
      'main/index.ts',
      'main/web-shell/entry.ts',
      'renderer/index.html',
      'test/unit/electron-builder-config.test.ts',
      'test/fixtures/moodle/seed.ts',
      'scripts/test.mjs',
      'resources/icon.png',
      'electron-builder.yml',
    ])('excludes %s', (file) => expect(packaged(file)).toBe(false));

    it('main chunks are named so that only the browser shell’s own boot chunk is left out (electron.vite.config.ts)', () => {
      const fileOf = (facadeModuleId: string | null, name: string) => `out/main/${mainChunkFileName({ facadeModuleId }).replace('[name]', name).replace('[hash]', '1a2b')}`;
      // Shared chunks named after modules the exclusions would catch must still ship.
      for (const [module, name] of [
        ['/repo/main/portal/demo-school.ts', 'demo-school'],
        ['/repo/main/dev/tools.ts', 'dev'],
        [null, 'web-shell-like'],
        ['/repo/main/diagnostics/command.ts', 'command'],
      ] as const) {
        expect(packaged(fileOf(module, name)), `${module} → ${fileOf(module, name)}`).toBe(true);
      }
      expect(packaged(fileOf('/repo/main/web-shell/web-shell-boot.ts', 'web-shell-boot'))).toBe(false);
      expect(packaged(fileOf('C:\\repo\\main\\web-shell\\web-shell-boot.ts', 'web-shell-boot'))).toBe(false);
    });

    it('would ship the browser shell without the exclusions (the check is not vacuous)', () => {
      const withoutExclusions = packagedFilter((config.files as string[]).filter((p) => !p.startsWith('!')));
      expect(withoutExclusions('out/main/web-shell.js')).toBe(true);
      expect(withoutExclusions('out/renderer/demo-data.json')).toBe(true);
    });
  });
});

interface DecodedPng {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Minimal PNG reader (8-bit RGBA, all five row filters) that also verifies every chunk CRC. */
function decodePng(file: Buffer): DecodedPng {
  expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const typeAndData = file.subarray(offset + 4, offset + 8 + length);
    expect(crc32(typeAndData)).toBe(file.readUInt32BE(offset + 8 + length));
    const type = typeAndData.toString('latin1', 0, 4);
    const data = typeAndData.subarray(4);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // 8-bit, RGBA, not interlaced
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  expect(ended).toBe(true);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  expect(raw.length).toBe((stride + 1) * height);
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filterType = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filterType ?? 0] ?? 0;
      rgba[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

describe('app icon', () => {
  const pixel = (png: DecodedPng, x: number, y: number) => [...png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];

  it.each([
    ['icon.png', 512],
    ['icon-256.png', 256],
  ])('resources/%s is a valid %d px RGBA PNG with a transparent margin, blue tile and white book', (file, size) => {
    const png = decodePng(readFileSync(join(ROOT, 'resources', file)));
    expect([png.width, png.height]).toEqual([size, size]);
    const at = (x: number, y: number) => pixel(png, Math.round((x / 512) * size), Math.round((y / 512) * size));
    expect(at(4, 4)[3]).toBe(0); // corner outside the rounded tile
    const [r, g, b, a] = at(256, 60) as [number, number, number, number]; // tile above the book
    expect(a).toBe(255);
    expect(b).toBeGreaterThan(r + 100);
    expect(b).toBeGreaterThan(g);
    expect(at(180, 250)).toEqual([255, 255, 255, 255]); // left page
    expect(at(330, 250)).toEqual([255, 255, 255, 255]); // right page
  });

  it('matches what scripts/generate-icons.ts draws (regenerate after changing the design)', () => {
    const png = decodePng(readFileSync(join(ROOT, 'resources', 'icon-256.png')));
    expect(Buffer.from(png.rgba).equals(Buffer.from(renderIcon(256)))).toBe(true);
  });

  it('is the icon every platform packages, with its SVG source next to it', () => {
    const config = loadConfig();
    for (const platform of [config.win, config.mac, config.linux]) expect(platform?.icon).toBe('resources/icon.png');
    expect(readFileSync(join(ROOT, 'resources', 'icon.svg'), 'utf8')).toContain('viewBox="0 0 512 512"');
  });
});

describe('policy templates travel with the installers', () => {
  const config = loadConfig();

  it.each([
    ['win', ['SchulDesk.admx', 'de-DE/SchulDesk.adml', 'en-US/SchulDesk.adml'], 'resources/policy'],
    ['mac', ['de.schuldesk.app.mobileconfig', 'de.schuldesk.app.plist'], 'resources/policy/macos'],
    ['linux', ['linux-example.json'], 'resources/policy'],
  ] as const)('%s ships its templates from files that exist', (platform, names, from) => {
    const sets = (config[platform]?.extraResources ?? []) as Array<{ from: string; to: string; filter: string[] }>;
    const set = sets.find((entry) => entry.to === 'policy');
    expect(set).toMatchObject({ from, filter: [...names] });
    for (const name of names) expect(existsSync(join(ROOT, from, name)), `${from}/${name}`).toBe(true);
  });
});
