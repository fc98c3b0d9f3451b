/** Run the local cloud CLI as a child process (one node process, no npm/tsx wrapper, so a signal hits the server itself). */
import { spawn, type ChildProcess } from 'child_process';
import { resolve } from 'path';

export const REPO = resolve(__dirname, '..', '..');

export interface CliServer {
  child: ChildProcess;
  url: string;
  output(): string;
}

export function startCliServer(args: string[], timeoutMs = 20_000): Promise<CliServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'localcloud/cli.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, TZ: 'Asia/Shanghai' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local cloud did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /本地云已启动：(http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1], output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code} before it started:\n${out}`));
    });
  });
}

export function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'localcloud/cli.ts', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((r) => child.on('exit', (code) => r({ code, out })));
}
