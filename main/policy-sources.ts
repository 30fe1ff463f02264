import { filePolicySource, linuxPolicySource } from './policy/index';
import type { PolicySource } from './policy/index';
import { macPolicySources } from './policy/sources/macos-plist';
import { windowsRegistrySource } from './policy/sources/windows-registry';

/** The operating system's IT-controlled policy locations, machine-wide before per-user (the earlier wins). */
export function machinePolicySources(platform: NodeJS.Platform): PolicySource[] {
  switch (platform) {
    case 'win32':
      return [windowsRegistrySource('HKLM'), windowsRegistrySource('HKCU')];
    case 'darwin':
      return macPolicySources();
    case 'linux':
      return [linuxPolicySource()];
    default:
      return [];
  }
}

/**
 * Which machine-policy sources a run reads, most authoritative first.
 * `SCHULDESK_POLICY_FILE` is honoured only in development runs (browser shell, unpackaged app):
 * in an installed app a student could set that variable, so only IT-controlled locations count.
 * In the browser shell the file *replaces* the machine sources so tests are deterministic.
 */
export function policySourcesFor(options: {
  shell: 'electron' | 'browser';
  packaged: boolean;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}): PolicySource[] {
  const platform = options.platform ?? process.platform;
  const devFile = !options.packaged ? options.env.SCHULDESK_POLICY_FILE : undefined;
  if (options.shell === 'browser' && devFile) return [filePolicySource(devFile)];
  const machine = machinePolicySources(platform);
  return devFile ? [...machine, filePolicySource(devFile)] : machine;
}
