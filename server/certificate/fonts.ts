/**
 * A CJK font subset to the characters a certificate uses. The Noto Sans SC package
 * (@fontsource/noto-sans-sc, a dependency of the certificate function) ships the font cut into
 * ~100 unicode-range slices per weight (woff2, 20–80 KB each); we load only the slices that hold a
 * character of the text, so rendering one certificate reads a few hundred KB of font, never the
 * whole 16 MB font, and no system font is needed.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';

export const FONT_FAMILY = 'CertNotoSC';

interface Slice {
  file: string;
  ranges: [number, number][];
}

let slices: Map<number, Slice[]> | undefined;

function fontDir(): string {
  return dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
}

function parseRanges(s: string): [number, number][] {
  return s.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = parseInt(a, 16);
    return [lo, b ? parseInt(b, 16) : lo] as [number, number];
  });
}

/** The slices of a weight, from the package's CSS (file + unicode-range). */
function slicesOf(weight: number): Slice[] {
  if (!slices) slices = new Map();
  const cached = slices.get(weight);
  if (cached) return cached;
  const css = readFileSync(join(fontDir(), `${weight}.css`), 'utf8');
  const out: Slice[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (file && range) out.push({ file, ranges: parseRanges(range) });
  }
  slices.set(weight, out);
  return out;
}

/** The slice files of `weight` that cover the characters of `text`. */
export function slicesFor(text: string, weight: number): string[] {
  const want = new Set([...text].map((c) => c.codePointAt(0)!).filter((cp) => cp > 32));
  const files: string[] = [];
  for (const s of slicesOf(weight)) {
    for (const cp of want) {
      if (s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) {
        files.push(s.file);
        break;
      }
    }
  }
  return files;
}

const registered = new Set<string>();

/** Registers (once per warm instance) the slices needed for `text`; returns the bytes newly read. */
export function ensureFonts(register: (buf: Buffer, family: string) => unknown, text: string, weights: number[]): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const w of weights) {
    for (const f of slicesFor(text, w)) {
      if (registered.has(f)) continue;
      const buf = readFileSync(join(fontDir(), 'files', f));
      register(buf, FONT_FAMILY);
      registered.add(f);
      files++;
      bytes += buf.length;
    }
  }
  return { files, bytes };
}
