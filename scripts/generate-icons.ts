// App icon: one geometry, drawn twice — as resources/icon.svg (the editable source) and rasterised
// into resources/icon.png (512×512, electron-builder derives .icns/.ico from it) and
// resources/icon-256.png. No image library: shapes are flattened to polygons, sampled 4×4 per pixel
// for anti-aliasing, and written as PNG with node:zlib.
//
// Regenerate after changing the geometry:  npx jiti scripts/generate-icons.ts
// (the scripts' TypeScript loader; test/unit/electron-builder-config.test.ts checks the PNGs.)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Point = readonly [number, number];
/** A closed outline: start point, then straight lines or quadratic Béziers (control, end). */
type Segment = { line: Point } | { quad: [Point, Point] };
interface Outline {
  start: Point;
  segments: Segment[];
}
type Rgb = readonly [number, number, number];

/** Design grid is 512×512. */
const GRID = 512;
const BACKGROUND = { x: 32, y: 32, size: 448, radius: 100 } as const;
const GRADIENT_TOP: Rgb = [0x2f, 0x80, 0xed];
const GRADIENT_BOTTOM: Rgb = [0x1a, 0x56, 0xc4];
/** The cover peeks out under the pages as a translucent white rim. */
const COVER_ALPHA = 0.42;
/** Moves the book so it sits optically centred (the cover rim makes it bottom-heavy). */
const BOOK_DY = -16;

const shift = ([x, y]: Point): Point => [x, y + BOOK_DY];
const mirror = ([x, y]: Point): Point => [GRID - x, y];

function outline(points: { start: Point; segments: Segment[] }, map: (p: Point) => Point): Outline {
  return {
    start: map(points.start),
    segments: points.segments.map((s) => ('line' in s ? { line: map(s.line) } : { quad: [map(s.quad[0]), map(s.quad[1])] })),
  };
}

// Left page: the top edge rises from the spine to the outer corner, the bottom edge mirrors it.
const LEFT_PAGE = {
  start: [248, 196] as Point,
  segments: [
    { quad: [[196, 160], [120, 172]] },
    { line: [120, 346] },
    { quad: [[196, 334], [248, 370]] },
  ] as Segment[],
};
// Cover: a little wider and lower than the two pages, meeting in a point below the spine.
// One outline (not two mirrored halves) so no anti-aliasing seam shows at the spine.
const COVER = {
  start: [256, 214] as Point,
  segments: [
    { line: [102, 186] },
    { line: [102, 364] },
    { quad: [[190, 356], [256, 392]] },
    { quad: [[322, 356], [410, 364]] },
    { line: [410, 186] },
  ] as Segment[],
};

export const ICON_OUTLINES = {
  cover: outline(COVER, shift),
  pageLeft: outline(LEFT_PAGE, shift),
  pageRight: outline(LEFT_PAGE, (p) => shift(mirror(p))),
};

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function svgPath(o: Outline): string {
  const parts = [`M${o.start[0]} ${o.start[1]}`];
  for (const s of o.segments) {
    parts.push('line' in s ? `L${s.line[0]} ${s.line[1]}` : `Q${s.quad[0][0]} ${s.quad[0][1]} ${s.quad[1][0]} ${s.quad[1][1]}`);
  }
  return `${parts.join(' ')}Z`;
}

/** The editable vector source; the PNGs are rasterised from the same outlines. */
export function iconSvg(): string {
  const { x, y, size, radius } = BACKGROUND;
  const o = ICON_OUTLINES;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${GRID}" height="${GRID}" viewBox="0 0 ${GRID} ${GRID}">`,
    '  <title>SchulDesk</title>',
    '  <defs>',
    `    <linearGradient id="bg" x1="0" y1="${y}" x2="0" y2="${y + size}" gradientUnits="userSpaceOnUse">`,
    `      <stop offset="0" stop-color="${hex(GRADIENT_TOP)}"/>`,
    `      <stop offset="1" stop-color="${hex(GRADIENT_BOTTOM)}"/>`,
    '    </linearGradient>',
    '  </defs>',
    `  <rect x="${x}" y="${y}" width="${size}" height="${size}" rx="${radius}" fill="url(#bg)"/>`,
    `  <path d="${svgPath(o.cover)}" fill="#ffffff" fill-opacity="${COVER_ALPHA}"/>`,
    '  <g fill="#ffffff">',
    `    <path d="${svgPath(o.pageLeft)}"/>`,
    `    <path d="${svgPath(o.pageRight)}"/>`,
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}

interface Polygon {
  xs: Float64Array;
  ys: Float64Array;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function flatten(o: Outline, scale: number, steps = 32): Polygon {
  const pts: Point[] = [o.start];
  let current = o.start;
  for (const s of o.segments) {
    if ('line' in s) {
      pts.push(s.line);
      current = s.line;
      continue;
    }
    const [c, end] = s.quad;
    const from = current;
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      const u = 1 - t;
      pts.push([u * u * from[0] + 2 * u * t * c[0] + t * t * end[0], u * u * from[1] + 2 * u * t * c[1] + t * t * end[1]]);
    }
    current = end;
  }
  const xs = Float64Array.from(pts, (p) => p[0] * scale);
  const ys = Float64Array.from(pts, (p) => p[1] * scale);
  return { xs, ys, minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

/** Even-odd point-in-polygon test. */
function inside(p: Polygon, x: number, y: number): boolean {
  if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) return false;
  let hit = false;
  const n = p.xs.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = p.ys[i]!;
    const yj = p.ys[j]!;
    if (yi > y !== yj > y && x < ((p.xs[j]! - p.xs[i]!) * (y - yi)) / (yj - yi) + p.xs[i]!) hit = !hit;
  }
  return hit;
}

function insideRoundedRect(x: number, y: number, scale: number): boolean {
  const { x: rx, y: ry, size, radius } = BACKGROUND;
  const left = rx * scale;
  const top = ry * scale;
  const right = (rx + size) * scale;
  const bottom = (ry + size) * scale;
  const r = radius * scale;
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + r), right - r);
  const cy = Math.min(Math.max(y, top + r), bottom - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Renders the icon at `size`×`size` as straight (non-premultiplied) RGBA. */
export function renderIcon(size: number, samplesPerAxis = 4): Uint8Array {
  const scale = size / GRID;
  const o = ICON_OUTLINES;
  const cover = flatten(o.cover, scale);
  const pages = [flatten(o.pageLeft, scale), flatten(o.pageRight, scale)];
  const rgba = new Uint8Array(size * size * 4);
  const n = samplesPerAxis * samplesPerAxis;
  const gradTop = BACKGROUND.y * scale;
  const gradHeight = BACKGROUND.size * scale;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Premultiplied accumulation over the sub-samples.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samplesPerAxis; sy++) {
        const y = py + (sy + 0.5) / samplesPerAxis;
        const t = Math.min(Math.max((y - gradTop) / gradHeight, 0), 1);
        for (let sx = 0; sx < samplesPerAxis; sx++) {
          const x = px + (sx + 0.5) / samplesPerAxis;
          if (!insideRoundedRect(x, y, scale)) continue;
          let cr = GRADIENT_TOP[0] + (GRADIENT_BOTTOM[0] - GRADIENT_TOP[0]) * t;
          let cg = GRADIENT_TOP[1] + (GRADIENT_BOTTOM[1] - GRADIENT_TOP[1]) * t;
          let cb = GRADIENT_TOP[2] + (GRADIENT_BOTTOM[2] - GRADIENT_TOP[2]) * t;
          if (pages.some((p) => inside(p, x, y))) {
            cr = cg = cb = 255;
          } else if (inside(cover, x, y)) {
            cr += (255 - cr) * COVER_ALPHA;
            cg += (255 - cg) * COVER_ALPHA;
            cb += (255 - cb) * COVER_ALPHA;
          }
          r += cr;
          g += cg;
          b += cb;
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a === 0) continue;
      rgba[i] = Math.round(r / a);
      rgba[i + 1] = Math.round(g / a);
      rgba[i + 2] = Math.round(b / a);
      rgba[i + 3] = Math.round((a / n) * 255);
    }
  }
  return rgba;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes 8-bit RGBA as a PNG (filter type 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  // bytes 10–12: compression, filter, interlace = 0
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function main(): void {
  const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
  writeFileSync(join(resources, 'icon.svg'), iconSvg());
  for (const [file, size] of [['icon.png', 512], ['icon-256.png', 256]] as const) {
    writeFileSync(join(resources, file), encodePng(size, size, renderIcon(size)));
    console.log(`resources/${file} (${size}×${size})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
