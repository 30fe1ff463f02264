// `npm run bench:bundle`: size of the built renderer (out/renderer), JS and CSS, raw and gzip
// (node:zlib, default level, as a web server would send it). Prints figures; passes or fails nothing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..', '..', 'out', 'renderer');
if (!existsSync(join(root, 'index.html'))) {
  console.error('out/renderer is missing: run npm run build first.');
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const files = walk(root)
  .filter((path) => /\.(js|mjs|css)$/.test(path))
  .map((path) => {
    const content = readFileSync(path);
    return { name: relative(root, path), raw: content.length, gzip: gzipSync(content).length };
  })
  .sort((a, b) => b.raw - a.raw);

console.log(`Renderer bundle (${relative(process.cwd(), root) || root})\n`);
console.log(`${'file'.padEnd(40)} ${'raw'.padStart(12)} ${'gzip'.padStart(12)}`);
for (const file of files) console.log(`${file.name.padEnd(40)} ${kb(file.raw).padStart(12)} ${kb(file.gzip).padStart(12)}`);
for (const [label, pattern] of [
  ['JS total', /\.m?js$/],
  ['CSS total', /\.css$/],
  ['total', /./],
]) {
  const subset = files.filter((file) => pattern.test(file.name));
  const raw = subset.reduce((sum, file) => sum + file.raw, 0);
  const gzip = subset.reduce((sum, file) => sum + file.gzip, 0);
  console.log(`${label.padEnd(40)} ${kb(raw).padStart(12)} ${kb(gzip).padStart(12)}`);
}

// The first screen (Start): the entry script and its static imports (what index.html loads and
// preloads; Start is part of the entry), plus a Start chunk and its static imports if the build has
// one. Dynamic import() is not followed: those chunks load only when another screen, the sign-in flow
// or English is needed.
const assets = join(root, 'assets');
const staticImports = (file) => {
  const code = readFileSync(join(assets, file), 'utf8');
  const found = new Set();
  for (const match of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) found.add(match[1]);
  return [...found];
};
const html = readFileSync(join(root, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\.\/assets\/([^"]+)"/.exec(html)?.[1];
const startChunk = readdirSync(assets).find((name) => /^StartScreen-.*\.js$/.test(name));
if (entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of staticImports(file)) visit(next);
  };
  visit(entry);
  if (startChunk) visit(startChunk);
  const firstScreen = [...seen].map((name) => files.find((file) => file.name === `assets/${name}`)).filter(Boolean);
  const gzip = firstScreen.reduce((sum, file) => sum + file.gzip, 0);
  const raw = firstScreen.reduce((sum, file) => sum + file.raw, 0);
  console.log(`\nFirst screen (Start): ${firstScreen.map((file) => file.name.replace('assets/', '')).join(', ')}`);
  console.log(`${'first-screen JS'.padEnd(40)} ${kb(raw).padStart(12)} ${kb(gzip).padStart(12)}`);
}
