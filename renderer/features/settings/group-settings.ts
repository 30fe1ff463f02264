import type { SettingView } from '../../../preload/api';
import { SETTING_GROUP_ORDER, settingMeta } from './setting-meta';
import type { SettingGroupId } from './setting-meta';

export type SettingSectionId = SettingGroupId | 'other';

export interface SettingSection {
  id: SettingSectionId;
  views: SettingView[];
}

/** Sections in screen order, each with its settings in main's order; empty sections are left out. */
export function groupSettings(views: readonly SettingView[]): SettingSection[] {
  const order: SettingSectionId[] = [...SETTING_GROUP_ORDER, 'other'];
  const byGroup = new Map<SettingSectionId, SettingView[]>(order.map((id) => [id, []]));
  for (const view of views) byGroup.get(settingMeta(view.key)?.group ?? 'other')?.push(view);
  return order.flatMap((id) => {
    const sectionViews = byGroup.get(id) ?? [];
    return sectionViews.length > 0 ? [{ id, views: sectionViews }] : [];
  });
}
