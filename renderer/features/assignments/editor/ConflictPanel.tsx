/** Both versions side by side; keep mine, take the portal's, or merge by hand. Nothing is lost either way. */
import { useState } from 'react';
import { useTranslation } from '../../../i18n/react';
import type { ConflictView } from '../../../../preload/contract/outbox';
import { sanitize } from './sanitize';
import { htmlToPlainText, plainTextToHtml } from './editor-text';

export function ConflictPanel({ conflict, onResolve }: { conflict: ConflictView; onResolve: (choice: 'mine' | 'server' | 'merged', merged?: string) => void }) {
  const { t } = useTranslation();
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState(() => `${htmlToPlainText(conflict.serverHtml)}\n\n${htmlToPlainText(conflict.mineHtml)}`);
  return (
    <div className="conflict" role="region" aria-labelledby="conflict-title">
      <h3 id="conflict-title">{t('outbox.conflict.title')}</h3>
      <p>{t('outbox.conflict.body')}</p>
      <div className="conflict-columns">
        <div>
          <h4>{t('outbox.conflict.mine')}</h4>
          <div className="conflict-text" data-testid="conflict-mine" dangerouslySetInnerHTML={{ __html: sanitize(conflict.mineHtml) }} />
          {conflict.mineFiles.length > 0 && <p className="muted">{conflict.mineFiles.join(', ')}</p>}
        </div>
        <div>
          <h4>{t('outbox.conflict.server')}</h4>
          <div className="conflict-text" data-testid="conflict-server" dangerouslySetInnerHTML={{ __html: sanitize(conflict.serverHtml) }} />
          {conflict.serverFiles.length > 0 && <p className="muted">{conflict.serverFiles.join(', ')}</p>}
        </div>
      </div>
      <div className="editor-actions">
        <button type="button" className="button" onClick={() => onResolve('mine')}>
          {t('outbox.conflict.keepMine')}
        </button>{' '}
        <button type="button" className="button" onClick={() => onResolve('server')}>
          {t('outbox.conflict.takeServer')}
        </button>{' '}
        <button type="button" className="button" aria-expanded={merging} onClick={() => setMerging(!merging)}>
          {t('outbox.conflict.merge')}
        </button>
      </div>
      {merging && (
        <div>
          <label htmlFor="conflict-merge">{t('outbox.conflict.mergeLabel')}</label>
          <textarea id="conflict-merge" className="editor-field" rows={10} value={merged} onChange={(e) => setMerged(e.currentTarget.value)} />
          <button type="button" className="button" onClick={() => onResolve('merged', plainTextToHtml(merged))}>
            {t('outbox.conflict.mergeSave')}
          </button>
        </div>
      )}
    </div>
  );
}
