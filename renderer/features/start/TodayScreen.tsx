import { useTranslation } from '../../i18n/react';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { SignInFlowSlot } from '../accounts/AccountsSection';
import { useAccounts } from '../accounts/use-accounts';
import { StoreNoticeBanner } from './StoreNoticeBanner';
import { TodayOverview } from './TodayOverview';

/** Start for the signed-in account (its own chunk: the welcome screen does not load it). */
export function TodayScreen() {
  const { t } = useTranslation();
  const signInOpen = useAccounts((state) => state.signInOpen);
  return (
    <div className="screen screen-wide">
      <ScreenHeading>{t('start.todayTitle')}</ScreenHeading>
      <StoreNoticeBanner />
      {signInOpen ? <SignInFlowSlot /> : null}
      <TodayOverview />
    </div>
  );
}
