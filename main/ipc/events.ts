import type { ApiEventName, ApiEvents } from '../../preload/api';

export type EventListener = <E extends ApiEventName>(name: E, payload: ApiEvents[E]) => void;

/** Main-process events for the renderer. Both shells subscribe once and forward every event. */
export class EventHub {
  readonly #listeners = new Set<EventListener>();

  emit<E extends ApiEventName>(name: E, payload: ApiEvents[E]): void {
    for (const listener of this.#listeners) listener(name, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
