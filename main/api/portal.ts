/**
 * Binds the portal part of the API contract (preload/contract/portal.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 *
 * The building blocks (site check, password login, SSO launches, accounts) live in main/portal/;
 * this file turns their results into views without secrets and their errors into UserFacingError
 * with the text in the app's language. Tokens go straight from the login into the vault.
 */
import { z } from 'zod';
import type { AccountView, AccountsView, IdentityProviderView, PortalLoginType, PortalMethods, SiteCheckView, SsoStartView } from '../../preload/contract/portal';
import type { HandlersFor } from '../ipc/dispatch';
import type { ErrorParams } from '../../preload/contract/errors';
import { toErrorPayload, UserFacingError } from '../ipc/errors';
import type { InputSchemasFor } from '../ipc/schemas';
import type { AccountProfile, PortalCredentials } from '../portal/accounts';
import { PortalError } from '../portal/errors';
import type { PortalErrorCode } from '../portal/errors';
import { htmlToText } from '../portal/html-text';
import { MoodleClient } from '../portal/moodle-client';
import { loginWithPassword } from '../portal/password-login';
import type { PasswordLoginResult } from '../portal/password-login';
import { fetchLogoDataUrl, fetchProviderIconDataUrl } from '../portal/site-images';
import { eraseDamagedCopies } from '../store/damaged-copies';
import { checkSite, isPortalAllowed } from '../portal/site-check';
import type { PortalPolicy, SiteCheckResult } from '../portal/site-check';
import { SsoError } from '../portal/sso';
import type { SsoChannel, SsoCompletion, SsoErrorCode } from '../portal/sso';
import type { LoginWindowOutcome } from '../security/login-window';
import type { FeatureApi, LoginWindowHandle, ServiceContext } from '../service-context';
import { Secret } from '../vault/secret';

const none = z.tuple([]);
const url = z.string().trim().min(1).max(2000);
const accountId = z.string().min(1).max(100);

export const PORTAL_INPUT_SCHEMAS: InputSchemasFor<PortalMethods> = {
  'portal.presets': none,
  'portal.checkSite': z.tuple([url]),
  'portal.signInPassword': z.tuple([url, z.string().trim().min(1).max(200), z.string().min(1).max(1000)]),
  'portal.startSso': z.tuple([url, z.number().int().positive().max(2 ** 31).nullable().optional()]),
  'portal.completeSso': z.tuple([z.string().min(1).max(4096)]),
  'portal.accounts': none,
  'portal.switchAccount': z.tuple([accountId]),
  'portal.logout': z.tuple([accountId]),
  'portal.removeAccount': z.tuple([accountId]),
};

export class PortalSignInError extends UserFacingError {
  constructor(code: PortalErrorCode, params?: ErrorParams) {
    super(code, params);
    this.name = 'PortalSignInError';
  }
}


/** What a password login leaves in the vault: the token, the private token, the file access key. */
export function credentialsOfLogin(login: PasswordLoginResult): PortalCredentials {
  return {
    token: new Secret(login.token),
    privateToken: login.privateToken ? new Secret(login.privateToken) : null,
    privateAccessKey: login.user.privateAccessKey ? new Secret(login.user.privateAccessKey) : null,
  };
}

/**
 * typeoflogin 2 is Moodle's "via a browser window": the system browser, back by deep link — except
 * on a shared device (policy `sharedDevice`): the system browser keeps the IdP's session (and
 * saved passwords) of whoever signed in before, so the next student could land in that account.
 * There the login window with its fresh in-memory session is used instead.
 */
export function ssoUsesSystemBrowser(site: Pick<SiteCheckResult, 'typeOfLogin'>, sharedDevice: boolean): boolean {
  return site.typeOfLogin === 'browser' && !sharedDevice;
}

/** How the login window's end reaches the student (the callback itself goes to completeSso). */
const OUTCOME_CODES: Record<Exclude<LoginWindowOutcome['kind'], 'callback'>, SsoErrorCode> = {
  closed: 'sso-window-closed',
  'provider-unavailable': 'sso-provider-unknown',
  'launch-refused': 'sso-launch-refused',
  'origin-refused': 'sso-idp-not-allowed',
  'certificate-error': 'sso-idp-certificate',
  'load-failed': 'sso-load-failed',
};

/** typeoflogin 1 shows SchulDesk's form (plus SSO when the portal names identity providers); 2/3 are SSO only. */
export function loginTypeOf(site: SiteCheckResult): PortalLoginType {
  const sso = site.launchUrl !== null;
  if (site.typeOfLogin !== 'app') return sso ? 'sso' : 'password';
  return sso && site.identityProviders.length > 0 ? 'both' : 'password';
}

export function createPortalApi(context: ServiceContext): FeatureApi<PortalMethods> {
  const { accounts, settings, sso, vault, events, http } = context;
  const language = (): 'de' | 'en' => settings.get('language');
  /** The open login window (Electron), the launch it shows, and the timer that ends it with the launch. */
  let loginWindow: { handle: LoginWindowHandle; launchId: string; expiry: ReturnType<typeof setTimeout> } | null = null;
  const closeLoginWindow = (launchId?: string): void => {
    if (!loginWindow || (launchId !== undefined && loginWindow.launchId !== launchId)) return;
    const { handle, expiry } = loginWindow;
    loginWindow = null;
    clearTimeout(expiry);
    handle.close();
  };
  const failSso = (code: SsoErrorCode, origin?: string): void => {
    events.emit('portal.ssoFinished', { ok: false, code, ...(origin ? { params: { origin } } : {}) });
  };

  const policy = (): PortalPolicy => ({
    allowedPortals: settings.get('portals').map((portal) => portal.url),
    allowUserPortals: settings.get('allowUserPortals'),
  });

  /** PortalError is not user-facing by class; its code and safe facts are. Nothing else of it crosses. */
  const userFacing = (error: unknown): unknown => {
    if (error instanceof PortalError) {
      const params: Record<string, string> = {};
      const maintenanceMessage = error.data['maintenanceMessage'];
      if (error.code === 'maintenance' && maintenanceMessage) params['detail'] = maintenanceMessage;
      // Where the address leads is what the user (or the school IT) needs to know to judge it.
      const targetOrigin = error.data['targetOrigin'];
      if (error.code === 'redirect-other-host' && targetOrigin) params['target'] = targetOrigin;
      return new PortalSignInError(error.code, Object.keys(params).length > 0 ? params : undefined);
    }
    return error;
  };
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw userFacing(error);
    }
  };

  const accountView = (id: string): AccountView => {
    const view = accounts.views().find((candidate) => candidate.id === id);
    if (!view) throw new UserFacingError('account-not-found');
    return publicView(view);
  };
  const publicView = (view: ReturnType<typeof accounts.views>[number]): AccountView => ({
    id: view.id,
    siteUrl: view.siteUrl,
    siteName: view.siteName,
    username: view.username,
    fullName: view.fullName,
    lastUsedAt: view.lastUsedAt,
    isCurrent: view.isCurrent,
    session: view.session,
  });
  const accountsView = (): AccountsView => {
    const status = vault.status();
    return {
      accounts: accounts.views().map(publicView),
      secrets: { persistence: status.persistence, reason: status.reason },
    };
  };

  const check = (input: string, options: { allowMaintenance?: boolean } = {}) => checkSite(http, input, { policy: policy(), lang: language(), ...options });

  /** SSO callback → site info with the new token → account. */
  const finishSso = async (completion: SsoCompletion): Promise<AccountView> => {
    const site = await check(completion.siteUrl);
    const client = new MoodleClient(http);
    const info = await client.callFunction(site.siteUrl, completion.token.reveal(), 'core_webservice_get_site_info', {}, { lang: language(), maxAttempts: 2 });
    const profile: AccountProfile = {
      siteUrl: site.siteUrl,
      siteName: htmlToText(info.sitename),
      userId: info.userid,
      username: info.username,
      fullName: htmlToText(info.fullname),
      lang: info.lang,
    };
    const credentials: PortalCredentials = {
      token: completion.token,
      privateToken: completion.privateToken ?? null,
      privateAccessKey: info.userprivateaccesskey ? new Secret(info.userprivateaccesskey) : null,
    };
    const { account } = accounts.signIn(profile, credentials);
    return accountView(account.id);
  };

  /**
   * A callback ends its own launch only: success, or a failure after it matched (expired, or the
   * site check / site info failed) closes that launch's login window. A callback of no launch or of
   * another one (damaged, forged, replayed, a stray deep link) is refused and leaves the window the
   * user is signing in with open.
   */
  /** `via`: the login window's own callback, or from outside (deep link, pasted into the browser shell's field). */
  const completeSso = async (callbackUrl: string, via: SsoChannel = 'external'): Promise<AccountView> => {
    let launchId: string | undefined;
    try {
      const completion = sso.completeLaunch(callbackUrl, via);
      launchId = completion.launchId;
      const account = await guarded(() => finishSso(completion));
      closeLoginWindow(launchId);
      events.emit('portal.ssoFinished', { ok: true, account });
      return account;
    } catch (error) {
      if (error instanceof SsoError && error.code === 'sso-expired') launchId = error.launchId;
      if (launchId !== undefined) closeLoginWindow(launchId);
      const shown = userFacing(error);
      const payload = toErrorPayload(shown);
      events.emit('portal.ssoFinished', { ok: false, ...payload });
      throw shown;
    }
  };

  /**
   * The login window's one outcome: the callback goes to completeSso (the window is closed already,
   * before the round trip), everything else becomes a message. A launch that runs out while its
   * window is still open closes the window and says so.
   */
  const openLoginWindowFor = (launchId: string, launchUrl: string, portalOrigin: string, open: NonNullable<ServiceContext['deps']['openLoginWindow']>): void => {
    const onOutcome = (outcome: LoginWindowOutcome): void => {
      const current = loginWindow?.launchId === launchId;
      if (loginWindow && current) {
        clearTimeout(loginWindow.expiry);
        loginWindow = null;
      }
      // A window the app already replaced or gave up on says nothing more (its callback still counts).
      if (!current && outcome.kind !== 'callback') return;
      if (outcome.kind === 'callback') {
        void completeSso(outcome.url, 'window').catch(() => undefined);
        return;
      }
      const origin = outcome.kind === 'origin-refused' || outcome.kind === 'certificate-error' || outcome.kind === 'load-failed' ? outcome.origin : undefined;
      failSso(OUTCOME_CODES[outcome.kind], origin);
    };
    const handle = open(launchUrl, { rules: { portalOrigin, identityProviderOrigins: settings.get('ssoIdentityProviderOrigins') }, onOutcome });
    const expiry = setTimeout(() => {
      if (loginWindow?.launchId !== launchId) return;
      closeLoginWindow(launchId);
      failSso('sso-expired');
    }, sso.ttlMs);
    expiry.unref?.();
    loginWindow = { handle, launchId, expiry };
  };

  const unsubscribe = accounts.onChange(() => events.emit('portal.accountsChanged', accountsView()));

  const handlers: HandlersFor<PortalMethods> = {
    'portal.presets': () => {
      const demo = context.deps.demoSchool ?? null;
      return {
        portals: settings.get('portals').map((portal) => ({ name: portal.name, url: portal.url })),
        allowUserPortals: settings.get('allowUserPortals'),
        // A school's portal list that admits no other portal admits no demo school either.
        demo: demo && isPortalAllowed(demo.url, policy()) ? { url: demo.url, accounts: demo.accounts.map((account) => ({ ...account })) } : null,
      };
    },

    'portal.checkSite': (input) =>
      guarded(async (): Promise<SiteCheckView> => {
        const site = await check(input);
        const logoUrl = site.compactLogoUrl ?? site.logoUrl;
        const loginType = loginTypeOf(site);
        const idpOrigins = settings.get('ssoIdentityProviderOrigins');
        const [logoDataUrl, identityProviders] = await Promise.all([
          fetchLogoDataUrl(http, site.siteUrl, logoUrl),
          loginType === 'password'
            ? Promise.resolve([])
            : Promise.all(
                site.identityProviders.map(
                  async (provider): Promise<IdentityProviderView> => ({
                    id: provider.id,
                    name: provider.name,
                    iconDataUrl: await fetchProviderIconDataUrl(http, site.siteUrl, provider.iconUrl, idpOrigins),
                  }),
                ),
              ),
        ]);
        return {
          siteUrl: site.siteUrl,
          name: site.name,
          logoUrl,
          logoDataUrl,
          version: site.version,
          release: site.release,
          loginType,
          identityProviders,
          maintenance: site.maintenance,
        };
      }),

    'portal.signInPassword': (siteUrl, username, password) =>
      guarded(async () => {
        // Again through the site check: the policy applies to every sign-in, not only to the form's first step.
        const site = await check(siteUrl);
        const login = await loginWithPassword(http, { site: site.siteUrl, username, password, lang: language() });
        const profile: AccountProfile = {
          siteUrl: site.siteUrl,
          siteName: login.siteName,
          userId: login.user.id,
          username: login.user.username,
          fullName: login.user.fullname,
          lang: login.user.lang,
        };
        const credentials = credentialsOfLogin(login);
        const { account } = accounts.signIn(profile, credentials);
        return accountView(account.id);
      }),

    'portal.startSso': (siteUrl, providerId) =>
      guarded(async (): Promise<SsoStartView> => {
        const site = await check(siteUrl);
        if (!site.launchUrl) throw new SsoError('sso-launch-url-invalid');
        // The provider must still be announced (an IT may have switched it off since step 1).
        if (providerId !== undefined && providerId !== null && !site.identityProviders.some((provider) => provider.id === providerId)) {
          throw new SsoError('sso-provider-unknown');
        }
        const openWindow = context.deps.openLoginWindow;
        const openBrowser = context.deps.openSystemBrowser;
        const systemBrowser = ssoUsesSystemBrowser(site, settings.get('sharedDevice')) && Boolean(openBrowser);
        // A launch shown in the login window completes only with that window's callback (SsoLaunches).
        const completesIn = !systemBrowser && openWindow ? 'window' : 'external';
        const launch = sso.createLaunch(site.siteUrl, site.launchUrl, { ...(providerId ? { oauthsso: providerId } : {}), completesIn });
        closeLoginWindow();
        if (systemBrowser && openBrowser) {
          try {
            await openBrowser(launch.url);
          } catch {
            throw new SsoError('sso-system-browser-failed');
          }
          return { mode: 'system-browser' };
        }
        if (openWindow) {
          openLoginWindowFor(launch.id, launch.url, new URL(site.siteUrl).origin, openWindow);
          return { mode: 'window' };
        }
        return { mode: 'browser-tab', url: launch.url };
      }),

    'portal.completeSso': (callbackUrl) => completeSso(callbackUrl),

    'portal.accounts': () => accountsView(),

    'portal.switchAccount': (id) => {
      accounts.switchTo(id);
      return accountsView();
    },

    'portal.logout': async (id) => {
      await accounts.logout(id, { deviceMode: settings.get('sharedDevice') ? 'shared' : 'personal' });
      return accountsView();
    },

    'portal.removeAccount': (id) => {
      accounts.remove(id);
      // "…und alle dazu gespeicherten Daten werden von diesem Gerät gelöscht": a damaged copy of the store holds them too.
      eraseDamagedCopies(context.store.filePath);
      return accountsView();
    },
  };

  return {
    handlers,
    close() {
      unsubscribe();
      closeLoginWindow();
    },
  };
}
