/** The signed-in account and its credentials, as every content action needs them. */
import { UserFacingError } from '../ipc/errors';
import type { PortalAccount, PortalCredentials } from '../portal/accounts';
import type { ServiceContext } from '../service-context';

export function currentAccount(context: ServiceContext): PortalAccount {
  const account = context.accounts.current();
  if (!account) throw new UserFacingError('not-signed-in');
  return account;
}

export function credentialsOf(context: ServiceContext, account: PortalAccount): PortalCredentials {
  const credentials = context.accounts.credentials(account.id);
  if (!credentials || account.needsReauth) throw new UserFacingError('needs-reauth');
  return credentials;
}
