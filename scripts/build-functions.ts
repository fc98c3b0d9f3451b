/**
 * Bundles every cloudfunctions/<fn>/index.ts into a self-contained cloudfunctions/<fn>/index.js
 * (types/ and server/ inlined, wx-server-sdk external), so that each folder deploys on its own.
 *   tsx scripts/build-functions.ts [fn ...]
 */
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';

export const ROOT = resolve(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');

export function listFunctions(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((name) => statSync(join(FUNCTIONS_DIR, name)).isDirectory())
    .filter((name) => existsSync(join(FUNCTIONS_DIR, name, 'index.ts')))
    .sort();
}

/**
 * What a function's bundle leaves to `require` at run time: the dependencies its package.json
 * declares (WeChat installs them when the function is uploaded) — wx-server-sdk always.
 */
export function externalsOf(name: string): string[] {
  const file = join(FUNCTIONS_DIR, name, 'package.json');
  const deps = existsSync(file) ? Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}) : [];
  return [...new Set(['wx-server-sdk', ...deps])];
}

export async function buildFunctions(names: string[] = listFunctions()): Promise<string[]> {
  await Promise.all(
    names.map((name) =>
      build({
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
      }),
    ),
  );
  return names;
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
