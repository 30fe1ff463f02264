/** One course: "Stand", the offline toggle with progress and storage, sections with their modules, or a page. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { CourseView, StorageView } from '../../../preload/contract/content';
import { useSettings, useStores } from '../../app/stores-context';
import { formatBytes, formatDateTime } from '../../ui/format';
import { ModuleItem, moduleElementId } from './ModuleItem';
import { PageReader } from './PageReader';
import { SafeHtml } from './safe-html';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function CourseDetail({ courseId, moduleId = null, onBack }: { courseId: number; moduleId?: number | null; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const api = stores.api;
  const announce = useCallback((text: string) => stores.announcer.getState().announce(text), [stores.announcer]);
  const [course, setCourse] = useState<CourseView | null>(null);
  const [storage, setStorage] = useState<StorageView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState<number | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [offlineNote, setOfflineNote] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Policy offlineEnabled false: no "Offline verfügbar" (main refuses it too).
  const offlineEnabled = useSettings((state) => state.views.find((view) => view.key === 'offlineEnabled')?.value !== false);

  const load = useCallback(async () => {
    try {
      const [view, space] = await Promise.all([api.invoke('content.course', courseId), api.invoke('content.storage')]);
      setCourse(view);
      setStorage(space);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api, courseId]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after the awaited API answers
    void load();
    const stopChanged = api.on('content.changed', (payload) => {
      if (payload.courseIds.length === 0 || payload.courseIds.includes(courseId)) void load();
    });
    const stopProgress = api.on('content.offlineProgress', (payload) => {
      if (payload.courseId === courseId) setProgress({ done: payload.done, total: payload.total });
    });
    return () => {
      stopChanged();
      stopProgress();
    };
  }, [api, courseId, load]);

  // Opened for one module (a link from Start): that module takes focus once, else the course heading.
  const moduleShown = useRef(false);
  useEffect(() => {
    if (!course || page !== null) return;
    const target = moduleId !== null && !moduleShown.current ? document.getElementById(moduleElementId(moduleId)) : null;
    if (target) {
      moduleShown.current = true;
      target.classList.add('content-module-highlight');
      target.focus();
      target.scrollIntoView({ block: 'center' });
    } else heading.current?.focus();
  }, [course, page, moduleId]);

  const toggleOffline = async (on: boolean) => {
    setOfflineNote(null);
    setProgress(on ? { done: 0, total: 0 } : null);
    try {
      const result = await api.invoke('content.setOffline', courseId, on);
      setStorage(result.storage);
      const note = on
        ? [t('content.offlineDone', { downloaded: result.filesDownloaded }), result.filesSkipped > 0 ? t('content.offlineSkipped', { count: result.filesSkipped }) : '']
            .filter(Boolean)
            .join(' ')
        : t('content.offlineOff');
      setOfflineNote(note);
      announce(note);
      await load();
    } catch (e) {
      setOfflineNote(messageOf(e));
      announce(messageOf(e));
    } finally {
      setProgress(null);
    }
  };

  if (error && !course) {
    return (
      <div>
        <button type="button" className="button button-quiet" onClick={onBack}>
          {t('content.back')}
        </button>
        <p role="alert" className="error-text">{error}</p>
      </div>
    );
  }
  if (!course) return <p aria-busy="true">{t('content.loading')}</p>;
  if (page !== null) return <PageReader cmid={page} courseName={course.fullname} onBack={() => setPage(null)} />;

  return (
    <section aria-labelledby="content-course-title">
      <p className="content-back-row">
        <button type="button" className="button button-quiet" onClick={onBack}>
          {t('content.back')}
        </button>
      </p>
      <h2 id="content-course-title" ref={heading} tabIndex={-1}>
        {course.fullname}
      </h2>
      <p className="muted">{course.syncedAt ? t('content.stand', { time: formatDateTime(course.syncedAt, i18n.language) }) : t('content.standNever')}</p>

      <div className="card content-offline">
        {offlineEnabled ? (
          <>
            <label className="content-offline-toggle">
              <input type="checkbox" checked={course.offline} disabled={progress !== null} onChange={(e) => void toggleOffline(e.target.checked)} aria-describedby="content-offline-hint" />{' '}
              {t('content.offlineToggle')}
            </label>
            <p id="content-offline-hint" className="muted">{t('content.offlineHint')}</p>
          </>
        ) : (
          <p className="muted" data-testid="offline-disabled">{t('content.offlineDisabled')}</p>
        )}
        {progress && progress.total > 0 ? (
          <p>
            <progress max={progress.total} value={progress.done} aria-label={t('content.offlineProgress', progress)} /> {t('content.offlineProgress', progress)}
          </p>
        ) : null}
        {offlineNote ? <p role="status">{offlineNote}</p> : null}
        {storage ? <p className="muted">{t('content.storage', { used: formatBytes(storage.usedBytes, i18n.language), budget: formatBytes(storage.budgetBytes, i18n.language) })}</p> : null}
      </div>

      {course.sections.map((section) => (
        <section key={section.id} className="content-section" aria-labelledby={`content-section-${section.id}`}>
          <h3 id={`content-section-${section.id}`}>{section.name}</h3>
          {section.summaryHtml ? <SafeHtml html={section.summaryHtml} /> : null}
          {section.modules.length === 0 ? (
            <p className="muted">{t('content.emptySection')}</p>
          ) : (
            <ul className="content-modules">
              {section.modules.map((module) => (
                <ModuleItem key={module.cmid} module={module} onOpenPage={setPage} />
              ))}
            </ul>
          )}
        </section>
      ))}
      <p>
        <a className="text-link" href={course.portalUrl} target="_blank" rel="noopener noreferrer">
          {t('content.openInPortalNamed', { name: course.fullname })}
        </a>
      </p>
    </section>
  );
}
