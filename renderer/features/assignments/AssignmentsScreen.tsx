/**
 * "Aufgaben": the current account's assignments from main's store (readable offline), grouped
 * überfällig · diese Woche · später · abgegeben. Each opens a detail view with the task, due
 * dates, status, grade and feedback, and the submission editor. `#/aufgaben?aufgabe=<id>` opens
 * one directly.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { useStore } from 'zustand';
import type { AssignmentDetailView, AssignmentSummaryView } from '../../../preload/contract/assignments';
import { useStores } from '../../app/stores-context';
import { EmptyState } from '../../ui/EmptyState';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { dateTimeFormat } from '../../ui/format';
import { AssignmentsIcon } from '../../ui/icons';
import { FileRow } from '../courses/ModuleItem';
import { AssignmentEditor } from './editor/AssignmentEditor';
import { sanitize } from './editor/sanitize';
import { groupAssignments } from './grouping';
import { reminderWords } from './reminder-text';
import './assignments.css';

const KNOWN_STATUS = new Set(['new', 'draft', 'submitted', 'reopened', 'unknown']);

function assignmentFromHash(): number | null {
  const match = /[?&]aufgabe=(\d+)/.exec(typeof window === 'undefined' ? '' : window.location.hash);
  return match?.[1] ? Number(match[1]) : null;
}

function useFormat() {
  const { i18n } = useTranslation();
  return useCallback(
    (at: number) => dateTimeFormat(i18n.language, { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at),
    [i18n.language],
  );
}

function StatusText({ status }: { status: string }) {
  const { t } = useTranslation();
  return <>{KNOWN_STATUS.has(status) ? t(`aufgaben.status.${status as 'new'}`) : t('aufgaben.status.other', { status })}</>;
}

export function AssignmentsScreen() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const items = useStore(stores.assignments, (s) => s.items);
  const loaded = useStore(stores.assignments, (s) => s.loaded);
  const error = useStore(stores.assignments, (s) => s.error);
  const syncState = useStore(stores.sync, (s) => s.status?.state ?? null);
  const reminders = useStore(stores.sync, (s) => s.reminders);
  const [selected, setSelected] = useState<number | null>(assignmentFromHash);
  const lastOpened = useRef<number | null>(null);

  useEffect(() => {
    // startStores keeps the store subscribed; the screen refreshes on entry and when sign-in state changes.
    void stores.assignments.getState().load();
  }, [stores.assignments, syncState]);

  const close = useCallback(() => {
    setSelected(null);
    if (window.location.hash.includes('aufgabe=')) window.history.replaceState(null, '', '#/aufgaben');
  }, []);

  // Back in the list: focus the entry that was opened, so keyboard users keep their place.
  useEffect(() => {
    if (selected !== null || lastOpened.current === null) return;
    document.getElementById(`assignment-${lastOpened.current}`)?.focus();
  }, [selected]);

  const open = (assignId: number) => {
    lastOpened.current = assignId;
    setSelected(assignId);
  };

  return (
    <div className="screen">
      <ScreenHeading>{t('aufgaben.title')}</ScreenHeading>
      {reminders.length > 0 && selected === null ? (
        <section className="assignment-reminders" aria-labelledby="assignment-reminders-title">
          <h2 id="assignment-reminders-title">{t('aufgaben.reminders.title')}</h2>
          <ul>
            {reminders.map((reminder) => {
              const words = reminderWords(t, i18n.language, reminder);
              return (
                <li key={reminder.assignId}>
                  <strong>{words.heading}</strong> {words.body}{' '}
                  <button type="button" className="button button-quiet" aria-label={`${t('aufgaben.reminders.open')}: ${words.heading}`} onClick={() => open(reminder.assignId)}>
                    {t('aufgaben.reminders.open')}
                  </button>{' '}
                  <button
                    type="button"
                    className="button button-quiet"
                    aria-label={`${t('aufgaben.reminders.dismiss')}: ${words.heading}`}
                    onClick={() => stores.sync.getState().dismissReminder(reminder.assignId)}
                  >
                    {t('aufgaben.reminders.dismiss')}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {selected !== null ? (
        <AssignmentDetail key={selected} assignId={selected} onBack={close} />
      ) : !loaded ? (
        <p className="loading">{t('aufgaben.loading')}</p>
      ) : error ? (
        error.code === 'not-signed-in' ? (
          <EmptyState title={t('aufgaben.emptyTitle')} icon={<AssignmentsIcon />}>
            <p>{t('aufgaben.emptyBody')}</p>
          </EmptyState>
        ) : (
          <p role="alert" className="notice notice-error">{error.message}</p>
        )
      ) : items.length === 0 ? (
        <EmptyState title={t('aufgaben.emptyTitle')} icon={<AssignmentsIcon />}>
          <p>{t('aufgaben.noneSynced')}</p>
        </EmptyState>
      ) : (
        <AssignmentList items={items} onOpen={open} />
      )}
    </div>
  );
}

function AssignmentList({ items, onOpen }: { items: AssignmentSummaryView[]; onOpen: (assignId: number) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loadedAt = useStore(useStores().assignments, (s) => s.loadedAt);
  const groups = groupAssignments(items, loadedAt);
  return (
    <div aria-label={t('aufgaben.listLabel')} role="region">
      {groups.map(({ group, items: list }) => (
        <section key={group} className={`assignment-group assignment-group-${group}`} aria-labelledby={`assignment-group-${group}`} data-testid={`assignment-group-${group}`}>
          <h2 id={`assignment-group-${group}`}>
            {t(`aufgaben.groups.${group}`)} <span className="muted">({list.length})</span>
          </h2>
          <ul className="assignment-list">
            {list.map((item) => (
              <li key={item.assignId}>
                <button type="button" id={`assignment-${item.assignId}`} className="assignment-item" onClick={() => onOpen(item.assignId)} data-testid="assignment-item">
                  <span className="assignment-title">{item.title}</span>
                  <span className="assignment-meta">
                    {item.courseName ? <span>{item.courseName}</span> : null}
                    <span>{item.dueAt > 0 ? t('aufgaben.due', { time: format(item.dueAt) }) : t('aufgaben.noDue')}</span>
                    <span>
                      <StatusText status={item.status} />
                    </span>
                    {item.grade ? <span>{t('aufgaben.grade', { grade: item.grade })}</span> : null}
                    {item.hasDraft ? <span>{t('aufgaben.hasDraft')}</span> : null}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function AssignmentDetail({ assignId, onBack }: { assignId: number; onBack: () => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const format = useFormat();
  const [detail, setDetail] = useState<AssignmentDetailView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    stores.api.invoke('assignments.get', assignId).then(
      (view) => live && setDetail(view),
      (error: unknown) => live && setFailed(error instanceof Error ? error.message : t('aufgaben.detail.notFound')),
    );
    return () => {
      live = false;
    };
  }, [assignId, stores.api, t]);

  useEffect(() => {
    if (detail) headingRef.current?.focus();
  }, [detail]);

  const back = (
    <button type="button" className="button button-quiet" onClick={onBack}>
      {t('aufgaben.detail.back')}
    </button>
  );
  if (failed) {
    return (
      <div>
        <p role="alert" className="notice notice-error">{failed}</p>
        {back}
      </div>
    );
  }
  if (!detail) return <p className="loading">{t('aufgaben.loading')}</p>;

  const submitted = detail.status === 'submitted';
  return (
    <article className="assignment-detail" aria-labelledby="assignment-detail-title">
      {back}
      <h2 id="assignment-detail-title" tabIndex={-1} ref={headingRef}>
        {detail.title}
      </h2>
      <dl>
        {detail.courseName ? (
          <>
            <dt>{t('aufgaben.detail.labels.course')}</dt>
            <dd>{detail.courseName}</dd>
          </>
        ) : null}
        <dt>{t('aufgaben.detail.labels.due')}</dt>
        <dd>{detail.dueAt > 0 ? format(detail.dueAt) : t('aufgaben.noDue')}</dd>
        {detail.cutoffAt > 0 ? (
          <>
            <dt>{t('aufgaben.detail.labels.cutoff')}</dt>
            <dd>{format(detail.cutoffAt)}</dd>
          </>
        ) : null}
        <dt>{t('aufgaben.detail.labels.status')}</dt>
        <dd data-testid="assignment-status">
          <StatusText status={detail.status} />
        </dd>
      </dl>
      <p className="muted">{t('aufgaben.detail.syncedAt', { time: format(detail.syncedAt) })}</p>

      <section aria-labelledby="assignment-description-title">
        <h3 id="assignment-description-title">{t('aufgaben.detail.description')}</h3>
        {detail.descriptionHtml.trim() ? (
          // Sanitised in main and again here (defence in depth); only p, br, strong, em and lists remain.
          <div className="assignment-description" dangerouslySetInnerHTML={{ __html: sanitize(detail.descriptionHtml) }} />
        ) : (
          <p>{t('aufgaben.detail.noDescription')}</p>
        )}
        {detail.files.length > 0 ? (
          <>
            <h4>{t('aufgaben.detail.files')}</h4>
            <ul className="content-files">
              {detail.files.map((file) =>
                file.fileRef ? (
                  // Opens through main (token added there), from the device when prefetched.
                  <FileRow key={file.fileRef} file={{ fileRef: file.fileRef, filename: file.name, filepath: '/', mimetype: file.mimetype, bytes: file.size, cached: file.cached }} />
                ) : (
                  <li key={file.name}>{file.name}</li>
                ),
              )}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="assignment-feedback-title">
        <h3 id="assignment-feedback-title">{t('aufgaben.detail.feedback')}</h3>
        {detail.grade ? <p>{t('aufgaben.grade', { grade: detail.grade })}</p> : <p>{t('aufgaben.detail.noFeedback')}</p>}
        {detail.feedbackHtml ? <div dangerouslySetInnerHTML={{ __html: sanitize(detail.feedbackHtml) }} /> : null}
      </section>

      {submitted ? (
        <section aria-labelledby="assignment-answer-title">
          <h3 id="assignment-answer-title">{t('aufgaben.detail.answer')}</h3>
          <p>{t('aufgaben.detail.submittedNote')}</p>
        </section>
      ) : (
        // The editor brings its own heading ("Deine Abgabe: <Titel>").
        <AssignmentEditor assignId={detail.assignId} courseId={detail.courseId} title={detail.title} />
      )}
    </article>
  );
}
