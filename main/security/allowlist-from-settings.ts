/**
 * The navigation allowlist from the effective settings: the configured portals (policy `portals`)
 * and the extra BigBlueButton servers (`extraBbbHosts`). BBB servers that a portal names at join
 * time are added by the conference work through `extraBbbOrigins`.
 */
import type { SettingsService } from '../settings/settings-service';
import { buildOriginAllowlist } from './origins';
import type { OriginAllowlist } from './origins';

export function allowlistFromSettings(
  settings: Pick<SettingsService, 'get'>,
  extra: { portalUrls?: readonly string[]; extraBbbOrigins?: readonly string[] } = {},
): OriginAllowlist {
  return buildOriginAllowlist({
    portalUrls: [...settings.get('portals').map((portal) => portal.url), ...(extra.portalUrls ?? [])],
    bbbOrigins: [...settings.get('extraBbbHosts'), ...(extra.extraBbbOrigins ?? [])],
  });
}
