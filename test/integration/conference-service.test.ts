/**
 * Conference API through the real composition root against the test Moodle over HTTP, real SQLite:
 * rooms of both courses, meeting states incl. wait for the teacher, join (browser shell: desktop-only
 * after the join URL was fetched), end as teacher, student cannot end; rules, objection, media log.
 */
import type { DiagnosticsView } from '../../preload/contract/diagnostics';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConferenceMethods } from '../../preload/contract/conference';
import { apiCaller, signInAs, useMoodleAndServicesPerTest } from '../support/services-harness';
import type { ApiCall } from '../support/services-harness';

const env = useMoodleAndServicesPerTest('schuldesk-conference-');
let call: ApiCall<ConferenceMethods>;

async function boot(policy: Record<string, unknown> = {}): Promise<void> {
  const services = await env.boot({ policy });
  call = apiCaller<ConferenceMethods>(services);
}

function signIn(username: string): string {
  return signInAs(env.services, env.moodle, username).accountId;
}

beforeEach(async () => {
  await boot();
});

describe('conference rooms', () => {
  it('lists rooms of both courses; the wait-for-moderator room waits until the teacher joins', async () => {
    signIn('student1');
    const rooms = await call('conference.rooms');
    expect(rooms.map((r) => r.courseId).sort()).toEqual([2, 3]);
    const mathe = rooms.find((r) => r.courseId === 2);
    const deutsch = rooms.find((r) => r.courseId === 3);
    expect(mathe?.state).toBe('ready');
    expect(deutsch?.state).toBe('waiting');
    expect(deutsch?.courseName).toBe('Deutsch 7b');
    expect(deutsch?.isModerator).toBe(false);
    if (!deutsch || !mathe) throw new Error('rooms missing');

    // Rules first, then the join asks Moodle and answers "waiting".
    await expect(call('conference.join', deutsch.id)).rejects.toMatchObject({ code: 'rules-not-acknowledged' });
    const rules = await call('conference.rules');
    expect(rules.needsAcknowledgement).toBe(true);
    expect((await call('conference.acknowledgeRules', rules.version)).needsAcknowledgement).toBe(false);
    expect((await call('conference.join', deutsch.id)).status).toBe('waiting');

    // The teacher starts the meeting (joins via the BBB stand-in).
    const bbb = env.moodle.bbb;
    if (!bbb) throw new Error('no in-memory bbb');
    const meeting = [...bbb.meetings.values()][0];
    if (!meeting) throw new Error('meeting not created');
    bbb.join({ meetingID: meeting.meetingID, role: 'MODERATOR', userID: '3', fullName: 'Sabine Becker' });
    const running = await call('conference.refresh', deutsch.id);
    expect(running).toMatchObject({ state: 'running', moderators: 1, participants: 0, canJoin: true });

    // Browser shell: the join URL is fetched, but no window opens.
    const before = env.moodle.state.stats.byFunction.mod_bigbluebuttonbn_get_join_url ?? 0;
    const joined = await call('conference.join', deutsch.id);
    expect(joined.status).toBe('desktop-only');
    expect(env.moodle.state.stats.byFunction.mod_bigbluebuttonbn_get_join_url).toBe(before + 1);

    // The BBB server the join URL named is remembered (origin only) and the diagnostics probe it.
    const origin = new URL(env.moodle.url).origin;
    expect(env.services?.context.store.all('SELECT origin FROM conference_servers')).toEqual([{ origin }]);
    const diagnose = (env.services?.handlers as unknown as Record<string, () => Promise<DiagnosticsView>>)['it.diagnostics'];
    const report = await diagnose?.();
    expect(report?.sections.find((section) => section.id === 'bbb')?.entries).toEqual([{ label: origin, value: 'erreichbar – HTTP 200', level: 'ok' }]);

    await expect(call('conference.end', deutsch.id)).rejects.toMatchObject({ code: 'not-moderator' });
  });

  it('a teacher sees moderator rights and ends a running meeting', async () => {
    signIn('teacher1');
    const rooms = await call('conference.rooms');
    const mathe = rooms.find((r) => r.courseId === 2);
    if (!mathe) throw new Error('room missing');
    expect(mathe.isModerator).toBe(true);
    await call('conference.acknowledgeRules', (await call('conference.rules')).version);
    expect((await call('conference.join', mathe.id)).status).toBe('desktop-only');
    const meeting = [...(env.moodle.bbb?.meetings.values() ?? [])][0];
    if (!meeting) throw new Error('meeting not created');
    env.moodle.bbb?.join({ meetingID: meeting.meetingID, role: 'MODERATOR', userID: '3', fullName: 'Sabine Becker' });
    expect((await call('conference.refresh', mathe.id)).state).toBe('running');
    const ended = await call('conference.end', mathe.id);
    expect(ended.state).toBe('ready');
  });
});

describe('objection and media log', () => {
  it('stores the objection per account, emits an event, and policy forces it', async () => {
    const a = signIn('student1');
    const seen: unknown[] = [];
    env.services?.context.events.subscribe((name, payload) => {
      seen.push([name, payload]);
    });
    expect(await call('conference.objection')).toEqual({ on: false, forced: false });
    expect(await call('conference.setObjection', true)).toEqual({ on: true, forced: false });
    expect(seen).toContainEqual(['conference.objectionChanged', { on: true, forced: false }]);
    signIn('student2');
    expect((await call('conference.objection')).on).toBe(false);
    await boot({ objectionForced: true });
    expect(env.services?.context.accounts.current()?.id).not.toBe(a);
    expect(await call('conference.objection')).toEqual({ on: true, forced: true });
    await expect(call('conference.setObjection', false)).rejects.toMatchObject({ code: 'objection-forced' });
  });

  it('the log shows recorded media of the current account only', async () => {
    signIn('student1');
    const now = Date.now();
    const accountId = env.services?.context.accounts.current()?.id ?? '';
    const { createConferenceApi } = await import('../../main/api/conference');
    if (!env.services) throw new Error('not booted');
    const api = createConferenceApi(env.services.context);
    api.conference.record({ accountId, meetingName: 'Mathe', kind: 'camera', action: 'started', at: now });
    api.conference.record({ accountId, meetingName: 'Mathe', kind: 'microphone', action: 'started', at: now - 36 * 86_400_000 });
    const log = await call('conference.mediaLog');
    expect(log.map((e) => [e.meetingName, e.kind])).toEqual([['Mathe', 'camera']]);
    expect(api.conference.store.purgeMediaLog(now)).toBe(1);
    await api.close?.();
  });
});
