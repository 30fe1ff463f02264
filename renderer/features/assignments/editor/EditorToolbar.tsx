/** The text field's formatting buttons; they keep the focus in the field (mousedown is not followed). */
import { useTranslation } from '../../../i18n/react';

export type FormatCommand = 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList';

export function EditorToolbar({ onFormat }: { onFormat: (command: FormatCommand) => void }) {
  const { t } = useTranslation();
  return (
    <div role="toolbar" aria-label={t('outbox.editor.toolbar')} className="editor-toolbar">
      <button type="button" className="button button-quiet" onMouseDown={(e) => e.preventDefault()} onClick={() => onFormat('bold')}>
        <strong>{t('outbox.editor.bold')}</strong>
      </button>
      <button type="button" className="button button-quiet" onMouseDown={(e) => e.preventDefault()} onClick={() => onFormat('italic')}>
        <em>{t('outbox.editor.italic')}</em>
      </button>
      <button type="button" className="button button-quiet" onMouseDown={(e) => e.preventDefault()} onClick={() => onFormat('insertUnorderedList')}>
        {t('outbox.editor.bulletList')}
      </button>
      <button type="button" className="button button-quiet" onMouseDown={(e) => e.preventDefault()} onClick={() => onFormat('insertOrderedList')}>
        {t('outbox.editor.numberedList')}
      </button>
    </div>
  );
}
