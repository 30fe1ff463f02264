import { describe, expect, it } from 'vitest';
import { bootGate, firstPageFiles } from '../../main/web-shell/boot-gate';

// The shape Vite writes into out/renderer/index.html (hashes vary by build).
const INDEX_HTML = `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <script type="module" crossorigin src="./assets/index-DSBpHYGQ.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/rolldown-runtime-XKyaHtl9.js">
    <link rel="modulepreload" crossorigin href="./assets/stores-context-K-HtF7g5.js">
    <link rel="stylesheet" crossorigin href="./assets/index-BrtZKfOD.css">
    <link rel="alternate" href="./feed.xml">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

function gateFor(latestMs = 60_000) {
  let resolveBoot: () => void = () => {};
  const booted = new Promise<void>((resolve) => (resolveBoot = resolve));
  let boots = 0;
  const gate = bootGate(firstPageFiles(INDEX_HTML), () => {
    boots += 1;
    resolveBoot();
  }, latestMs);
  return { gate, booted, boots: () => boots };
}

describe('browser shell boot gate', () => {
  it('knows the files index.html makes the browser fetch at once (entry module, modulepreloads, stylesheet; not icons or other links)', () => {
    expect([...firstPageFiles(INDEX_HTML)].sort()).toEqual(['/', '/assets/index-BrtZKfOD.css', '/assets/index-DSBpHYGQ.js', '/assets/rolldown-runtime-XKyaHtl9.js', '/assets/stores-context-K-HtF7g5.js']);
  });

  it('boots once the page and all its first files were served, not before', async () => {
    const { gate, booted, boots } = gateFor();
    for (const path of ['/index.html', '/assets/index-DSBpHYGQ.js', '/assets/rolldown-runtime-XKyaHtl9.js', '/assets/stores-context-K-HtF7g5.js']) gate.served(path);
    gate.served('/assets/some-other-chunk.js');
    await new Promise((resolve) => setImmediate(resolve));
    expect(boots()).toBe(0);
    gate.served('/assets/index-BrtZKfOD.css');
    await booted;
    gate.served('/');
    gate.apiRequest();
    await new Promise((resolve) => setImmediate(resolve));
    expect(boots()).toBe(1);
    gate.dispose();
  });

  it('boots at the first API call (a caller without a page)', async () => {
    const { gate, booted, boots } = gateFor();
    gate.apiRequest();
    await booted;
    expect(boots()).toBe(1);
    gate.dispose();
  });

  it('boots at the latest after the fallback time when no page comes', async () => {
    const { gate, booted, boots } = gateFor(5);
    await booted;
    expect(boots()).toBe(1);
    gate.dispose();
  });

  it('never boots after dispose (shutdown before the gate opened)', async () => {
    const { gate, boots } = gateFor(5);
    gate.dispose();
    gate.apiRequest();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(boots()).toBe(0);
  });
});
