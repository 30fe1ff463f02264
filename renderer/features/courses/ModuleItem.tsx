/** One course module, shown by its type: Datei, Seite, Link, Ordner, Textfeld inline, Aufgabe, Konferenz, others in the portal. */
import { useTranslation } from 'react-i18next';
import type { ModuleView } from '../../../preload/contract/content';
import { hrefFor } from '../../state/navigation-store';
import { FileRow } from './FileRow';
import { SafeHtml } from './safe-html';

export { FileRow } from './FileRow';

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
