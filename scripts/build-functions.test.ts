/**
 * Every cloud function must deploy on its own: its bundle may require only wx-server-sdk and
 * Node's built-in modules. A bundle that requires anything else would fail on WeChat's cloud.
 */
import { builtinModules } from 'module';
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildFunctions, listFunctions, FUNCTIONS_DIR } from './build-functions';

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

  it.each(names)('%s requires only wx-server-sdk and node built-ins', (name) => {
    const src = readFileSync(join(FUNCTIONS_DIR, name, 'index.js'), 'utf8');
    const offending = requiredModules(src).filter((m) => !allowed.has(m));
    expect(offending).toEqual([]);
  });

  it.each(names)('%s declares only wx-server-sdk in its package.json', (name) => {
    const pkg = JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['wx-server-sdk']);
    expect(pkg.main).toBe('index.js');
  });

  it('the checker itself catches a stray require', () => {
    expect(requiredModules('const a = require("lodash"); const b = require("fs");')).toEqual(['lodash', 'fs']);
  });
});
