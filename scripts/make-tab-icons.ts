/**
 * Draws the tab bar icons (81×81 PNG, grey and selected green) into src/assets/tabbar/.
 * WeChat's tabBar takes only local PNG/JPG files; these are simple filled silhouettes.
 *   npx tsx scripts/make-tab-icons.ts
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: { new (o: { width: number; height: number }): { data: Buffer }; sync: { write(p: unknown): Buffer } } };

const SIZE = 81;
const SS = 4; // supersampling per axis
const OUT = join(__dirname, '..', 'src', 'assets', 'tabbar');
const COLORS = { normal: [0x7a, 0x7e, 0x83], active: [0x1a, 0x7f, 0x5a] } as const;

type Shape = (x: number, y: number) => boolean; // coordinates in 0..81

const rect = (x0: number, y0: number, x1: number, y1: number): Shape => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ellipse = (cx: number, cy: number, rx: number, ry: number): Shape => (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const triangle = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape => (x, y) => {
  const s = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by);
  const d2 = s(x, y, bx, by, cx, cy);
  const d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((f) => f(x, y));
const minus = (a: Shape, ...b: Shape[]): Shape => (x, y) => a(x, y) && !b.some((f) => f(x, y));

const ICONS: Record<string, Shape> = {
  home: minus(union(triangle(40.5, 10, 8, 40, 73, 40), rect(17, 38, 64, 70)), rect(34, 50, 47, 70)),
  course: minus(union(rect(10, 16, 39, 66), rect(42, 16, 71, 66)), rect(16, 26, 33, 29), rect(16, 35, 33, 38), rect(48, 26, 65, 29), rect(48, 35, 65, 38)),
  credit: union(rect(12, 44, 25, 70), rect(34, 28, 47, 70), rect(56, 12, 69, 70)),
  me: union(circle(40.5, 25, 14), minus(ellipse(40.5, 74, 29, 30), rect(0, 72, 81, 81))),
};

mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [state, rgb] of Object.entries(COLORS)) {
    const png = new PNG({ width: SIZE, height: SIZE });
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        let hits = 0;
        for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) if (shape(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS)) hits++;
        const i = (y * SIZE + x) * 4;
        png.data[i] = rgb[0];
        png.data[i + 1] = rgb[1];
        png.data[i + 2] = rgb[2];
        png.data[i + 3] = Math.round((255 * hits) / (SS * SS));
      }
    }
    const file = join(OUT, `${name}${state === 'active' ? '-active' : ''}.png`);
    writeFileSync(file, PNG.sync.write(png));
  }
}
console.log(`tab bar icons written to ${OUT}`);
