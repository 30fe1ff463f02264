import { filePolicySource, linuxPolicySource } from './policy/index';
import type { PolicySource } from './policy/index';

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
  const machine: PolicySource[] = platform === 'linux' ? [linuxPolicySource()] : [];
  return devFile ? [...machine, filePolicySource(devFile)] : machine;
}
