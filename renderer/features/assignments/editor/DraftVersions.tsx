/** The draft's saved versions, loaded when the disclosure opens; each can be restored. */
import { useTranslation } from '../../../i18n/react';
import { formatDateTime } from '../../../ui/format';

export interface DraftVersionsProps {
  /** The draft's current version number (the summary counts it). */
  count: number;
  versions: readonly { version: number; savedAt: number }[];
  onOpen: () => void;
  onRestore: (version: number) => void;
}

export function DraftVersions({ count, versions, onOpen, onRestore }: DraftVersionsProps) {
  const { t, i18n } = useTranslation();
  return (
    <details onToggle={(e) => e.currentTarget.open && onOpen()}>
      <summary>{t('outbox.editor.versions', { count })}</summary>
      <ul>
        {versions.map((v) => (
          <li key={v.version}>
            <button type="button" className="button button-quiet" onClick={() => onRestore(v.version)}>
              {t('outbox.editor.restore', { version: v.version, time: formatDateTime(v.savedAt, i18n.language) })}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
