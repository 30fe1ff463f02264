/**
 * Privacy centre (GDPR Art. 15/17): per account every kind of data on this device with count,
 * size and age; export as a JSON file; delete everything of an account behind a confirmation
 * dialog (native <dialog>: modal, focus stays inside, Escape cancels) that warns about unsent work.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { PrivacyAccountView, PrivacyDataItem, PrivacyOverview } from '../../../preload/contract/privacy';
import { useAppState, useStores } from '../../app/stores-context';
import { hrefFor } from '../../state/navigation-store';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { saveTextFile } from './save-file';
import { privacyItemDetail, privacyItemLabel } from './item-label';
import { formatBytes, formatDateTime } from '../../ui/format';
import './privacy.css';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface DeleteRequest {
  account: PrivacyAccountView;
  /** Unsent work to warn about (from the overview, or from main's needs-confirmation answer). */
  unsent: { count: number; titles: string[] };
}

function DataTable({ items, caption }: { items: PrivacyDataItem[]; caption: string }) {
  const { t, i18n } = useTranslation();
  const date = (at: number | null) => (at === null ? t('it.privacy.noDate') : formatDateTime(at, i18n.language));
  return (
    <table className="privacy-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('it.privacy.columns.kind')}</th>
          <th scope="col">{t('it.privacy.columns.count')}</th>
          <th scope="col">{t('it.privacy.columns.size')}</th>
          <th scope="col">{t('it.privacy.columns.oldest')}</th>
          <th scope="col">{t('it.privacy.columns.newest')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-privacy-item={item.id}>
            <th scope="row">
              {privacyItemLabel(t, item)}
              {item.detail ? <span className="muted privacy-detail"> – {privacyItemDetail(t, item)}</span> : null}
            </th>
            <td>{item.count}</td>
            <td>{formatBytes(item.bytes, i18n.language)}</td>
            <td>{date(item.oldestAt)}</td>
            <td>{date(item.newestAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PrivacyScreen() {
  const { t, i18n } = useTranslation();
  const { api, announcer } = useStores();
  // The desktop app blocks page downloads: there main saves through a native dialog.
  const desktop = useAppState((state) => state.info?.shell === 'electron');
  const [overview, setOverview] = useState<PrivacyOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [request, setRequest] = useState<DeleteRequest | null>(null);
  const [working, setWorking] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnFocusRef = useRef<HTMLElement | null>(null);
  const announce = useCallback((text: string) => announcer.getState().announce(text), [announcer]);

  // Bumped to load the overview again (retry, after a deletion).
  const [loads, setLoads] = useState(0);
  const load = useCallback(() => setLoads((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    api.invoke('privacy.overview').then(
      (fresh) => {
        if (!current) return;
        setOverview(fresh);
        setError(null);
      },
      (failure: unknown) => {
        if (current) setError(message(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [api, loads]);

  // Open/close the native dialog with the request; showModal keeps focus inside it.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);

  const closeDialog = () => {
    setRequest(null);
    returnFocusRef.current?.focus();
  };

  const exportAccount = async (account: PrivacyAccountView) => {
    try {
      if (desktop) {
        const result = await api.invoke('privacy.saveExport', account.accountId);
        if (result.saved) announce(t('it.privacy.exported', { file: result.fileName ?? '' }));
        return;
      }
      const exported = await api.invoke('privacy.export', account.accountId);
      saveTextFile(exported.fileName, exported.json, 'application/json');
      announce(t('it.privacy.exported', { file: exported.fileName }));
    } catch (failure) {
      announce(t('it.privacy.exportFailed', { message: message(failure) }));
    }
  };

  const askDelete = (account: PrivacyAccountView, button: HTMLElement) => {
    returnFocusRef.current = button;
    setRequest({ account, unsent: { count: account.unsentCount, titles: [] } });
  };

  const confirmDelete = async () => {
    if (!request) return;
    setWorking(true);
    try {
      const result = await api.invoke('privacy.deleteAccountData', request.account.accountId, { confirmUnsent: request.unsent.count > 0 });
      if (result.status === 'needs-confirmation') {
        // New unsent work since the overview was loaded: show it and ask again.
        setRequest({ ...request, unsent: { count: result.unsentCount, titles: result.unsentTitles } });
        announce(t('it.privacy.unsentLost', { count: result.unsentCount }));
        return;
      }
      setRequest(null);
      announce(t('it.privacy.deleted', { site: request.account.siteName }));
      load();
      document.getElementById('screen-heading')?.focus();
    } catch (failure) {
      announce(t('it.privacy.deleteFailed', { message: message(failure) }));
    } finally {
      setWorking(false);
    }
  };

  return (
    <div className="screen screen-wide">
      <p>
        <a href={hrefFor('einstellungen')}>{t('it.backToSettings')}</a>
      </p>
      <ScreenHeading>{t('it.privacy.title')}</ScreenHeading>
      <p className="lead">{t('it.privacy.intro')}</p>
      {overview ? <p className="muted">{t('it.privacy.dataDir', { path: overview.dataDir })}</p> : null}
      {error ? (
        <div className="notice notice-error" role="alert">
          <p>{t('it.privacy.loadFailed', { message: error })}</p>
          <button type="button" className="button" onClick={load}>
            {t('it.privacy.retry')}
          </button>
        </div>
      ) : null}
      {!overview && !error ? <p className="loading">{t('it.privacy.loading')}</p> : null}
      {overview && overview.accounts.length === 0 ? <p data-testid="privacy-no-accounts">{t('it.privacy.noAccounts')}</p> : null}
      {overview?.accounts.map((account) => {
        const headingId = `privacy-account-${account.accountId}`;
        return (
          <section key={account.accountId} className="privacy-account" aria-labelledby={headingId} data-testid="privacy-account">
            <h2 id={headingId}>
              {t('it.privacy.accountHeading', { site: account.siteName, name: account.fullName, username: account.username })}
              {account.isCurrent ? <span className="badge"> ({t('it.privacy.currentAccount')})</span> : null}
            </h2>
            <DataTable items={account.items} caption={t('it.privacy.tableCaption')} />
            <p>
              {t('it.privacy.total', { size: formatBytes(account.totalBytes, i18n.language) })}
              {account.unsentCount > 0 ? <strong> · {t('it.privacy.unsent', { count: account.unsentCount })}</strong> : null}
            </p>
            <div className="button-row">
              <button type="button" className="button" aria-label={t('it.privacy.exportLabel', { site: account.siteName })} onClick={() => void exportAccount(account)}>
                {t('it.privacy.export')}
              </button>
              <button
                type="button"
                className="button button-danger"
                aria-label={t('it.privacy.deleteLabel', { site: account.siteName })}
                onClick={(event) => askDelete(account, event.currentTarget)}
              >
                {t('it.privacy.delete')}
              </button>
            </div>
          </section>
        );
      })}
      {overview ? (
        <section aria-labelledby="privacy-device">
          <h2 id="privacy-device">{t('it.privacy.deviceHeading')}</h2>
          <DataTable items={overview.device} caption={t('it.privacy.deviceCaption')} />
        </section>
      ) : null}

      <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby="privacy-dialog-title" aria-describedby="privacy-dialog-body privacy-dialog-damaged" onCancel={closeDialog}>
        {request ? (
          <>
            <h2 id="privacy-dialog-title">{t('it.privacy.dialog.title', { site: request.account.siteName })}</h2>
            <p id="privacy-dialog-body">{t('it.privacy.dialog.body')}</p>
            {overview?.device.some((item) => item.id === 'damaged-store' && item.count > 0) ? <p id="privacy-dialog-damaged" data-testid="privacy-damaged-store">{t('it.privacy.dialog.damagedStore')}</p> : null}
            {request.unsent.count > 0 ? (
              <div className="notice notice-error" data-testid="privacy-unsent-warning">
                <h3>{t('it.privacy.dialog.unsentTitle')}</h3>
                <p>{t('it.privacy.unsentLost', { count: request.unsent.count })}</p>
                {request.unsent.titles.length > 0 ? (
                  <ul>
                    {request.unsent.titles.map((title) => (
                      <li key={title}>{title}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            <div className="button-row">
              <button type="button" className="button" onClick={closeDialog} disabled={working} autoFocus>
                {t('it.privacy.dialog.cancel')}
              </button>
              <button type="button" className="button button-danger" onClick={() => void confirmDelete()} disabled={working}>
                {working ? t('it.privacy.dialog.working') : request.unsent.count > 0 ? t('it.privacy.dialog.confirmUnsent') : t('it.privacy.dialog.confirm')}
              </button>
            </div>
          </>
        ) : null}
      </dialog>
    </div>
  );
}
