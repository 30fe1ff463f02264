/**
 * A course file (also an assignment's attachment on Aufgaben): "öffnen" brings it onto the device
 * (progress bar and "Abbrechen" while it downloads) and shows it in the app — images as <img>, PDFs
 * in an <iframe> (Chromium's PDF viewer), plain text in a <pre> — all from the app's own origin
 * (content.viewFile → /files/<token>/<name>, served by main). "Speichern" and, in the desktop
 * app, "Mit Systemprogramm öffnen" are explicit actions; files the app cannot show offer only those.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { ContentFileView, FileViewResult } from '../../../preload/contract/content';
import { useStores } from '../../app/stores-context';
import { errorCode } from '../../bridge/api-error';
import { formatBytes } from '../../ui/format';

/** Larger text files are not put into the page (save them instead). */
const TEXT_VIEW_LIMIT_BYTES = 2 * 1024 * 1024;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** UTF-8 when it is valid UTF-8, else Windows-1252 (what older German text files often are). */
export function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Bytes so far and the size (null: the portal did not say). */
interface DownloadState {
  received: number;
  total: number | null;
}

/** A download in progress: a progress bar with its name and value, and "Abbrechen". */
function DownloadProgress({ name, state, onCancel, cancelling }: { name: string; state: DownloadState | null; onCancel: () => void; cancelling: boolean }) {
  const { t, i18n } = useTranslation();
  const received = formatBytes(state?.received ?? 0, i18n.language);
  const text = state?.total ? t('content.downloadProgress', { received, total: formatBytes(state.total, i18n.language) }) : t('content.downloadProgressUnknown', { received });
  return (
    <div className="content-download">
      {state?.total ? (
        <progress max={state.total} value={Math.min(state.received, state.total)} aria-label={t('content.downloading', { name })} aria-valuetext={text} />
      ) : (
        <progress aria-label={t('content.downloading', { name })} aria-valuetext={text} />
      )}{' '}
      <span className="muted" aria-hidden="true">{text}</span>{' '}
      <button type="button" className="button button-quiet" onClick={onCancel} disabled={cancelling} aria-label={t('content.cancelDownloadNamed', { name })}>
        {t('content.cancelDownload')}
      </button>
    </div>
  );
}

/** Plain text from the viewer address (connect-src 'self'), in a focusable, scrollable <pre>. */
function TextView({ view }: { view: FileViewResult }) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    void fetch(view.url)
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const decoded = decodeText(await response.arrayBuffer());
        if (live) setText(decoded);
      })
      .catch(() => {
        if (live) setFailed(true);
      });
    return () => {
      live = false;
    };
  }, [view.url]);
  if (failed) return <p role="alert" className="error-text">{t('content.viewerFailed')}</p>;
  if (text === null) return <p className="muted">{t('content.viewerLoading')}</p>;
  return (
    <pre className="content-viewer-text" tabIndex={0} aria-label={t('content.textOf', { name: view.filename })}>
      {text}
    </pre>
  );
}

function FileViewer({ fileRef, view, onClose }: { fileRef: string; view: FileViewResult; onClose: () => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const region = useRef<HTMLElement>(null);
  const titleId = useId();
  const [error, setError] = useState<string | null>(null);
  const announce = (text: string) => stores.announcer.getState().announce(text);
  const name = view.filename;

  useEffect(() => {
    region.current?.focus();
  }, [view.url]);

  const saveWithDialog = async () => {
    setError(null);
    try {
      const result = await stores.api.invoke('content.saveFile', fileRef);
      if (result.saved) announce(t('content.saved', { name: result.fileName ?? name }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const openWithSystem = async () => {
    setError(null);
    try {
      await stores.api.invoke('content.openFile', fileRef);
      announce(t('content.fileOpened', { name }));
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const tooLargeText = view.viewAs === 'text' && view.bytes > TEXT_VIEW_LIMIT_BYTES;
  return (
    <section className="content-viewer" ref={region} tabIndex={-1} aria-labelledby={titleId}>
      <p className="content-viewer-title" id={titleId}>
        <strong>{t('content.viewerLabel', { name })}</strong>
      </p>
      <div className="content-viewer-actions">
        {view.save === 'link' ? (
          <a className="button" href={view.url} download={name} aria-label={t('content.download', { name })}>
            {t('content.save')}
          </a>
        ) : (
          <button type="button" className="button" onClick={() => void saveWithDialog()} aria-label={t('content.download', { name })}>
            {t('content.save')}
          </button>
        )}
        {view.canOpenWithSystem ? (
          <button type="button" className="button" onClick={() => void openWithSystem()} aria-label={t('content.openWithSystemNamed', { name })}>
            {t('content.openWithSystem')}
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={onClose} aria-label={t('content.closeFileNamed', { name })}>
          {t('content.closeFile')}
        </button>
      </div>
      {error ? <p role="alert" className="error-text">{error}</p> : null}
      {view.viewAs === 'image' ? <img className="content-viewer-image" src={view.url} alt={name} /> : null}
      {/* No sandbox attribute: Chromium refuses its PDF viewer in a sandboxed frame. The response itself carries CSP `sandbox`. */}
      {view.viewAs === 'pdf' ? <iframe className="content-viewer-pdf" src={view.url} title={t('content.pdfOf', { name })} /> : null}
      {view.viewAs === 'text' && !tooLargeText ? <TextView view={view} /> : null}
      {view.viewAs === null || tooLargeText ? <p className="muted">{t(view.canOpenWithSystem ? 'content.noViewDesktop' : 'content.noViewBrowser')}</p> : null}
    </section>
  );
}

export function FileRow({ file }: { file: ContentFileView }) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const openButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [download, setDownload] = useState<DownloadState | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [view, setView] = useState<FileViewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const name = file.filepath && file.filepath !== '/' ? `${file.filepath.replace(/^\//, '')}${file.filename}` : file.filename;
  const announce = (text: string) => stores.announcer.getState().announce(text);

  const open = async () => {
    setBusy(true);
    setError(null);
    setNote(null);
    setDownload(null);
    const stopProgress = stores.api.on('content.downloadProgress', (progress) => {
      if (progress.fileRef === file.fileRef) setDownload({ received: progress.receivedBytes, total: progress.totalBytes });
    });
    try {
      const result = await stores.api.invoke('content.viewFile', file.fileRef);
      setView(result);
      announce(t('content.fileReady', { name: file.filename }));
    } catch (e) {
      if (errorCode(e) === 'download-cancelled') {
        const text = t('content.downloadCancelled', { name: file.filename });
        setNote(text);
        announce(text);
      } else {
        setError(messageOf(e));
        announce(messageOf(e));
      }
    } finally {
      stopProgress();
      setBusy(false);
      setDownload(null);
      setCancelling(false);
    }
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      await stores.api.invoke('content.cancelDownload', file.fileRef);
    } catch (e) {
      setError(messageOf(e));
      setCancelling(false);
    }
  };

  const close = () => {
    setView(null);
    openButton.current?.focus();
  };

  return (
    <li className="content-file">
      <button ref={openButton} type="button" className="button button-quiet" onClick={() => void open()} disabled={busy} aria-label={t('content.openFile', { name })} data-file-open="">
        {name}
      </button>{' '}
      <span className="muted">
        {formatBytes(file.bytes, i18n.language)}
        {file.cached || view ? ` · ${t('content.onDevice')}` : ''}
      </span>
      {busy ? <DownloadProgress name={file.filename} state={download} onCancel={() => void cancel()} cancelling={cancelling} /> : null}
      {view ? (
        <FileViewer fileRef={file.fileRef} view={view} onClose={close} />
      ) : null}
      {note ? <p className="muted">{note}</p> : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </li>
  );
}
