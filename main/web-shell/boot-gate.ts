/**
 * When the browser shell boots its services. The boot (the service graph, zod schemas, the store)
 * holds Node's one thread for ~130 ms on a 2-core machine; a page that asks for its files meanwhile
 * waits for it. So the shell serves the page's own first files (index.html and what it links: the
 * entry module, its modulepreloads, the stylesheet) first and boots while Chromium evaluates them.
 * The gate also opens on the first API call (a caller without a page) and at the latest after
 * `latestMs` (a shell nobody opens still boots, so a broken store is reported at once).
 */

/** Paths (as requested, e.g. `/assets/index-….js`) that index.html makes the browser fetch at once. */
export function firstPageFiles(indexHtml: string): Set<string> {
  const files = new Set<string>(['/']);
  // Vite writes these tags itself (out/renderer/index.html); only relative `./` paths are the app's.
  const linked = /<(?:script|link)\b[^>]*?\b(?:src|href)="\.\/([^"]+)"[^>]*>/g;
  for (const match of indexHtml.matchAll(linked)) {
    const tag = match[0];
    if (/^<link\b/.test(tag) && !/\brel="(?:modulepreload|stylesheet)"/.test(tag)) continue;
    files.add(`/${match[1]}`);
  }
  return files;
}

export interface BootGate {
  /** A static file was answered (its request path). */
  served(path: string): void;
  /** An API request arrived. */
  apiRequest(): void;
  /** Stops the fallback timer (shutdown before the gate opened). */
  dispose(): void;
}

export function bootGate(firstFiles: ReadonlySet<string>, boot: () => void, latestMs: number): BootGate {
  const waiting = new Set(firstFiles);
  let open = false;
  const openGate = () => {
    if (open) return;
    open = true;
    clearTimeout(timer);
    // After the answer that completed the set has been written out, not inside its handler.
    setImmediate(boot);
  };
  const timer = setTimeout(openGate, latestMs);
  timer.unref?.();
  return {
    served(path) {
      if (open) return;
      waiting.delete(path === '/index.html' ? '/' : path);
      if (waiting.size === 0) openGate();
    },
    apiRequest: openGate,
    dispose() {
      clearTimeout(timer);
      open = true;
    },
  };
}
