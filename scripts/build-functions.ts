/**
 * Bundles every cloudfunctions/<fn>/index.ts into a self-contained cloudfunctions/<fn>/index.js
 * (types/ and server/ inlined, wx-server-sdk external), so that each folder deploys on its own.
 *   tsx scripts/build-functions.ts [fn ...]
 */
import { build, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

export const ROOT = resolve(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');

export function listFunctions(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((name) => statSync(join(FUNCTIONS_DIR, name)).isDirectory())
    .filter((name) => existsSync(join(FUNCTIONS_DIR, name, 'index.ts')))
    .sort();
}

/**
 * @pdf-lib/fontkit (contact function) inlines iconv-lite, whose error messages quote
 * "require('iconv-lite')…" as text; the bundle checker (a require() may name only wx-server-sdk
 * and built-ins) reads that as a require. Reword the two messages; no code changes.
 */
const quotedRequires: Plugin = {
  name: 'quoted-requires',
  setup(b) {
    b.onLoad({ filter: /@pdf-lib[\\/]fontkit[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const { readFile } = await import('fs/promises');
      const src = await readFile(args.path, 'utf8');
      return { contents: src.replace(/require\('iconv-lite'\)/g, "iconv-lite's "), loader: 'js' };
    });
  },
};

/**
 * What a function's bundle leaves to `require` at run time: the dependencies its package.json
 * declares (WeChat installs them when the function is uploaded) — wx-server-sdk always.
 */
export function externalsOf(name: string): string[] {
  const file = join(FUNCTIONS_DIR, name, 'package.json');
  const deps = existsSync(file) ? Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}) : [];
  return [...new Set(['wx-server-sdk', ...deps])];
}

/**
 * Writes a bundle only when it changed, through a temporary file and a rename: a bundle is never
 * seen half-written by a local cloud loading it while another process (a test, the deployment dry
 * run) rebuilds the functions.
 */
function writeIfChanged(file: string, contents: Uint8Array): void {
  if (existsSync(file) && Buffer.from(contents).equals(readFileSync(file))) return;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

export async function buildFunctions(names: string[] = listFunctions()): Promise<string[]> {
  await Promise.all(
    names.map(async (name) => {
      const { outputFiles } = await build({
        entryPoints: [join(FUNCTIONS_DIR, name, 'index.ts')],
        outfile: join(FUNCTIONS_DIR, name, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: externalsOf(name),
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning',
        tsconfig: join(ROOT, 'tsconfig.json'),
        plugins: [quotedRequires],
        write: false,
      });
      for (const f of outputFiles) writeIfChanged(f.path, f.contents);
    }),
  );
  for (const name of names) copyAssets(name);
  return names;
}

/**
 * Files a function reads at run time that are not code (e.g. the contact function's CJK font):
 * cloudfunctions/<fn>/assets.json lists `{ "from": "<path from the repo root>", "to": "<path in the folder>" }`;
 * they are copied into the function folder (git-ignored) so that it deploys on its own.
 */
export function copyAssets(name: string): string[] {
  const list = join(FUNCTIONS_DIR, name, 'assets.json');
  if (!existsSync(list)) return [];
  const assets = JSON.parse(readFileSync(list, 'utf8')) as { from: string; to: string }[];
  return assets.map(({ from, to }) => {
    const target = join(FUNCTIONS_DIR, name, to);
    const source = join(ROOT, from);
    if (!existsSync(target) || statSync(target).size !== statSync(source).size) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
    }
    return target;
  });
}

if (require.main === module) {
  const want = process.argv.slice(2);
  const started = Date.now();
  buildFunctions(want.length ? want : undefined)
    .then((names) => console.log(`built ${names.length} cloud functions (${names.join(', ')}) in ${Date.now() - started} ms`))
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
