/**
 * Moodle's REST web services over the one HTTP client: `callFunction(site, token, wsfunction,
 * params)` posts a form body in PHP array syntax with `moodlewsrestformat=json`, validates the
 * answer with the function's schema and turns every failure into a typed PortalError:
 * Moodle's exception JSON (sent with HTTP 200!), HTML instead of JSON, truncated JSON, 5xx,
 * timeouts. No error or log line contains the token (it travels only in the POST body).
 */
import type { z } from 'zod';
import { HttpClientError } from '../net/errors';
import type { HttpClient, HttpResponse } from '../net/http-client';
import { fromHttpError, InvalidResponseError, MoodleWsError, moodleError } from './errors';
import type { PhpParams } from './php-params';
import { encodePhpParams } from './php-params';
import type { FunctionResult, KnownFunction, UploadedFile } from './schemas';
import { describeIssues, FUNCTION_SCHEMAS, uploadResponseSchema } from './schemas';
import type { SiteRef } from './site-url';
import { siteBaseUrl } from './site-url';

export type { SiteRef } from './site-url';
export { siteBaseUrl } from './site-url';

/**
 * Functions that only read: safe to resend after a timeout or 503 (the Moodle app's `read`
 * calls). Writes (save/submit, view logging, join URL creation) are sent once; the outbox
 * decides about them.
 */
export const READ_ONLY_FUNCTIONS: ReadonlySet<string> = new Set([
  'core_webservice_get_site_info',
  'tool_mobile_get_public_config',
  'tool_mobile_get_config',
  'core_enrol_get_users_courses',
  'core_course_get_contents',
  'core_course_check_updates',
  'core_course_get_updates_since',
  'core_calendar_get_action_events_by_timesort',
  'core_user_get_private_files_info',
  'mod_assign_get_assignments',
  'mod_assign_get_submission_status',
  'mod_resource_get_resources_by_courses',
  'mod_page_get_pages_by_courses',
  'mod_url_get_urls_by_courses',
  'mod_folder_get_folders_by_courses',
  'mod_bigbluebuttonbn_get_bigbluebuttonbns_by_courses',
  'mod_bigbluebuttonbn_meeting_info',
  'mod_bigbluebuttonbn_can_join',
]);

export interface CallOptions<T = unknown> {
  /** Validate with this schema instead of the built-in one for the function. */
  schema?: z.ZodType<T>;
  /** Default: true for READ_ONLY_FUNCTIONS. */
  retrySafe?: boolean;
  maxAttempts?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** moodlewssettingfilter: apply Moodle's text filters (multi-language etc.), as the Moodle app does. Default true. */
  filter?: boolean;
  /** moodlewssettinglang: language for strings Moodle formats. */
  lang?: string;
}

/**
 * Reads a Moodle JSON answer: refuses redirects, HTML and broken JSON, and throws Moodle's own
 * error objects (REST `{exception, errorcode}` and script `{error, errorcode}`) as typed errors.
 * `what` names the call in error details (e.g. the web-service function), never the URL's secrets.
 */
export function readMoodleJson(response: HttpResponse, what: string): unknown {
  const { status } = response;
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    let target = '';
    try {
      target = location ? new URL(location, response.url).origin : '';
    } catch {
      // Unparseable Location: report without target.
    }
    throw new InvalidResponseError('unexpected-redirect', { status, detail: `${what}: HTTP ${status}`, data: target ? { targetOrigin: target } : {} });
  }
  const text = response.text().replace(/^\uFEFF/, '');
  const contentType = response.headers.get('content-type') ?? '';
  const looksHtml = /html/i.test(contentType) || /^\s*</.test(text);
  if (status < 200 || status >= 300) {
    throw new InvalidResponseError('http-error', { status, detail: `${what}: HTTP ${status}` });
  }
  if (looksHtml) throw new InvalidResponseError('html-response', { status, detail: what });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InvalidResponseError('invalid-json', { status, detail: `${what}: ${text.length === 0 ? 'leere Antwort' : `${text.length} Zeichen, kein gültiges JSON`}` });
  }
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    if (typeof record.errorcode === 'string' && ('exception' in record || 'error' in record)) {
      const error = moodleError({
        errorcode: record.errorcode,
        message: typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : undefined,
        exception: typeof record.exception === 'string' ? record.exception : undefined,
      });
      throw error;
    }
  }
  return data;
}

export function validate<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new InvalidResponseError('unexpected-response', { detail: `${what}: ${describeIssues(result.error)}` });
  return result.data;
}

/** Runs an HTTP request and maps the HTTP client's failures to portal errors. */
export async function portalRequest(http: HttpClient, request: Parameters<HttpClient['request']>[0]): Promise<HttpResponse> {
  try {
    return await http.request(request);
  } catch (error) {
    if (error instanceof HttpClientError) throw fromHttpError(error);
    throw error;
  }
}

export interface UploadFile {
  filename: string;
  /** Bytes, or a Blob (e.g. fs.openAsBlob) so large files are not read into memory first. */
  content: Uint8Array | Blob;
  mimetype?: string;
}

export class MoodleClient {
  constructor(readonly http: HttpClient) {}

  /** Calls a web-service function SchulDesk knows; the answer is validated with its schema. */
  callFunction<F extends KnownFunction>(site: SiteRef, token: string, wsfunction: F, params?: PhpParams, options?: CallOptions): Promise<FunctionResult<F>>;
  /** Any other function: validated only if a schema is given. */
  callFunction<T = unknown>(site: SiteRef, token: string, wsfunction: string, params?: PhpParams, options?: CallOptions<T>): Promise<T>;
  async callFunction(site: SiteRef, token: string, wsfunction: string, params: PhpParams = {}, options: CallOptions = {}): Promise<unknown> {
    const base = siteBaseUrl(site);
    const head: PhpParams = {
      wstoken: token,
      wsfunction,
      moodlewsrestformat: 'json',
      moodlewssettingfilter: options.filter ?? true,
      moodlewssettingfileurl: true,
      moodlewssettinglang: options.lang,
    };
    const encodedParams = encodePhpParams(params);
    const body = encodedParams ? `${encodePhpParams(head)}&${encodedParams}` : encodePhpParams(head);
    const response = await portalRequest(this.http, {
      url: `${base}/webservice/rest/server.php`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      retrySafe: options.retrySafe ?? READ_ONLY_FUNCTIONS.has(wsfunction),
      maxAttempts: options.maxAttempts,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      signal: options.signal,
    });
    // Moodle answers exactly this (403, empty body) when web services or REST are switched off.
    if (response.status === 403 && response.bytes === 0) throw new MoodleWsError('webservices-disabled', { status: 403, detail: wsfunction });
    const data = readMoodleJson(response, wsfunction);
    const schema = options.schema ?? (wsfunction in FUNCTION_SCHEMAS ? FUNCTION_SCHEMAS[wsfunction as KnownFunction] : null);
    return schema ? validate(schema as z.ZodType<unknown>, data, wsfunction) : data;
  }

  /**
   * POST /webservice/upload.php (multipart): files into a draft area (itemid 0 = a new one).
   * Returns the stored files; pass their `itemid` as `plugindata[files_filemanager]`.
   */
  async uploadFiles(site: SiteRef, token: string, files: readonly UploadFile[], options: { itemid?: number; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<UploadedFile[]> {
    const form = new FormData();
    form.append('token', token);
    form.append('filearea', 'draft');
    form.append('itemid', String(options.itemid ?? 0));
    files.forEach((file, index) => {
      const type = file.mimetype ?? 'application/octet-stream';
      const blob = file.content instanceof Blob ? file.content : new Blob([new Uint8Array(file.content)], { type });
      form.append(`file_${index + 1}`, blob, file.filename);
    });
    const response = await portalRequest(this.http, {
      url: `${siteBaseUrl(site)}/webservice/upload.php`,
      method: 'POST',
      body: form,
      retrySafe: false,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    return validate(uploadResponseSchema, readMoodleJson(response, 'upload.php'), 'upload.php');
  }
}
