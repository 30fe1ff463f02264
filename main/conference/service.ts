/**
 * Conference service: rooms over mod_bigbluebuttonbn, rules acknowledgement, objection (implements the
 * guard peer's ConferenceRules: objecting(accountId)) and the transparency log (their MediaLog: record()).
 */
import type { ConferenceJoinResult, ConferenceRoomView, MediaKind, ObjectionView } from '../../preload/contract/conference';
import type { ZodType } from 'zod';
import { UserFacingError } from '../ipc/errors';
import { MoodleClient } from '../portal/moodle-client';
import { SessionExpiredError } from '../portal/errors';
import type { PortalAccount } from '../portal/accounts';
import type { ServiceContext } from '../service-context';
import { bbbEndMeetingSchema, bbbJoinUrlSchema, bbbMeetingInfoSchema, bbbRoomsSchema } from './bbb-schemas';
import type { BbbMeetingInfo } from './bbb-schemas';
import { ConferenceStore } from './conference-store';

export function roomState(info: BbbMeetingInfo): ConferenceRoomView['state'] {
  if (info.statusrunning) return 'running';
  if (!info.statusopen) return 'closed';
  return info.canjoin ? 'ready' : 'waiting';
}

export class ConferenceService {
  readonly store: ConferenceStore;
  readonly #client: MoodleClient;
  readonly #listeners = new Set<(accountId: string, on: boolean) => void>();

  constructor(private readonly context: ServiceContext) {
    this.store = new ConferenceStore(context.store);
    this.#client = new MoodleClient(context.http);
  }

  account(): PortalAccount {
    const account = this.context.accounts.current();
    if (!account) throw new UserFacingError('not-signed-in');
    return account;
  }

  async #call<T>(account: PortalAccount, wsfunction: string, params: Record<string, unknown>, schema: ZodType<T>): Promise<T> {
    const credentials = this.context.accounts.credentials(account.id);
    if (!credentials || account.needsReauth) throw new UserFacingError('needs-reauth');
    try {
      return await this.#client.callFunction<T>(account.siteUrl, credentials.token.reveal(), wsfunction, params as never, { schema });
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        this.context.accounts.markNeedsReauth(account.id);
        throw new UserFacingError('needs-reauth');
      }
      throw error;
    }
  }

  async #roomsRaw(account: PortalAccount) {
    // Empty courseids: Moodle answers the rooms of every course the person is enrolled in.
    return (await this.#call(account, 'mod_bigbluebuttonbn_get_bigbluebuttonbns_by_courses', { courseids: [] }, bbbRoomsSchema)).bigbluebuttonbns;
  }

  async #courseNames(account: PortalAccount): Promise<Map<number, string>> {
    const { userCoursesSchema } = await import('../portal/schemas');
    const courses = await this.#call(account, 'core_enrol_get_users_courses', { userid: account.userId }, userCoursesSchema);
    return new Map(courses.map((c) => [c.id, c.fullname]));
  }

  async #view(account: PortalAccount, room: { id: number; coursemodule: number; course: number; name: string }, courseName: string): Promise<ConferenceRoomView> {
    const info = await this.#call(account, 'mod_bigbluebuttonbn_meeting_info', { bigbluebuttonbnid: room.id, updatecache: 1 }, bbbMeetingInfoSchema);
    const running = info.statusrunning;
    return {
      id: room.id,
      cmid: room.coursemodule,
      courseId: room.course,
      courseName,
      name: room.name,
      state: roomState(info),
      participants: running ? (info.participantcount ?? 0) : null,
      moderators: running ? (info.moderatorcount ?? 0) : null,
      canJoin: info.canjoin,
      isModerator: info.ismoderator,
    };
  }

  async rooms(): Promise<ConferenceRoomView[]> {
    const account = this.account();
    const [rooms, names] = await Promise.all([this.#roomsRaw(account), this.#courseNames(account)]);
    return Promise.all(rooms.map((room) => this.#view(account, room, names.get(room.course) ?? '')));
  }

  async refresh(roomId: number): Promise<ConferenceRoomView> {
    const account = this.account();
    const room = (await this.#roomsRaw(account)).find((r) => r.id === roomId);
    if (!room) throw new UserFacingError('room-not-found');
    const names = await this.#courseNames(account);
    return this.#view(account, room, names.get(room.course) ?? '');
  }

  async join(roomId: number, rulesAcknowledged: boolean): Promise<ConferenceJoinResult> {
    if (!rulesAcknowledged) throw new UserFacingError('rules-not-acknowledged');
    const account = this.account();
    const room = await this.refresh(roomId);
    const answer = await this.#call(account, 'mod_bigbluebuttonbn_get_join_url', { cmid: room.cmid }, bbbJoinUrlSchema);
    const server = answer.join_url ? new URL(answer.join_url) : null;
    if (server && (server.protocol === 'https:' || server.protocol === 'http:')) this.store.rememberServer(account.id, server.origin, this.context.now());
    if (!answer.join_url) {
      if (answer.warnings?.some((w) => w.warningcode === 'waitformoderator')) return { status: 'waiting' };
      throw new UserFacingError('join-refused');
    }
    const open = this.context.deps.openConferenceWindow;
    if (!open) {
      // No hardened window in the browser shell: the school's rules (camera gate, objection, no recording) could not be enforced.
      return { status: 'desktop-only' };
    }
    await open({ joinUrl: answer.join_url, role: room.isModerator ? 'moderator' : 'viewer', accountId: account.id, meetingName: room.name });
    return { status: 'opened' };
  }

  async end(roomId: number): Promise<ConferenceRoomView> {
    const account = this.account();
    const room = await this.refresh(roomId);
    if (!room.isModerator) throw new UserFacingError('not-moderator');
    await this.#call(account, 'mod_bigbluebuttonbn_end_meeting', { bigbluebuttonbnid: roomId }, bbbEndMeetingSchema);
    return this.refresh(roomId);
  }

  forced(): boolean {
    return this.context.settings.get('objectionForced') === true;
  }

  /** ConferenceRules (guard peer): is this account's objection in effect? */
  objecting(accountId: string): boolean {
    return this.forced() || this.store.prefs(accountId).objection;
  }

  objection(accountId: string): ObjectionView {
    return { on: this.objecting(accountId), forced: this.forced() };
  }

  setObjection(accountId: string, on: boolean): ObjectionView {
    if (!on && this.forced()) throw new UserFacingError('objection-forced');
    this.store.setObjection(accountId, on);
    const view = this.objection(accountId);
    for (const listener of this.#listeners) listener(accountId, view.on);
    if (this.context.accounts.current()?.id === accountId) this.context.events.emit('conference.objectionChanged', view);
    return view;
  }

  /** ConferenceRules: the conference window reacts at once. */
  onObjectionChange(listener: (accountId: string, on: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** MediaLog (guard peer): the window records what was shared. */
  record(event: { accountId: string; meetingName: string; kind: MediaKind; action: 'started' | 'stopped'; at?: number }): void {
    this.store.record({ accountId: event.accountId, meetingName: event.meetingName, kind: event.kind, action: event.action, at: event.at ?? this.context.now() });
  }
}
