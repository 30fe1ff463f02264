import type { ParseKeys, TFunction } from 'i18next';
import type { PrivacyDataItem } from '../../../preload/contract/privacy';
import { de } from '../../i18n/de';

/** A kind of local data in words: main sends its id and kind; a table or folder without words is named as it is. */
export function privacyItemLabel(t: TFunction, item: PrivacyDataItem): string {
  const words = de.it.privacy;
  if (item.kind === 'table') return Object.hasOwn(words.tables, item.id) ? t(`it.privacy.tables.${item.id}` as ParseKeys) : t('it.privacy.tableUnknown', { name: item.id });
  if (item.kind === 'files') {
    const folder = item.id.replace(/^files:/, '');
    return Object.hasOwn(words.folders, folder) ? t(`it.privacy.folders.${folder}` as ParseKeys) : t('it.privacy.folderUnknown', { name: folder });
  }
  return Object.hasOwn(words.kinds, item.id) ? t(`it.privacy.kinds.${item.id}` as ParseKeys) : item.id;
}

/** Where the sign-in secret is kept, in words; null for other items. */
export function privacyItemDetail(t: TFunction, item: PrivacyDataItem): string | null {
  return item.detail === null ? null : t(`it.privacy.secretDetail.${item.detail}`);
}
