/** The draft's files: the list with remove buttons, the picker and the drop zone, with the portal's limits. */
import { useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import { useTranslation } from '../../../i18n/react';
import { formatBytes } from '../../../ui/format';

export interface DraftFilesProps {
  files: readonly { id: string; name: string; size: number }[];
  limits: { maxFiles: number; maxBytes: number } | null | undefined;
  onAdd: (files: FileList | null) => void;
  onRemove: (fileId: string) => void;
}

export function DraftFiles({ files, limits, onAdd, onRemove }: DraftFilesProps) {
  const { t, i18n } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    onAdd(event.dataTransfer.files);
  };
  return (
    <div className={`editor-files${dragging ? ' dragging' : ''}`} onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <h3>{t('outbox.editor.filesLabel')}</h3>
      {limits && limits.maxFiles > 0 && <p className="muted">{t('outbox.editor.filesLimit', { count: limits.maxFiles, size: formatBytes(limits.maxBytes, i18n.language) })}</p>}
      <ul>
        {files.map((file) => (
          <li key={file.id}>
            {file.name} <span className="muted">({formatBytes(file.size, i18n.language)})</span>{' '}
            <button type="button" className="button button-quiet" aria-label={t('outbox.editor.removeFile', { name: file.name })} onClick={() => onRemove(file.id)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <label className="button">
        {t('outbox.editor.pickFiles')}
        <input type="file" multiple className="visually-hidden" onChange={(e: FormEvent<HTMLInputElement>) => onAdd(e.currentTarget.files)} />
      </label>{' '}
      <span className="muted">{t('outbox.editor.dropHint')}</span>
    </div>
  );
}
