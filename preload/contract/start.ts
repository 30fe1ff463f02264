/**
 * API contract, feature part: the Start screen's "today". Everything comes from the store,
 * so Start renders before any network call and offline; the running conferences come from
 * `conference.rooms` (network) afterwards. Merged into ApiMethods by preload/api.ts; main binds it in
 * main/api/start.ts. Runtime-import free (compiled into main, preload and renderer alike).
 */

import type { DeadlineView } from './content';
import type { ErrorInfo } from './errors';

/** A deadline from the portal's calendar (content_deadlines), overdue first, then by due date. */
export interface TodayDeadlineView extends Pick<DeadlineView, 'id' | 'name' | 'courseId' | 'courseName' | 'dueAt' | 'overdue' | 'modulename'> {
  /** The course module (the calendar event's `instance`, which Moodle's exporter fills with the cmid). */
  cmid: number | null;
  /** The stored assignment of that module, if any (opens it in Aufgaben). */
  assignId: number | null;
}

/** pending: due or waiting for its retry · waiting: needs a sign-in · failed · conflict. */
export type TodayOutboxState = 'pending' | 'waiting' | 'failed' | 'conflict';

export interface TodayOutboxItemView {
  id: string;
  assignId: number;
  title: string;
  handin: boolean;
  state: TodayOutboxState;
  /** Why it waits or failed, as the outbox stores it (code + params; the renderer makes the text). */
  lastError: ErrorInfo | null;
  /** Epoch ms of the next attempt (pending only). */
  nextAttemptAt: number | null;
}

/** What the sync saw change since it last looked, recorded when it stored it (main/start/news.ts). */
export type NewsKind = 'material' | 'assignment' | 'grade' | 'feedback';

export interface NewsItemView {
  /** Stable per item: kind and id (e.g. `m:12:345`). */
  key: string;
  kind: NewsKind;
  /** new: the item was not there before · changed: it was, and changed. Grades and feedback are always 'new' or 'changed'. */
  change: 'new' | 'changed';
  title: string;
  courseId: number | null;
  courseName: string | null;
  /** Materials: the course module (opens the course at that module). */
  cmid: number | null;
  /** Assignments, grades and feedback: the assignment (opens it in Aufgaben). */
  assignId: number | null;
  /** Epoch ms when the sync stored the change. */
  detectedAt: number;
}

export interface TodayView {
  /**
   * Fingerprint of everything below (main computes it): a first paint is kept only for the view it
   * was rendered from (`start.saveFirstPaint`).
   */
  version: string;
  /**
   * Whether main keeps a first paint of the current account now (not part of `version`): a write
   * behind the day can delete it while the day looks the same; the renderer then keeps a new one.
   */
  firstPaintKept: boolean;
  /** Epoch ms: the oldest last success of the account's sync tasks ("Stand"); null = never fully synced. */
  syncedAt: number | null;
  /** Epoch ms of the last visit mark (start.markVisited); null = none yet. News is what came after it. */
  lastVisitAt: number | null;
  deadlines: TodayDeadlineView[];
  /** Work not sent yet (not 'done'), oldest first. */
  outbox: TodayOutboxItemView[];
  /** New since the last visit, newest first. */
  news: NewsItemView[];
}

/**
 * The id of the element main puts the stored first paint in (index.html, right before `#root`):
 * `<div id="first-paint" lang="…" inert aria-hidden="true">…</div>`. The renderer removes it once its
 * own first screen is there.
 */
export const FIRST_PAINT_ELEMENT_ID = 'first-paint';
/** Largest first paint main keeps (UTF-8 bytes of `html`). */
export const MAX_FIRST_PAINT_BYTES = 256 * 1024;

/**
 * The signed-in Start as static HTML (the app's frame and the day, rendered by the renderer from the
 * `TodayView` with `version`), kept by main for the next start: index.html shows it at once, inert,
 * until the renderer's own Start is ready.
 */
export interface FirstPaintInput {
  html: string;
  /** `TodayView.version` of the view it shows: main keeps it only while that is still the current view. */
  version: string;
  language: 'de' | 'en';
}

export interface StartMethods {
  /** The current account's day from the store (no network). Fails with `not-signed-in` without an account. */
  'start.today': { args: []; result: TodayView };
  /** Sets the current account's "last visit" mark to now (Start was seen); returns the new mark. */
  'start.markVisited': { args: []; result: { lastVisitAt: number } };
  /**
   * Keeps the first paint for the next start (sanitised by main, one per device, the current
   * account's). `kept: false`: the view changed meanwhile (or nobody is signed in); nothing stored.
   */
  'start.saveFirstPaint': { args: [FirstPaintInput]; result: { kept: boolean } };
}

export interface StartEvents {
  /** The current account's day changed in the store: the news recorder stored something new, or the last-visit mark moved. */
  'start.changed': { at: number };
}

export const START_METHOD_NAMES = ['start.today', 'start.markVisited', 'start.saveFirstPaint'] as const satisfies readonly (keyof StartMethods)[];
export const START_EVENT_NAMES = ['start.changed'] as const satisfies readonly (keyof StartEvents)[];
