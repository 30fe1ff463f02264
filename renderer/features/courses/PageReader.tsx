/** A Moodle page, sanitised in main with its images embedded. */
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { PageView } from '../../../preload/contract/content';
import { useStores } from '../../app/stores-context';
import { formatDateTime } from '../../ui/format';
import { SafeHtml } from './safe-html';

export function PageReader({ cmid, courseName, onBack }: { cmid: number; courseName: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const [page, setPage] = useState<PageView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    stores.api.invoke('content.page', cmid).then(
      (view) => live && setPage(view),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [stores.api, cmid]);

  return (
    <article className="content-page" aria-labelledby="content-page-title" aria-busy={page === null && error === null}>
      <button type="button" className="button button-quiet" onClick={onBack}>
        {t('content.backToCourse', { course: courseName })}
      </button>
      <h2 id="content-page-title">{page?.name ?? t('content.pageLoading')}</h2>
      {page?.syncedAt ? <p className="muted">{t('content.stand', { time: formatDateTime(page.syncedAt, i18n.language) })}</p> : null}
      {page?.outdated ? <p className="muted">{t('content.pageOutdated')}</p> : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
      {page ? <SafeHtml className="content-page-body" html={page.html} /> : null}
    </article>
  );
}
