import { useTranslation } from '../i18n/react';
import { AppErrorScreen } from './AppErrorScreen';
import { BridgeMissingScreen } from './BridgeMissingScreen';
import { Layout } from './Layout';
import { useAppState } from './stores-context';

export function App() {
  const { t } = useTranslation();
  const status = useAppState((state) => state.status);
  if (status === 'bridge-missing') return <BridgeMissingScreen />;
  if (status === 'error') return <AppErrorScreen />;
  if (status === 'loading') {
    return (
      <main className="standalone" id="main-content" aria-busy="true">
        <p className="loading">{t('app.loading')}</p>
      </main>
    );
  }
  return <Layout />;
}
