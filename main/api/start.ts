/**
 * Binds the Start part of the API contract (preload/contract/start.ts): the current account's day from
 * the store, and its "last visit" mark. The news recorder listens to the sync's stored-data events
 * (`content.changed`, `assignments.changed`) and runs before the shells forward them (it subscribes
 * while the services are built), so a renderer that reloads on those events already sees the news.
 */
import { z } from 'zod';
import { MAX_FIRST_PAINT_BYTES } from '../../preload/contract/start';
import type { StartMethods } from '../../preload/contract/start';
import type { HandlersFor } from '../ipc/dispatch';
import { UserFacingError } from '../ipc/errors';
import type { InputSchemasFor } from '../ipc/schemas';
import { describeError } from '../log/redact';
import type { FeatureApi, ServiceContext } from '../service-context';
import { FirstPaintService } from '../start/first-paint';
import { NewsRecorder } from '../start/news';
import type { NewsSource } from '../start/news';
import { TodayService } from '../start/today';

const none = z.tuple([]);

export const START_INPUT_SCHEMAS: InputSchemasFor<StartMethods> = {
  'start.today': none,
  'start.markVisited': none,
  'start.saveFirstPaint': z.tuple([
    z.strictObject({
      // Characters first (cheap), then the UTF-8 bytes the limit is about.
      html: z
        .string()
        .max(MAX_FIRST_PAINT_BYTES)
        .refine((html) => Buffer.byteLength(html, 'utf8') <= MAX_FIRST_PAINT_BYTES, 'first paint too large'),
      version: z.string().regex(/^[0-9a-f]{64}$/),
      language: z.enum(['de', 'en']),
    }),
  ]),
};

export function createStartApi(context: ServiceContext): FeatureApi<StartMethods> & { news: NewsRecorder; today: TodayService; firstPaint: FirstPaintService } {
  const news = new NewsRecorder(context.store, context.now);
  const today = new TodayService(context.store, () => context.syncTasks.list().map((task) => task.name), context.now);
  const firstPaint = new FirstPaintService({
    store: context.store,
    now: context.now,
    appVersion: context.deps.appVersion,
    currentAccountId: () => context.accounts.current()?.id ?? null,
    language: () => context.settings.get('language'),
    sharedDevice: () => context.settings.get('sharedDevice') === true,
    today: (id) => today.today(id),
  });
  const accountId = (): string => {
    const account = context.accounts.current();
    if (!account) throw new UserFacingError('not-signed-in');
    return account.id;
  };

  const recordFor = (source: NewsSource) => {
    const account = context.accounts.current();
    if (!account) return;
    try {
      if (news.record(account.id, source) > 0) context.events.emit('start.changed', { at: context.now() });
    } catch (error) {
      // News is a convenience: a failure here must never break the sync that emitted the event.
      console.error(`[start] news not recorded: ${describeError(error)}`);
    }
  };
  const stop = context.events.subscribe((name) => {
    if (name === 'content.changed') recordFor('content');
    else if (name === 'assignments.changed') recordFor('assignments');
  });

  const handlers: HandlersFor<StartMethods> = {
    'start.today': () => {
      const id = accountId();
      return { ...today.today(id), firstPaintKept: firstPaint.kept(id) };
    },
    'start.markVisited': () => {
      const lastVisitAt = today.markVisited(accountId());
      // The day changed (what is new is counted from now): renderers reload it (and keep a new first paint).
      context.events.emit('start.changed', { at: lastVisitAt });
      return { lastVisitAt };
    },
    'start.saveFirstPaint': (input) => firstPaint.save(input),
  };
  return { handlers, news, today, firstPaint, close: stop };
}
