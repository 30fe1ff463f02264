/** One course module, shown by its type: Datei, Seite, Link, Ordner, Textfeld inline, Aufgabe, Konferenz, others in the portal. */
import { useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/react';
import type { ModuleView } from '../../../preload/contract/content';
import { hrefFor } from '../../state/navigation-store';
import { FileRow } from './FileRow';
import { SafeHtml } from './safe-html';

export { FileRow } from './FileRow';

/** The element id of a module on the course page (Start's "new material" links scroll to it). */
export const moduleElementId = (cmid: number) => `module-${cmid}`;

export function ModuleItem({ module, onOpenPage }: { module: ModuleView; onOpenPage: (cmid: number) => void }) {
  const { t } = useTranslation();
  const item = useRef<HTMLLIElement>(null);
  if (module.kind === 'label') {
    return (
      <li className="content-module content-label" id={moduleElementId(module.cmid)}>
        <SafeHtml html={module.descriptionHtml} />
      </li>
    );
  }
  const portalLink = module.portalUrl ? (
    <a className="text-link" href={module.portalUrl} target="_blank" rel="noopener noreferrer" aria-label={t('content.openInPortalNamed', { name: module.name })}>
      {t('content.openInPortal')}
    </a>
  ) : null;

  // The title opens the module as its main action does: the (first) file in the viewer, the page, the
  // link, the assignment, the conference, or the portal page.
  const external = (href: string) => (
    <a className="content-module-link" href={href} target="_blank" rel="noopener noreferrer">
      {module.name}
    </a>
  );
  let title: ReactNode = <strong>{module.name}</strong>;
  if (module.kind === 'file' && module.files.length > 0) {
    title = (
      <button type="button" className="content-module-link" onClick={() => item.current?.querySelector<HTMLButtonElement>('button[data-file-open]')?.click()}>
        {module.name}
      </button>
    );
  } else if (module.kind === 'page') {
    title = (
      <button type="button" className="content-module-link" onClick={() => onOpenPage(module.cmid)}>
        {module.name}
      </button>
    );
  } else if (module.kind === 'url' && module.externalUrl) title = external(module.externalUrl);
  else if (module.kind === 'assign')
    title = (
      <a className="content-module-link" href={module.instance ? `${hrefFor('aufgaben')}?aufgabe=${module.instance}` : hrefFor('aufgaben')}>
        {module.name}
      </a>
    );
  else if (module.kind === 'bigbluebuttonbn')
    title = (
      <a className="content-module-link" href={hrefFor('konferenzen')}>
        {module.name}
      </a>
    );
  else if ((module.kind === 'other' || module.kind === 'folder') && module.portalUrl) title = external(module.portalUrl);

  return (
    <li className="content-module" id={moduleElementId(module.cmid)} ref={item} tabIndex={-1}>
      <p className="content-module-title">
        <span className="content-kind">{t(`content.kind.${module.kind}`)}</span> {title}
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
        <a className="text-link" href={module.instance ? `${hrefFor('aufgaben')}?aufgabe=${module.instance}` : hrefFor('aufgaben')}>
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
