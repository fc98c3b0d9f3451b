/**
 * Every cloud function must deploy on its own: its bundle may require only wx-server-sdk,
 * Node's built-in modules and the extra dependencies build-functions.ts allows it (a native addon,
 * font files), which its package.json must then declare so that WeChat installs them.
 * A bundle that requires anything else would fail on WeChat's cloud.
 */
import { builtinModules } from 'module';
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildFunctions, listFunctions, FUNCTIONS_DIR, EXTRA_DEPENDENCIES, externalsOf } from './build-functions';

const allowed = new Set<string>(['wx-server-sdk', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

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

  it.each(names)('%s requires only wx-server-sdk, node built-ins and its allowed extra dependencies', (name) => {
    const src = readFileSync(join(FUNCTIONS_DIR, name, 'index.js'), 'utf8');
    const mine = new Set(externalsOf(name));
    const offending = requiredModules(src).filter((m) => !allowed.has(m) && !mine.has(m));
    expect(offending).toEqual([]);
  });

  it.each(names)('%s declares exactly wx-server-sdk and its allowed extra dependencies in its package.json, at the root versions', (name) => {
    const pkg = JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(externalsOf(name).sort());
    expect(pkg.main).toBe('index.js');
    for (const dep of Object.keys(EXTRA_DEPENDENCIES[name] ?? {})) {
      const installed = JSON.parse(readFileSync(require.resolve(`${dep}/package.json`), 'utf8')).version;
      expect(`${dep}@${pkg.dependencies[dep]}`).toBe(`${dep}@${installed}`);
    }
  });

  it('the checker itself catches a stray require', () => {
    expect(requiredModules('const a = require("lodash"); const b = require("fs");')).toEqual(['lodash', 'fs']);
  });
});
