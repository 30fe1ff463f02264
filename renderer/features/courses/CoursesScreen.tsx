/** "Kurse": the course list (with "Stand" and offline badge) → one course → a page. Empty state when not signed in. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { CourseSummaryView } from '../../../preload/contract/content';
import { useStores } from '../../app/stores-context';
import { errorCode } from '../../bridge/api-error';
import { hrefFor } from '../../state/navigation-store';
import { EmptyState } from '../../ui/EmptyState';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { CoursesIcon } from '../../ui/icons';
import { CourseDetail } from './CourseDetail';
import { formatDateTime } from '../../ui/format';
import './courses.css';

/** `#/kurse?kurs=<id>&modul=<cmid>` (links from Start) opens a course, scrolled to the module. */
function fromHash(name: 'kurs' | 'modul'): number | null {
  const match = new RegExp(`[?&]${name}=(\\d+)`).exec(typeof window === 'undefined' ? '' : window.location.hash);
  return match?.[1] ? Number(match[1]) : null;
}

export function CoursesScreen() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const api = stores.api;
  const [courses, setCourses] = useState<CourseSummaryView[] | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [selected, setSelected] = useState<number | null>(() => fromHash('kurs'));
  const [moduleId] = useState<number | null>(() => fromHash('modul'));

  const load = useCallback(async () => {
    try {
      setCourses(await api.invoke('content.courses'));
      setProblem(null);
    } catch (e) {
      setProblem({ code: errorCode(e), message: e instanceof Error ? e.message : String(e) });
    }
  }, [api]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after the awaited API answers
    void load();
    const stopContent = api.on('content.changed', () => void load());
    // Signed in, switched school or signed out: another account's courses (or none).
    const stopAccounts = api.on('portal.accountsChanged', () => {
      setSelected(null);
      void load();
    });
    return () => {
      stopContent();
      stopAccounts();
    };
  }, [api, load]);

  const notSignedIn = problem?.code === 'not-signed-in' || problem?.code === 'bridge-missing';
  return (
    <div className="screen">
      <ScreenHeading>{t('content.title')}</ScreenHeading>
      {notSignedIn ? (
        <EmptyState title={t('content.notSignedInTitle')} icon={<CoursesIcon />}>
          <p>{t('content.notSignedInBody')}</p>
          <p>
            <a className="text-link" href={hrefFor('start')}>
              {t('content.toSignIn')}
            </a>
          </p>
        </EmptyState>
      ) : selected !== null ? (
        <CourseDetail
          courseId={selected}
          moduleId={moduleId}
          onBack={() => {
            setSelected(null);
            if (window.location.hash.includes('kurs=')) window.history.replaceState(null, '', hrefFor('kurse'));
          }}
        />
      ) : (
        <>
          <p className="lead">{t('content.intro')}</p>
          {problem ? <p role="alert" className="error-text">{problem.message}</p> : null}
          {courses === null && !problem ? <p aria-busy="true">{t('content.loading')}</p> : null}
          {courses?.length === 0 ? <p>{t('content.noCourses')}</p> : null}
          {courses && courses.length > 0 ? (
            <ul className="content-course-list" aria-label={t('content.listLabel')}>
              {courses.map((course) => (
                <li key={course.id} className="card">
                  <button type="button" className="content-course-button" onClick={() => setSelected(course.id)}>
                    <span className="content-course-name">{course.fullname}</span>
                  </button>
                  <span className="muted">
                    {course.syncedAt ? t('content.stand', { time: formatDateTime(course.syncedAt, i18n.language) }) : t('content.standNever')}
                  </span>
                  {course.offline ? <span className="content-badge">{t('content.offlineBadge')}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </div>
  );
}
