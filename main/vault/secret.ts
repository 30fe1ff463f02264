/**
 * A secret value (web-service token, private token) that cannot leak by accident: it prints as
 * `[Secret]` in template strings, `String()`, `JSON.stringify`, `util.inspect`/`console.log`, and
 * a structured clone (IPC) carries nothing, because the value lives in a private field.
 * Only `reveal()` hands out the string — call it at the one place that sends it to the portal.
 */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const SHOWN = '[Secret]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    if (typeof value !== 'string') throw new TypeError('Secret: value must be a string');
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return SHOWN;
  }

  toJSON(): string {
    return SHOWN;
  }

  [Symbol.toPrimitive](): string {
    return SHOWN;
  }

  [INSPECT](): string {
    return SHOWN;
  }
}

/** Accepts a plain string or a Secret; returns the Secret. */
export function asSecret(value: string | Secret): Secret {
  return value instanceof Secret ? value : new Secret(value);
}
