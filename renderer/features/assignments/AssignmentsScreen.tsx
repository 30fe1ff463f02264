import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { EmptyState } from '../../ui/EmptyState';
import { AssignmentsIcon } from '../../ui/icons';

export function AssignmentsScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <ScreenHeading>{t('aufgaben.title')}</ScreenHeading>
      <EmptyState title={t('aufgaben.emptyTitle')} icon={<AssignmentsIcon />}>
        <p>{t('aufgaben.emptyBody')}</p>
        <p className="muted">{t('loginPending')}</p>
      </EmptyState>
    </div>
  );
}
