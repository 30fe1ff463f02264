/** One course module, shown by its type: Datei, Seite, Link, Ordner, Textfeld inline, Aufgabe, Konferenz, others in the portal. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentFileView, ModuleView, OpenFileResult } from '../../../preload/contract/content';
import { useStores } from '../../app/stores-context';
import { errorCode } from '../../bridge/api-error';
import { hrefFor } from '../../state/navigation-store';
import { formatBytes } from '../../ui/format';
import { SafeHtml } from './safe-html';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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

/** A file with "öffnen" (also used for an assignment's attachments on Aufgaben); large files show progress and "Abbrechen". */
export function FileRow({ file }: { file: ContentFileView }) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const [busy, setBusy] = useState(false);
  const [download, setDownload] = useState<DownloadState | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [opened, setOpened] = useState<OpenFileResult | null>(null);
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
      const result = await stores.api.invoke('content.openFile', file.fileRef);
      setOpened(result);
      announce(t(result.opened === 'system' ? 'content.fileOpened' : 'content.fileReady', { name: file.filename }));
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

  return (
    <li className="content-file">
      <button type="button" className="button button-quiet" onClick={() => void open()} disabled={busy} aria-label={t('content.openFile', { name })}>
        {name}
      </button>{' '}
      <span className="muted">
        {formatBytes(file.bytes, i18n.language)}
        {file.cached || opened ? ` · ${t('content.onDevice')}` : ''}
      </span>
      {busy ? <DownloadProgress name={file.filename} state={download} onCancel={() => void cancel()} cancelling={cancelling} /> : null}
      {opened?.dataUrl ? (
        <p>
          <a className="text-link" href={opened.dataUrl} download={opened.filename}>
            {t('content.download', { name: opened.filename })}
          </a>
          {opened.mimetype.startsWith('image/') ? <img className="content-image" src={opened.dataUrl} alt={opened.filename} /> : null}
        </p>
      ) : null}
      {note ? <p className="muted">{note}</p> : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </li>
  );
}

export function ModuleItem({ module, onOpenPage }: { module: ModuleView; onOpenPage: (cmid: number) => void }) {
  const { t } = useTranslation();
  if (module.kind === 'label') {
    return (
      <li className="content-module content-label">
        <SafeHtml html={module.descriptionHtml} />
      </li>
    );
  }
  const portalLink = module.portalUrl ? (
    <a className="text-link" href={module.portalUrl} target="_blank" rel="noopener noreferrer" aria-label={t('content.openInPortalNamed', { name: module.name })}>
      {t('content.openInPortal')}
    </a>
  ) : null;
  return (
    <li className="content-module">
      <p className="content-module-title">
        <span className="content-kind">{t(`content.kind.${module.kind}`)}</span> <strong>{module.name}</strong>
      </p>
      {module.restrictionText ? <p className="muted">{t('content.restricted', { text: module.restrictionText })}</p> : null}
      {module.kind === 'file' || module.kind === 'folder' ? (
        <ul className="content-files">
          {module.files.map((file) => (
            <FileRow key={file.fileRef} file={file} />
          ))}
        </ul>
      ) : null}
      {module.kind === 'page' ? (
        <button type="button" className="button" onClick={() => onOpenPage(module.cmid)} aria-label={`${t('content.openPage')}: ${module.name}`}>
          {t('content.openPage')}
        </button>
      ) : null}
      {module.kind === 'url' && module.externalUrl ? (
        <p>
          <span className="content-url">{t('content.externalTarget', { url: module.externalUrl })}</span>{' '}
          <a className="text-link" href={module.externalUrl} target="_blank" rel="noopener noreferrer" aria-label={`${t('content.openExternal')}: ${module.name}`}>
            {t('content.openExternal')}
          </a>
        </p>
      ) : null}
      {module.kind === 'assign' ? (
        <a className="text-link" href={hrefFor('aufgaben')}>
          {t('content.toAssignments')}
        </a>
      ) : null}
      {module.kind === 'bigbluebuttonbn' ? (
        <a className="text-link" href={hrefFor('konferenzen')}>
          {t('content.toConferences')}
        </a>
      ) : null}
      {module.kind === 'other' || module.kind === 'url' ? <p>{portalLink}</p> : null}
    </li>
  );
}
