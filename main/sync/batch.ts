/**
 * Several read calls in ONE request via tool_mobile_call_external_functions (Moodle 3.7+). The
 * portal stops at the first failing call, so later entries come back as `skipped`.
 */
import { z } from 'zod';
import type { MoodleClient } from '../portal/moodle-client.ts';
import type { SiteRef } from '../portal/site-url.ts';

export interface BatchCall {
  wsfunction: string;
  args: Record<string, unknown>;
}

export type BatchResult =
  | { ok: true; data: unknown }
  | { ok: false; errorcode: string; message: string }
  | { ok: false; errorcode: 'skipped'; message: string };

const batchSchema = z.object({
  responses: z.array(z.object({ error: z.boolean(), data: z.string().optional(), exception: z.string().optional() })),
});

export async function callBatch(client: MoodleClient, site: SiteRef, token: string, calls: readonly BatchCall[]): Promise<BatchResult[]> {
  if (calls.length === 0) return [];
  const raw = await client.callFunction(site, token, 'tool_mobile_call_external_functions', {
    requests: calls.map((c) => ({ function: c.wsfunction, arguments: JSON.stringify(c.args), settingfilter: true, settingfileurl: true })),
  });
  const { responses } = batchSchema.parse(raw);
  return calls.map((_, i): BatchResult => {
    const r = responses[i];
    if (r === undefined) return { ok: false, errorcode: 'skipped', message: 'not run: an earlier call failed' };
    if (!r.error) return { ok: true, data: r.data === undefined ? null : (JSON.parse(r.data) as unknown) };
    const ex = z.object({ errorcode: z.string().optional(), message: z.string().optional() }).safeParse(JSON.parse(r.exception ?? '{}'));
    return { ok: false, errorcode: ex.success ? (ex.data.errorcode ?? 'unknown') : 'unknown', message: ex.success ? (ex.data.message ?? '') : '' };
  });
}
