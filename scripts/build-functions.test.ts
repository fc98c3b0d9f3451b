/**
 * Every cloud function must deploy on its own: its bundle may require only Node's built-in modules
 * and the dependencies its package.json declares (WeChat installs those at upload) — wx-server-sdk,
 * plus, where a function needs it, a package from RUNTIME_DEPENDENCIES below, each with its reason.
 * A bundle that requires anything else would fail on WeChat's cloud.
 */
import { builtinModules } from 'module';
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildFunctions, listFunctions, FUNCTIONS_DIR } from './build-functions';

const builtins = new Set<string>([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Packages a function may declare besides wx-server-sdk, and why bundling them is not an option. */
const RUNTIME_DEPENDENCIES: Record<string, string> = {
  'wx-server-sdk': 'the cloud SDK itself',
  '@cloudbase/node-sdk': 'auth: createTicket for CloudBase custom login; the exact version wx-server-sdk 4.0.2 pins (3.17.2), so it adds nothing to the install',
  '@napi-rs/canvas': 'certificate: draws the certificate image (Skia, a native addon: cannot be bundled; its prebuilt binary is an npm optional package, no download at install)',
  '@fontsource/noto-sans-sc': 'certificate: the CJK font as unicode-range slices (woff2 files read at run time; the renderer loads only the slices the text needs)',
};

function requiredModules(source: string): string[] {
  const found = new Set<string>();
  const re = /\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) found.add(m[1]);
  return [...found];
}

describe('cloud function bundles', () => {
  const names = listFunctions();

  beforeAll(async () => {
    await buildFunctions(names);
  }, 60_000);

  it('finds the functions to check', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  const declared = (name: string) => Object.keys(JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'package.json'), 'utf8')).dependencies ?? {});

  it.each(names)('%s requires only node built-ins and its declared dependencies', (name) => {
    const src = readFileSync(join(FUNCTIONS_DIR, name, 'index.js'), 'utf8');
    const deps = new Set(declared(name));
    const offending = requiredModules(src).filter((m) => !builtins.has(m) && !deps.has(m));
    expect(offending).toEqual([]);
  });

  it.each(names)('%s declares wx-server-sdk and only allowed runtime dependencies', (name) => {
    const pkg = JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'package.json'), 'utf8'));
    expect(declared(name)).toContain('wx-server-sdk');
    expect(declared(name).filter((d) => !(d in RUNTIME_DEPENDENCIES))).toEqual([]);
    expect(pkg.dependencies['wx-server-sdk']).toBe('4.0.2');
    expect(pkg.main).toBe('index.js');
  });

  it.each(names)('%s declares its runtime dependencies at the versions the repository installs and tests', (name) => {
    const pkg = JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'package.json'), 'utf8'));
    for (const dep of declared(name).filter((d) => d !== 'wx-server-sdk' && d !== '@cloudbase/node-sdk')) {
      const installed = JSON.parse(readFileSync(require.resolve(`${dep}/package.json`), 'utf8')).version;
      expect(`${dep}@${pkg.dependencies[dep]}`).toBe(`${dep}@${installed}`);
    }
  });

  it('the checker itself catches a stray require', () => {
    expect(requiredModules('const a = require("lodash"); const b = require("fs");')).toEqual(['lodash', 'fs']);
  });
});
