/** Byte counting and joining for the HTTP client's bodies (main/net/http-client.ts). */
import type { HttpBody } from './http-types';

export function bodyBytes(body: HttpBody | undefined): number {
  if (body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString());
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof Blob) return body.size;
  let total = 0;
  for (const [, value] of body.entries()) total += typeof value === 'string' ? Buffer.byteLength(value) : value.size;
  return total;
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A body whose Content-Length counts compressed bytes: fetch hands out more than that. */
export function isEncoded(headers: Headers): boolean {
  const encoding = (headers.get('content-encoding') ?? '').trim().toLowerCase();
  return encoding !== '' && encoding !== 'identity';
}
