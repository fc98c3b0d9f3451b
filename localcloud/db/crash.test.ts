/**
 * Crash safety: SIGKILL a process in the middle of a stream of transactions, reopen the same SQLite
 * file: no half-applied transaction (the counter equals its records), the file is intact.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDbService } from './index';
import { Store } from './store';

const CHILD = path.join(__dirname, 'fixtures', 'crash-child.ts');

function runAndKill(file: string, afterCommits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let commits = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      commits += b.toString().split('.').length - 1;
      if (commits >= afterCommits && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(commits) : reject(new Error(`child exited without being killed: ${stderr}`))));
  });
}

test('SIGKILL during a transaction rush leaves no half-applied transaction', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbt-crash-'));
  const file = path.join(dir, 'db.sqlite');
  try {
    let seen = 0;
    for (const after of [150, 400, 777]) {
      seen = await runAndKill(file, after);
      const store = new Store(file);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      store.close();
      const svc = createDbService({ file, collections: [] });
      const counter = svc.readAll('counters')[0] as { n: number };
      const records = svc.readAll('records', 1_000_000) as { seq: number }[];
      expect(records.length).toBe(counter.n);
      expect(new Set(records.map((r) => r.seq)).size).toBe(counter.n);
      expect(counter.n).toBeGreaterThanOrEqual(seen);
      svc.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
