/** Machine policy: where it is read from and how sources merge into one validated, reported policy. */
export type { LoadedPolicy, MinimalFs, PolicySource, RawPolicyDocument } from './types';
export { loadPolicy } from './load-policy';
export { DEFAULT_LINUX_POLICY_DIRECTORY, filePolicySource, linuxPolicySource, parsePolicyJson } from './fs-sources';
