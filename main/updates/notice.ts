/**
 * What the user is told when a check found a newer version that SchulDesk will not install itself
 * (`install: 'notify'`): policy `updateMode: notify` on a per-user install, or any mode on an
 * install IT manages (MSI, PKG, deb). Pure; main/api/updates.ts shows it once per version through the
 * system-notification port, Einstellungen shows the same facts (renderer/features/settings/UpdateSection).
 */
import type { Language } from '../../preload/api';
import type { UpdateStatusView } from '../../preload/contract/updates';

export interface UpdateNotice {
  version: string;
  title: string;
  body: string;
}

const TEXT = {
  de: {
    title: (version: string) => `SchulDesk ${version} ist verfügbar`,
    managed: 'Deine Schule installiert neue Versionen auf diesem Gerät. Du musst nichts tun.',
    notify: 'Neue Versionen werden auf diesem Gerät nicht automatisch installiert. Deine Schule sagt dir, wie du sie bekommst.',
  },
  en: {
    title: (version: string) => `SchulDesk ${version} is available`,
    managed: 'Your school installs new versions on this device. You do not need to do anything.',
    notify: 'New versions are not installed automatically on this device. Your school tells you how to get them.',
  },
} as const;

export function updateNotice(view: UpdateStatusView, language: Language): UpdateNotice | null {
  if (view.install !== 'notify' || view.state !== 'available' || view.availableVersion === null) return null;
  const text = TEXT[language];
  return { version: view.availableVersion, title: text.title(view.availableVersion), body: view.reason === 'managed-install' ? text.managed : text.notify };
}
