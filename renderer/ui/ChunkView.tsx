import type { ComponentType } from 'react';
import { useTranslation } from '../i18n/react';
import { useChunk } from './chunk';
import type { Chunk } from './chunk';

/** Renders a component from its chunk: "Wird geladen …" until it is there, an alert with "Erneut versuchen" if it could not be loaded. */
export function ChunkView({ piece, busy }: { piece: Chunk<ComponentType>; busy?: ComponentType }) {
  const { t } = useTranslation();
  const { value: Loaded, failed, retry } = useChunk(piece);
  if (Loaded) return <Loaded />;
  if (failed) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{t('app.chunkFailed')}</p>
        <button type="button" onClick={retry}>
          {t('appError.retry')}
        </button>
      </div>
    );
  }
  if (busy) {
    const Busy = busy;
    return <Busy />;
  }
  return (
    <p className="loading" aria-busy="true">
      {t('app.loadingScreen')}
    </p>
  );
}
