/**
 * A piece of the UI in its own chunk (a screen, the signed-in Start), loaded once and rendered
 * without Suspense: React 19 holds a Suspense boundary's content back until 300 ms after its
 * fallback appeared, so a chunk that arrived in 10 ms still showed "Wird geladen …" for 300 ms.
 */
import { useEffect, useReducer, useState } from 'react';

export interface Chunk<T> {
  /** Starts loading (once; again after a failure) and resolves with the value. */
  load(): Promise<T>;
  /** The value once loaded, else undefined. */
  readonly value: T | undefined;
}

export function chunk<T>(load: () => Promise<T>): Chunk<T> {
  let value: T | undefined;
  let loading: Promise<T> | null = null;
  return {
    get value() {
      return value;
    },
    load() {
      loading ??= load().then(
        (loaded) => (value = loaded),
        (error: unknown) => {
          loading = null; // a later call may try again (the network may be back)
          throw error;
        },
      );
      return loading;
    },
  };
}

/** A chunk whose value is there from the start (Start, in the entry chunk). */
export function readyChunk<T>(value: T): Chunk<T> {
  return { value, load: () => Promise.resolve(value) };
}

/** The chunk's value for rendering: undefined while it loads; `failed` with `retry` if loading failed. */
export function useChunk<T>(piece: Chunk<T>): { value: T | undefined; failed: boolean; retry(): void } {
  const [, loaded] = useReducer((count: number) => count + 1, 0);
  const [failedChunk, setFailedChunk] = useState<Chunk<T> | null>(null);
  const failed = failedChunk === piece;
  useEffect(() => {
    if (piece.value !== undefined || failed) return;
    let live = true;
    piece.load().then(
      () => live && loaded(),
      () => live && setFailedChunk(piece),
    );
    return () => {
      live = false;
    };
  }, [piece, failed]);
  return { value: piece.value, failed, retry: () => setFailedChunk(null) };
}
