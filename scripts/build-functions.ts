/**
 * Bundles every cloudfunctions/<fn>/index.ts into a self-contained cloudfunctions/<fn>/index.js
 * (types/ and server/ inlined, wx-server-sdk external), so that each folder deploys on its own.
 *   tsx scripts/build-functions.ts [fn ...]
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'fs';
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
 * Dependencies a function may declare besides wx-server-sdk: kept external in its bundle and
 * installed by WeChat from the function's package.json ("云端安装依赖"). Only for what cannot be
 * bundled: a native addon, or data files read at run time. Each entry says why.
 */
export const EXTRA_DEPENDENCIES: Record<string, Record<string, string>> = {
  certificate: {
    // Skia canvas: draws the certificate image (native addon; prebuilt binaries are npm optional packages).
    '@napi-rs/canvas': 'native addon',
    // Noto Sans SC cut into unicode-range slices (woff2): fonts.ts reads only the slices a certificate uses.
    '@fontsource/noto-sans-sc': 'font files read at run time',
  },
};

/** What a function's bundle leaves to require(): wx-server-sdk and its declared extra dependencies. */
export function externalsOf(name: string): string[] {
  return ['wx-server-sdk', ...Object.keys(EXTRA_DEPENDENCIES[name] ?? {})];
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
