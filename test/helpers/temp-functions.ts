/**
 * Throw-away cloud functions for the local cloud's own tests (hangs, throws, timer probes).
 * They live under node_modules/.cache so that `require('wx-server-sdk')` in them resolves.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

export interface TempFunctions {
  dir: string;
  add(name: string, source: string, config?: Record<string, unknown>): string;
  remove(): void;
}

export function tempFunctions(): TempFunctions {
  const base = resolve(__dirname, '..', '..', 'node_modules', '.cache');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'localcloud-fns-'));
  return {
    dir,
    add(name, source, config) {
      const fnDir = join(dir, name);
      mkdirSync(fnDir, { recursive: true });
      writeFileSync(join(fnDir, 'index.js'), source);
      if (config) writeFileSync(join(fnDir, 'config.json'), JSON.stringify(config));
      return fnDir;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
