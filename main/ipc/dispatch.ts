import { isApiMethodName } from '../../preload/api';
import type { ApiArgs, ApiErrorPayload, ApiMethodName, ApiResult } from '../../preload/api';
import { describeError } from '../log/redact';
import { isPlannedError, toErrorPayload, UserFacingError } from './errors';
import type { InputSchemas } from './schemas';

/** The services' implementation of every API method. */
export type ApiHandlers = {
  [M in ApiMethodName]: (...args: ApiArgs<M>) => Promise<ApiResult<M>> | ApiResult<M>;
};

/** One handler per method of a feature's contract part (preload/contract/<feature>.ts). */
export type HandlersFor<Methods> = {
  [M in keyof Methods]: Methods[M] extends { args: infer A extends unknown[]; result: infer R } ? (...args: A) => Promise<R> | R : never;
};

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };

/**
 * The one entry from an untrusted caller into the services, shared by the Electron IPC binding
 * and the browser shell: unknown method → rejected, arguments → validated against the method's
 * schema (`schemas`: main/api/input-schemas.ts), errors → reduced to a safe payload.
 */
export async function dispatch(handlers: ApiHandlers, method: unknown, rawArgs: unknown, schemas: InputSchemas): Promise<DispatchOutcome> {
  if (!isApiMethodName(method)) {
    return { ok: false, error: { code: 'unknown-method' } };
  }
  const parsed = schemas[method].safeParse(rawArgs ?? []);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'args'}: ${issue.message}`).join('; ');
    // The schema's own words go to the log (they may quote the input); the renderer gets the method.
    console.warn(`[ipc] ${method}: invalid input: ${detail}`);
    return { ok: false, error: { code: 'invalid-input', params: { method } } };
  }
  try {
    const handler = handlers[method] as (...args: unknown[]) => unknown;
    const result = await handler(...(parsed.data as unknown[]));
    return { ok: true, result };
  } catch (error) {
    if (!isPlannedError(error)) {
      // A programming error: logged in main only; the renderer gets the generic payload.
      console.error(`[ipc] ${method} failed: ${describeError(error)}`);
    } else if (!(error instanceof UserFacingError) || error.cause !== undefined) {
      // A planned failure of the machine (store, disk, folder): the reason for IT stays in the log.
      console.warn(`[ipc] ${method}: ${toErrorPayload(error).code}: ${describeError(error instanceof UserFacingError ? error.cause : error)}`);
    }
    return { ok: false, error: toErrorPayload(error) };
  }
}
