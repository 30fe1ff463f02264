/**
 * The diagnostics report as a pure function: every section present, sources of settings named,
 * failures marked, and no secrets, URL queries or home paths in the text whatever the input says.
 */
import { describe, expect, it } from 'vitest';
import type { SettingView } from '../../preload/api';
import { updateFeedFile } from '../../main/diagnostics/collect';
import type { DiagnosticsInput } from '../../main/diagnostics/report';
import { buildDiagnostics, cleanUrl, formatBytes, formatSettingValue, scrub } from '../../main/diagnostics/report';

const HOME = '/home/lena.mueller';

function view(key: string, value: unknown, source: SettingView['source'], policyLocation?: string): SettingView {
  return { key, value, defaultValue: null, source, locked: source === 'policy', userEditable: source !== 'policy', ...(policyLocation ? { policyLocation } : {}) };
}

function input(overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
  return {
    generatedAt: Date.UTC(2026, 10, 22, 18, 0, 0),
    app: { version: '1.2.3', shell: 'electron', platform: 'linux', arch: 'x64', osRelease: '6.1.0', runtime: 'Electron 45, Node 22' },
    homeDir: HOME,
    dataDir: `${HOME}/.config/SchulDesk`,
    settings: [
      view('cameraGate', true, 'policy'),
      view('language', 'en', 'user'),
      view('trustedCaCertificates', ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'], 'policy'),
      view('portals', [{ name: 'Schule', url: 'https://moodle.schule.de' }], 'policy', '/etc/schuldesk/policies/managed/schule.json'),
      view('sharedDevice', true, 'policy', '/Library/Managed Preferences/lena/de.schuldesk.app.plist'),
      view('updateUrl', null, 'default'),
    ],
    policy: {
      sources: [{ kind: 'linux-json', location: '/etc/schuldesk/policies/managed/schule.json', keys: ['cameraGate', 'trustedCaCertificates'] }],
      problems: [{ source: `${HOME}/policy.json`, key: 'camraGate', message: 'Unbekannter Schlüssel „camraGate“' }],
    },
    portals: [
      { url: 'https://moodle.schule.de', configuredBy: 'policy', outcome: { ok: true, detail: 'Web-Services an, Moodle-App-Dienst an' } },
      {
        url: 'https://other.schule.de',
        configuredBy: 'account',
        outcome: { ok: false, code: 'webservices-disabled', detail: 'fetch https://other.schule.de/webservice/rest/server.php?wstoken=abc123secret failed' },
      },
    ],
    bbbHosts: [{ url: 'https://bbb.schule.de', outcome: { ok: false, code: 'timeout', detail: 'Zeitüberschreitung' } }],
    update: {
      mode: 'notify',
      channel: 'latest',
      feedUrl: 'https://updates.schule.de/schuldesk',
      feedSource: 'policy',
      probe: { url: 'https://updates.schule.de/schuldesk', file: 'latest-linux.yml', outcome: { ok: true, detail: 'HTTP 200' } },
      installKind: 'deb',
      state: 'available',
      reason: 'managed-install',
      availableVersion: '1.3.0',
    },
    storage: { databaseBytes: 2 * 1024 * 1024, filesBytes: 512, logsBytes: 4096, folders: [{ name: 'drafts', bytes: 512 }], accounts: 2 },
    vault: { persistence: 'os-keyring', backend: 'gnome_libsecret', reason: null, foreignBackends: ['basic_text'] },
    ...overrides,
  };
}

describe('buildDiagnostics', () => {
  it('has every section IT needs, with the source of each setting', () => {
    const report = buildDiagnostics(input());
    expect(report.sections.map((s) => s.id)).toEqual(['app', 'policy', 'policy-sources', 'portals', 'bbb', 'updates', 'storage', 'keyring']);
    const text = report.text;
    expect(text).toContain('Version: 1.2.3');
    expect(text).toContain('linux 6.1.0 (x64)');
    expect(text).toContain('cameraGate: true  [Richtlinie, gesperrt]');
    expect(text).toContain('language: en  [Benutzer]');
    expect(text).toContain('updateUrl: —  [Standard]');
    expect(text).toContain('trustedCaCertificates: 1 Zertifikat(e) (PEM)');
    // The effective policy with the source of each value.
    expect(text).toContain('portals: [{"name":"Schule","url":"https://moodle.schule.de"}]  [Richtlinie: /etc/schuldesk/policies/managed/schule.json, gesperrt]');
    expect(text).toContain('sharedDevice: true  [Richtlinie: /Library/Managed Preferences/<Benutzer>/de.schuldesk.app.plist, gesperrt]');
    expect(text).toContain('linux-json: /etc/schuldesk/policies/managed/schule.json: cameraGate, trustedCaCertificates');
    expect(text).toMatch(/\[OK\] +https:\/\/moodle\.schule\.de \(Richtlinie\): erreichbar/);
    expect(text).toMatch(/\[FEHLER\] https:\/\/other\.schule\.de \(Konto auf diesem Gerät\): FEHLER \(webservices-disabled\)/);
    expect(text).toMatch(/\[FEHLER\] https:\/\/bbb\.schule\.de: FEHLER \(timeout\)/);
    expect(text).toContain('Update-Server (Richtlinie) https://updates.schule.de/schuldesk/latest-linux.yml: erreichbar – HTTP 200');
    // The report words the reason code for IT itself (German) and names the code.
    expect(text).toContain('Entscheidung: nur Hinweis: Installation für alle Benutzer (MSI, PKG, deb), die Schul-IT installiert (managed-install)');
    expect(text).toMatch(/\[WARN\] +Neue Version: 1\.3\.0 verfügbar/);
    expect(text).toContain('Datenbank: 2,0 MB');
    expect(text).toContain('Konten auf diesem Gerät: 2');
    expect(text).toContain('Backend: gnome_libsecret');
    expect(text).toMatch(/\[WARN\] +Gespeichert mit anderem Backend: basic_text/);
    expect(text).toMatch(/\[WARN\] +Problem in ~\/policy\.json \(camraGate\)/);
    expect(report.text.startsWith('SchulDesk – Diagnose\nErstellt: 2026-11-22T18:00:00.000Z')).toBe(true);
  });

  it('leaves no token, query string or home path in the text, even when a detail carries one', () => {
    const text = buildDiagnostics(input()).text;
    expect(text).not.toContain('abc123secret');
    expect(text).not.toContain('wstoken');
    expect(text).not.toContain(HOME);
    expect(text).not.toContain('lena');
    expect(text).toContain('Datenordner: ~/.config/SchulDesk');
  });

  it('says when nothing is configured, and the browser shell has no install kind', () => {
    const text = buildDiagnostics(
      input({
        app: { version: '0.0.0', shell: 'browser', platform: 'linux', arch: 'x64', osRelease: '6', runtime: 'Node 24' },
        portals: [],
        bbbHosts: [],
        policy: { sources: [], problems: [] },
        update: { mode: 'auto', channel: 'latest', feedUrl: null, feedSource: null, probe: null, installKind: null, state: 'idle', reason: 'development', availableVersion: null },
        vault: { persistence: 'memory-only', backend: null, reason: 'no-electron', foreignBackends: [] },
      }),
    ).text;
    expect(text).toContain('Browsermodus');
    expect(text).toContain('Portale: keine eingerichtet');
    expect(text).toContain('keine Richtlinie gefunden');
    expect(text).toContain('Installationsart: keine (Browsermodus)');
    expect(text).toContain('Neue Version: keine bekannt');
    expect(text).toContain('Update-Server: keiner eingerichtet');
    expect(text).toContain('nur im Arbeitsspeicher');
    expect(text).toContain('Grund: no-electron');
  });
});

describe('macOS per-user managed preferences', () => {
  // The per-user MDM plist lives in a folder named after the user; the report must not name her.
  const userPlist = '/Library/Managed Preferences/lena/de.schuldesk.app.plist';

  it('the sources section and the problems show <Benutzer> instead of the user name', () => {
    const text = buildDiagnostics(
      input({
        homeDir: '/Users/lena',
        dataDir: '/Users/lena/Library/Application Support/SchulDesk',
        policy: {
          sources: [
            { kind: 'macos-managed', location: '/Library/Managed Preferences/de.schuldesk.app.plist', keys: ['cameraGate'] },
            { kind: 'macos-managed', location: userPlist, keys: ['language'] },
          ],
          problems: [{ source: userPlist, key: 'camraGate', message: `„${userPlist}“ ist keine lesbare Property-List und wird ignoriert (plutil, Code 1): ${userPlist}: Property List error` }],
        },
      }),
    ).text;
    expect(text).toContain('macos-managed: /Library/Managed Preferences/de.schuldesk.app.plist: cameraGate');
    expect(text).toContain('macos-managed: /Library/Managed Preferences/<Benutzer>/de.schuldesk.app.plist: language');
    expect(text).toContain('Problem in /Library/Managed Preferences/<Benutzer>/de.schuldesk.app.plist (camraGate)');
    expect(text).toContain('Datenordner: ~/Library/Application Support/SchulDesk');
    expect(text).not.toContain('lena');
  });

  it('scrub replaces only the folder segment, not the machine-wide file', () => {
    expect(scrub(`[policy] ${userPlist} (cameraGate): falscher Typ`, '/Users/x')).toBe('[policy] /Library/Managed Preferences/<Benutzer>/de.schuldesk.app.plist (cameraGate): falscher Typ');
    expect(scrub('/Library/Managed Preferences/de.schuldesk.app.plist', '/Users/x')).toBe('/Library/Managed Preferences/de.schuldesk.app.plist');
  });
});

describe('helpers', () => {
  it('scrub: secrets, URL credentials and queries, home folder (also with backslashes)', () => {
    expect(scrub('GET https://user:pw@moodle.de/pluginfile.php/1/a.pdf?token=xyz#frag', HOME)).toBe('GET https://moodle.de/pluginfile.php/1/a.pdf');
    expect(scrub('password=geheim&x=1', HOME)).toBe('password=<redacted>&x=1');
    expect(scrub('C:\\Users\\Lena\\AppData\\Roaming\\SchulDesk', 'C:\\Users\\Lena')).toBe('~\\AppData\\Roaming\\SchulDesk');
    expect(scrub(`${HOME}/x and ${HOME.toUpperCase()}/y`, HOME)).toBe('~/x and ~/y');
    expect(scrub('/root/.config and /rootfs/x and /root', '/root')).toBe('~/.config and /rootfs/x and ~');
  });

  it('cleanUrl keeps scheme, host, port and path only', () => {
    expect(cleanUrl('http://127.0.0.1:8080/moodle/?a=1')).toBe('http://127.0.0.1:8080/moodle/');
    expect(cleanUrl('https://moodle.de/')).toBe('https://moodle.de');
    expect(cleanUrl('not a url')).toBe('not a url');
  });

  it('formatBytes and formatSettingValue', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1,5 KB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
    expect(formatSettingValue([])).toBe('[]');
    expect(formatSettingValue([{ name: 'Schule', url: 'https://m.de' }])).toBe('[{"name":"Schule","url":"https://m.de"}]');
    expect(formatSettingValue('x'.repeat(400))).toHaveLength(302);
  });

  it('updateFeedFile names electron-updater’s file per platform and channel', () => {
    expect(updateFeedFile('latest', 'win32')).toBe('latest.yml');
    expect(updateFeedFile('beta', 'darwin')).toBe('beta-mac.yml');
    expect(updateFeedFile('latest', 'linux')).toBe('latest-linux.yml');
  });

  it('the data file section: what the start salvaged, what was lost, the files kept for IT', () => {
    const healthy = buildDiagnostics(input({ store: { recovery: null, markedForSalvage: false, keptFiles: [] } }));
    expect(healthy.sections.find((s) => s.id === 'store')?.entries).toEqual([{ label: 'Prüfung beim Start', value: 'in Ordnung', level: 'ok' }]);
    const report = buildDiagnostics(
      input({
        store: {
          recovery: {
            reason: 'corrupt',
            detail: 'database disk image is malformed',
            at: 0,
            movedAside: ['schuldesk.damaged-20261206T210000Z.sqlite'],
            method: 'sql+pages',
            tables: { drafts: { recovered: 39, lost: 2 }, outbox: { recovered: 1, lost: 0 }, settings: { recovered: 0, lost: 0 } },
            durationMs: 170,
          },
          markedForSalvage: true,
          keptFiles: [{ name: 'schuldesk.damaged-20261206T210000Z.sqlite', bytes: 2 * 1024 * 1024 }],
        },
      }),
    );
    expect(report.sections.map((s) => s.id)).toContain('store');
    expect(report.text).toContain('Bei diesem Start repariert: beschädigt (quick_check/SQLite); mit SQLite und aus den Seiten gelesen; 170 ms');
    expect(report.text).toContain('Gerettet (Zeilen): drafts 39, outbox 1');
    expect(report.text).toContain('[WARN]   Verloren oder verworfen (Zeilen/Stellen): drafts 2');
    expect(report.text).toContain('Meldung: database disk image is malformed');
    expect(report.text).toContain('Reparatur beim nächsten Start vorgemerkt');
    expect(report.text).toContain('Aufbewahrte beschädigte Datei: schuldesk.damaged-20261206T210000Z.sqlite (2,0 MB)');
  });
});
