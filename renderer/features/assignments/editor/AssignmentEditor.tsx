/**
 * The submission editor: online text in a small accessible rich-text field (bold, italic, lists),
 * files (pick, drop, remove), limits, the save state, versions, conflicts and sending. Every
 * change is saved to main ~500 ms after typing stops (main sanitises again and stores it durably).
 * The latest HTML is also kept in a ref on every input, so what was typed in those last 500 ms is
 * flushed when the editor unmounts (leaving the screen: the field is already detached by then),
 * on `pagehide` (window closed) and when the page is hidden (`visibilitychange`).
 * Props come from the Assignments screen (offline-sync) or the outbox screen. Toolbar, files and
 * versions are components beside it (EditorToolbar, DraftFiles, DraftVersions).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../../i18n/react';
import { useStore } from 'zustand';
import type { ConflictView, DraftVersionView, DraftView } from '../../../../preload/contract/outbox';
import { useStores } from '../../../app/stores-context';
import { ConflictPanel } from './ConflictPanel';
import { DraftFiles } from './DraftFiles';
import { DraftVersions } from './DraftVersions';
import { EditorToolbar } from './EditorToolbar';
import type { FormatCommand } from './EditorToolbar';
import { PinPrompt } from './PinPrompt';
import { sanitize } from './sanitize';
import { countWords, toBase64 } from './editor-text';
import { UnsavedText } from './unsaved-text';
import { errorCode, errorMessage } from '../../../bridge/api-error';
import { retriesBySelf, saveRetryDelayMs } from './save-retry';
import { forgetKept, keepUnsaved, takeKept } from './kept-text';

export const SAVE_DELAY_MS = 500;

export interface AssignmentEditorProps {
  assignId: number;
  courseId?: number;
  title?: string;
}

type SaveStatus = 'idle' | 'saving' | 'failed';

export function AssignmentEditor({ assignId, courseId, title }: AssignmentEditorProps) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const api = stores.api;
  const announce = useStore(stores.announcer, (s) => s.announce);
  const outboxItems = useStore(stores.outbox, (s) => s.items);
  // The outbox knows more than "Wird gesendet": whether the item waits for a sign-in or for the portal.
  useEffect(() => {
    void stores.outbox.getState().load();
  }, [stores]);
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [needsPin, setNeedsPin] = useState<{ pinSet: boolean; min: number } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>('idle');
  const [saveError, setSaveError] = useState('');
  const [words, setWords] = useState(0);
  const [statement, setStatement] = useState(false);
  const [conflict, setConflict] = useState<ConflictView | null>(null);
  const [versions, setVersions] = useState<DraftVersionView[]>([]);
  const editorRef = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  // A save that failed for a passing reason (full disk, …) is tried again by itself (save-retry.ts).
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retryAttempt = useRef(0);
  const [retryTick, setRetryTick] = useState(0);
  const draftId = draft?.id ?? null;

  const fail = useCallback((error: unknown) => (error instanceof Error ? error.message : String(error)), []);

  // What the student typed and main has not been asked to save yet (null = nothing). Kept apart from
  // the field because on unmount React has detached the field before the effect cleanup runs.
  // A failed save gives its text back only while it is the latest queued (unsaved-text.ts).
  const [unsaved] = useState(() => new UnsavedText());

  // The text to put into the field once it exists (it is not rendered before the draft is loaded).
  const pendingHtml = useRef<string | null>(null);
  const attachEditor = useCallback((element: HTMLDivElement | null) => {
    editorRef.current = element;
    if (element && pendingHtml.current !== null) {
      element.innerHTML = pendingHtml.current;
      pendingHtml.current = null;
    }
  }, []);

  const showText = useCallback((html: string) => {
    const clean = sanitize(html);
    const scratch = document.createElement('div');
    scratch.innerHTML = clean;
    setWords(countWords(scratch.textContent ?? ''));
    // This text comes from main: nothing of it is unsaved.
    unsaved.clear();
    if (editorRef.current) editorRef.current.innerHTML = clean;
    else pendingHtml.current = clean;
  }, [unsaved]);

  const open = useCallback(async () => {
    try {
      const status = await api.invoke('device.status');
      if (status.sharedDevice && !status.unlocked) {
        setNeedsPin({ pinSet: status.pinSet, min: status.minPinLength });
        return;
      }
      setNeedsPin(null);
      // Optional arguments are left out, not sent as null (JSON has no undefined).
      const opened = await api.invoke('drafts.open', assignId, ...(courseId !== undefined && title !== undefined ? [{ courseId, title }] : []));
      setDraft(opened);
      showText(opened.textHtml);
      setLoadError(null);
      // Text that could not be saved before the editor was left (kept-text.ts): back into the field, saved again.
      const kept = takeKept(opened.id);
      if (kept !== null && kept !== opened.textHtml) {
        showText(kept);
        unsaved.set(kept);
        setSaveStatus('saving');
        setRetryTick((tick) => tick + 1);
      }
    } catch (error) {
      setLoadError(fail(error));
    }
  }, [api, assignId, courseId, title, showText, fail, unsaved]);

  useEffect(() => {
    // Deferred to a callback: the first state change happens after main answered.
    void Promise.resolve().then(open);
  }, [open]);

  const stateText = (d: DraftView): string =>
    d.locked ? t('outbox.state.locked') : d.state === 'error' ? t('outbox.state.error', { message: d.error ? errorMessage(d.error) : '' }) : t(`outbox.state.${d.state}` as 'outbox.state.saved');

  // Main reports send steps and conflicts; the text itself stays as the student typed it.
  useEffect(() => {
    if (!draftId) return;
    return api.on('drafts.changed', (payload) => {
      if (payload.draftId !== draftId) return;
      void api.invoke('drafts.list').then((list) => {
        const next = list.find((d) => d.id === draftId);
        if (!next) return;
        setDraft((previous) => {
          if (previous && previous.state !== next.state) announce(stateText(next));
          return previous ? { ...previous, state: next.state, error: next.error, version: Math.max(previous.version, next.version) } : next;
        });
      });
    });
  });

  const saveNow = useCallback((): Promise<unknown> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (retryTimer.current) {
      clearTimeout(retryTimer.current);
      retryTimer.current = null;
    }
    const taken = draftId ? unsaved.take() : null;
    if (!draftId || !taken) return chain.current;
    const html = taken.html;
    // One save at a time, in order, so an older text never lands after a newer one.
    chain.current = chain.current.then(async () => {
      try {
        const saved = await api.invoke('drafts.saveText', draftId, html);
        setDraft((previous) => (previous ? { ...saved, textHtml: previous.textHtml } : saved));
        if (!unsaved.current) forgetKept(draftId);
        if (retryAttempt.current > 0) announce(t('outbox.state.saved'));
        retryAttempt.current = 0;
        setSaveStatus('idle');
      } catch (error) {
        // Not lost: the next flush (blur, unmount, pagehide, next input) tries again.
        // A newer text queued after this one (or typed since) is not overwritten by it.
        unsaved.failed(taken);
        // Kept beyond this editor's life: leaving the screen must not lose it (kept-text.ts).
        keepUnsaved(draftId, unsaved.current ?? html);
        setSaveStatus('failed');
        setSaveError(fail(error));
        // Announced once per failure streak, not at every retry.
        if (retryAttempt.current === 0) announce(t('outbox.editor.saveFailed', { message: fail(error) }));
        if (retriesBySelf(errorCode(error))) {
          const delay = saveRetryDelayMs(retryAttempt.current);
          retryAttempt.current += 1;
          if (retryTimer.current) clearTimeout(retryTimer.current);
          retryTimer.current = setTimeout(() => {
            retryTimer.current = null;
            setRetryTick((tick) => tick + 1);
          }, delay);
        }
      }
    });
    return chain.current;
  }, [api, draftId, announce, t, fail, unsaved]);
  // The retry timer only counts; this effect then saves with the current saveNow.
  useEffect(() => {
    if (retryTick === 0) return;
    void Promise.resolve().then(saveNow);
  }, [retryTick, saveNow]);
  useEffect(
    () => () => {
      if (retryTimer.current) clearTimeout(retryTimer.current);
    },
    [],
  );

  // Leaving the screen, closing the window, or the window being hidden (minimised, screen locked):
  // what is not saved yet goes to main now, not after the debounce.
  useEffect(() => {
    const flush = () => void saveNow();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [saveNow]);

  const onInput = () => {
    if (editorRef.current) unsaved.set(editorRef.current.innerHTML);
    setWords(countWords(editorRef.current?.innerText ?? ''));
    setSaveStatus('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
  };

  const format = (command: FormatCommand) => {
    editorRef.current?.focus();
    // execCommand is deprecated but still the only built-in way to format a contenteditable.
    document.execCommand(command);
    onInput();
  };

  const addFiles = async (files: FileList | null) => {
    if (!draftId || !files) return;
    for (const file of Array.from(files)) {
      try {
        const next = await api.invoke('drafts.addFile', draftId, { name: file.name, mimetype: file.type, dataBase64: toBase64(new Uint8Array(await file.arrayBuffer())) });
        setDraft((previous) => (previous ? { ...next, textHtml: previous.textHtml } : next));
      } catch (error) {
        announce(fail(error));
        setSaveStatus('failed');
        setSaveError(fail(error));
      }
    }
  };

  const removeFile = async (fileId: string) => {
    if (!draftId) return;
    const next = await api.invoke('drafts.removeFile', draftId, fileId);
    setDraft((previous) => (previous ? { ...next, textHtml: previous.textHtml } : next));
  };

  const send = async (handin: boolean) => {
    if (!draftId) return;
    await saveNow();
    try {
      await api.invoke('outbox.send', draftId, { handin, acceptStatement: statement });
      setDraft((previous) => (previous ? { ...previous, state: 'sending' } : previous));
      announce(t('outbox.editor.queued'));
      void stores.outbox.getState().load();
    } catch (error) {
      setSaveStatus('failed');
      setSaveError(fail(error));
      announce(fail(error));
    }
  };

  const loadConflict = useCallback(async () => {
    if (!draftId) return;
    try {
      setConflict(await api.invoke('drafts.conflict', draftId));
    } catch (error) {
      setLoadError(fail(error));
    }
  }, [api, draftId, fail]);

  useEffect(() => {
    if (draft?.state === 'conflict') void Promise.resolve().then(loadConflict);
  }, [draft?.state, loadConflict]);

  const resolve = async (choice: 'mine' | 'server' | 'merged', merged?: string) => {
    if (!draftId) return;
    const next = await api.invoke('drafts.resolveConflict', draftId, choice, ...(merged === undefined ? [] : [merged]));
    setDraft(next);
    showText(next.textHtml);
    setConflict(null);
    announce(t('outbox.state.saved'));
  };

  const loadVersions = async () => {
    if (draftId) setVersions(await api.invoke('drafts.versions', draftId));
  };

  const restore = async (version: number) => {
    if (!draftId) return;
    const next = await api.invoke('drafts.restoreVersion', draftId, version);
    setDraft(next);
    showText(next.textHtml);
    await loadVersions();
  };

  if (needsPin) {
    return <PinPrompt pinSet={needsPin.pinSet} minLength={needsPin.min} onUnlocked={() => void open()} />;
  }
  if (loadError && !draft) return <p role="alert">{loadError}</p>;
  if (!draft) return <p className="muted">{t('app.loading')}</p>;

  const limits = draft.limits;
  const waiting = draft.state === 'sending' ? outboxItems.find((item) => item.draftId === draft.id && (item.state === 'waiting' || (item.state === 'pending' && item.attempts > 0))) : undefined;
  const waitingText = waiting && (waiting.state === 'waiting' ? t('outbox.itemState.waiting') : [t('outbox.itemState.pending'), waiting.lastError ? errorMessage(waiting.lastError) : null].filter(Boolean).join(' – '));
  const statusText = saveStatus === 'saving' ? t('outbox.state.saving') : saveStatus === 'failed' ? t('outbox.state.error', { message: saveError }) : (waitingText || stateText(draft));
  const headingId = `editor-heading-${draft.id}`;
  const textLabelId = `editor-text-${draft.id}`;

  return (
    <section className="editor card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('outbox.editor.heading')}: {draft.title}
      </h2>
      <p className={`draft-state draft-state-${saveStatus === 'idle' ? draft.state : saveStatus}`} data-testid="draft-state">
        {statusText}
      </p>

      {conflict && draft.state === 'conflict' && <ConflictPanel conflict={conflict} onResolve={(choice, merged) => void resolve(choice, merged)} />}

      {(limits?.onlineTextEnabled ?? true) && (
        <div className="editor-text">
          <EditorToolbar onFormat={format} />
          <span id={textLabelId} className="visually-hidden">
            {t('outbox.editor.textLabel')}
          </span>
          <div
            ref={attachEditor}
            className="editor-field"
            contentEditable
            role="textbox"
            aria-multiline="true"
            aria-labelledby={textLabelId}
            tabIndex={0}
            onInput={onInput}
            onBlur={() => void saveNow()}
            data-testid="draft-text"
            suppressContentEditableWarning
          />
          <p className="muted">{limits && limits.wordLimit > 0 ? t('outbox.editor.wordsOf', { count: words, limit: limits.wordLimit }) : t('outbox.editor.words', { count: words })}</p>
        </div>
      )}

      {(limits?.fileEnabled ?? true) && (
        <DraftFiles files={draft.files} limits={limits} onAdd={(files) => void addFiles(files)} onRemove={(fileId) => void removeFile(fileId)} />
      )}

      {draft.problems.length > 0 && (
        <div className="editor-problems">
          <h3>{t('outbox.editor.problemsTitle')}</h3>
          <ul>
            {draft.problems.map((problem) => (
              <li key={`${problem.code}:${JSON.stringify(problem.params ?? {})}`}>{errorMessage(problem, i18n.language === 'en' ? 'en' : 'de')}</li>
            ))}
          </ul>
        </div>
      )}

      {limits?.requireSubmissionStatement && (
        <label className="editor-statement">
          <input type="checkbox" checked={statement} onChange={(e) => setStatement(e.currentTarget.checked)} /> {limits.submissionStatement || t('outbox.editor.statement')}
        </label>
      )}

      <div className="editor-actions">
        <button type="button" className="button" disabled={draft.state === 'conflict'} onClick={() => void send(false)}>
          {t('outbox.editor.sendDraft')}
        </button>{' '}
        <button type="button" className="button" disabled={draft.state === 'conflict' || (limits?.requireSubmissionStatement === true && !statement)} onClick={() => void send(true)}>
          {t('outbox.editor.handIn')}
        </button>
      </div>

      <DraftVersions count={draft.version} versions={versions} onOpen={() => void loadVersions()} onRestore={(version) => void restore(version)} />
    </section>
  );
}
