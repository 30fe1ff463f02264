/**
 * Gathers what the diagnostics report shows, from the running services: policy and settings,
 * portal checks (the site check over the one HttpClient, so TLS/CA settings and the circuit
 * breaker apply as for real traffic), BBB hosts and the update feed (a separate client without
 * connectivity reporting: an unreachable update server must not turn the app "offline"),
 * storage, keyring. Only counts, sizes and addresses leave here — no names, ids or tokens.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { arch, homedir, release } from 'node:os';
import { join } from 'node:path';
import { describeError } from '../log/redact';
import { ConferenceStore } from '../conference/conference-store';
import { HttpClient } from '../net/http-client';
import { PortalError } from '../portal/errors';
import { checkSite, samePortal } from '../portal/site-check';
import type { ServiceContext } from '../service-context';
import { feedProblem } from '../updates/decision';
import { UpdateStatusHolder } from '../updates/status';
import { LOGS_FOLDER } from '../log/file-log';
import { salvageMarkPath } from '../store/salvage';
import { damagedCopies } from '../store/damaged-copies';
import { folderUsage } from '../store/disk-usage';
import type { DiagnosticsInput, HostProbe, PortalProbe, ProbeOutcome } from './report';

export const DATABASE_FILE_PREFIX = 'schuldesk.sqlite';
export { LOGS_FOLDER } from '../log/file-log';
const PROBE_TIMEOUT_MS = 8_000;

export interface CollectOptions {
  /** Client for non-portal hosts (BBB, update server); tests may pass their own. */
  probeHttp?: HttpClient;
  homeDir?: string;
  timeoutMs?: number;
}

async function probePortal(context: ServiceContext, url: string, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const site = await checkSite(context.http, url, { allowMaintenance: true, maxAttempts: 1, timeoutMs });
    const login = { app: 'Passwort in der App', browser: 'SSO im Browser', embedded: 'SSO eingebettet' }[site.typeOfLogin];
    const maintenance = site.maintenance.enabled ? ', WARTUNGSMODUS' : '';
    return { ok: true, detail: `Web-Services an, Moodle-App-Dienst an, Anmeldung: ${login}${maintenance}` };
  } catch (error) {
    if (error instanceof PortalError) return { ok: false, code: error.code, detail: error.message };
    return { ok: false, code: 'internal', detail: describeError(error) };
  }
}

async function probeHost(http: HttpClient, url: string, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const response = await http.request({ url, method: 'GET', maxAttempts: 1, timeoutMs, maxResponseBytes: 256 * 1024 });
    return response.status < 400 ? { ok: true, detail: `HTTP ${response.status}` } : { ok: false, code: `http-${response.status}`, detail: `Server antwortet mit HTTP ${response.status}` };
  } catch (error) {
    const kind = (error as { kind?: unknown }).kind;
    return { ok: false, code: typeof kind === 'string' ? kind : 'error', detail: describeError(error) };
  }
}

/** The feed file electron-updater asks a generic server for first. */
export function updateFeedFile(channel: string, platform: NodeJS.Platform = process.platform): string {
  const suffix = platform === 'darwin' ? '-mac' : platform === 'linux' ? '-linux' : '';
  return `${channel}${suffix}.yml`;
}

function storage(context: ServiceContext): DiagnosticsInput['storage'] {
  const dataDir = context.deps.dataDir;
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    names = [];
  }
  let databaseBytes = 0;
  const folders: { name: string; bytes: number }[] = [];
  let filesBytes = 0;
  let logsBytes = 0;
  for (const name of names.sort()) {
    const path = join(dataDir, name);
    if (name.startsWith(DATABASE_FILE_PREFIX)) {
      try {
        databaseBytes += statSync(path).size;
      } catch {
        // vanished meanwhile
      }
      continue;
    }
    const usage = folderUsage(path);
    if (name === LOGS_FOLDER) logsBytes += usage.bytes;
    else filesBytes += usage.bytes;
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) folders.push({ name, bytes: usage.bytes });
  }
  return { databaseBytes, filesBytes, logsBytes, folders, accounts: context.accounts.list().length };
}

/** The store section: the check at this start, a salvage mark, damaged stores kept aside. */
export function storeHealth(context: ServiceContext): NonNullable<DiagnosticsInput['store']> {
  const keptFiles = damagedCopies(context.store.filePath)
    .flatMap((copy) => copy.files)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { recovery: context.storeRecovery ?? null, markedForSalvage: existsSync(salvageMarkPath(context.store.filePath)), keptFiles };
}

/** Portal addresses to check: the policy list, then the portals of accounts on this device. */
function portalTargets(context: ServiceContext): { url: string; configuredBy: 'policy' | 'account' }[] {
  const targets: { url: string; configuredBy: 'policy' | 'account' }[] = [];
  const add = (url: string, configuredBy: 'policy' | 'account') => {
    if (!targets.some((target) => samePortal(target.url, url) || target.url === url)) targets.push({ url, configuredBy });
  };
  for (const portal of context.settings.get('portals')) add(portal.url, 'policy');
  for (const account of context.accounts.list()) add(account.siteUrl, 'account');
  return targets;
}

export async function collectDiagnostics(context: ServiceContext, options: CollectOptions = {}): Promise<DiagnosticsInput> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const probeHttp = options.probeHttp ?? new HttpClient({ now: context.now, userAgent: `SchulDesk/${context.deps.appVersion}`, retry: { maxAttempts: 1 } });
  const settings = context.settings;

  const portalsPromise = Promise.all(
    portalTargets(context).map(async (target): Promise<PortalProbe> => ({ ...target, outcome: await probePortal(context, target.url, timeoutMs) })),
  );
  // Hosts allowed by policy, then the BBB servers join URLs pointed at (rooms do not name theirs).
  const bbbOrigins = [...new Set([...settings.get('extraBbbHosts'), ...new ConferenceStore(context.store).servers()])];
  const bbbPromise = Promise.all(
    bbbOrigins.map(async (origin): Promise<HostProbe> => ({ url: origin, outcome: await probeHost(probeHttp, origin, timeoutMs) })),
  );
  const updateUrl = settings.get('updateUrl');
  const channel = settings.get('updateChannel');
  // The feed the update decision uses: policy updateUrl, else the one in the package's
  // app-update.yml (main/electron/updater.ts records it; the build's .invalid placeholder is none).
  const holder = context.deps.updates ?? new UpdateStatusHolder(context.deps.appVersion);
  const status = holder.view({ mode: settings.get('updateMode'), channel, url: updateUrl });
  const feed = status.feedUrl !== null && feedProblem(status.feedUrl) !== 'no-feed' ? status.feedUrl.replace(/\/+$/, '') : null;
  const file = updateFeedFile(status.channel);
  const updateProbe = feed ? probeHost(probeHttp, `${feed}/${file}`, timeoutMs).then((outcome) => ({ url: feed, file, outcome })) : Promise.resolve(null);
  const [portals, bbbHosts, probe] = await Promise.all([portalsPromise, bbbPromise, updateProbe]);
  const vault = context.vault.status();
  const versions = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return {
    generatedAt: context.now(),
    app: {
      version: context.deps.appVersion,
      shell: context.deps.shell,
      platform: process.platform,
      arch: arch(),
      osRelease: release(),
      runtime: [versions.electron ? `Electron ${versions.electron}` : null, versions.chrome ? `Chromium ${versions.chrome}` : null, `Node ${versions.node}`]
        .filter(Boolean)
        .join(', '),
    },
    homeDir: options.homeDir ?? homedir(),
    dataDir: context.deps.dataDir,
    settings: settings.list(),
    policy: settings.report(),
    portals,
    bbbHosts,
    update: {
      mode: status.mode,
      channel: status.channel,
      feedUrl: feed,
      feedSource: feed === null ? null : updateUrl !== null ? 'policy' : 'package',
      probe,
      installKind: status.installKind,
      state: status.state,
      reason: status.reason,
      availableVersion: status.availableVersion,
    },
    storage: storage(context),
    store: storeHealth(context),
    vault: { persistence: vault.persistence, backend: vault.backend, reason: vault.reason, foreignBackends: vault.foreignBackends },
  };
}
