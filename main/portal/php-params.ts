/**
 * Moodle's REST server reads parameters the PHP way: nested arrays and objects are spelled
 * `courseids[0]=2&options[0][name]=x`. This encodes a JS value tree into such a form body,
 * percent-encoded like application/x-www-form-urlencoded (what PHP's http_build_query sends).
 */

export type PhpValue = string | number | boolean | null | undefined | readonly PhpValue[] | { readonly [key: string]: PhpValue };
export type PhpParams = { readonly [key: string]: PhpValue };

/** `[key, value]` pairs in PHP bracket notation, before percent-encoding. */
export function flattenPhpParams(params: PhpParams): [string, string][] {
  const pairs: [string, string][] = [];
  const walk = (key: string, value: PhpValue): void => {
    if (value === null || value === undefined) return; // PHP has no way to send null; Moodle uses the default.
    if (Array.isArray(value)) {
      value.forEach((item: PhpValue, index) => walk(`${key}[${index}]`, item));
      return;
    }
    if (typeof value === 'object') {
      for (const [name, item] of Object.entries(value as { readonly [key: string]: PhpValue })) walk(`${key}[${name}]`, item);
      return;
    }
    if (typeof value === 'boolean') {
      // PARAM_BOOL accepts 1/0; "true"/"false" would fail PARAM_INT fields that are booleans in spirit.
      pairs.push([key, value ? '1' : '0']);
      return;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new TypeError(`Parameter ${key} is not a finite number`);
      pairs.push([key, String(value)]);
      return;
    }
    pairs.push([key, value as string]);
  };
  for (const [name, value] of Object.entries(params)) walk(name, value);
  return pairs;
}

/** The form body for `params`, e.g. `courseids%5B0%5D=2&courseids%5B1%5D=3`. */
export function encodePhpParams(params: PhpParams): string {
  const form = new URLSearchParams();
  for (const [key, value] of flattenPhpParams(params)) form.append(key, value);
  return form.toString();
}
