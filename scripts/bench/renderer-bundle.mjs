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
