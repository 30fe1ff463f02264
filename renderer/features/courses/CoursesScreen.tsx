import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { EmptyState } from '../../ui/EmptyState';
import { CoursesIcon } from '../../ui/icons';

export function CoursesScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <ScreenHeading>{t('kurse.title')}</ScreenHeading>
      <EmptyState title={t('kurse.emptyTitle')} icon={<CoursesIcon />}>
        <p>{t('kurse.emptyBody')}</p>
        <p className="muted">{t('loginPending')}</p>
      </EmptyState>
    </div>
  );
}
