/**
 * Test shim (tests and benchmarks of the database engine only): a tiny HTTP server that answers the
 * wx-server-sdk wire protocol with a DbService, and the env the SDK needs to reach it.
 * The real local cloud server lives in localcloud/server*.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DbService } from './types';

export interface DbShim {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startDbShim(svc: DbService): Promise<DbShim> {
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const requestId = `shim-${++seq}`;
      let reply: Record<string, unknown>;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        reply = { ...(await svc.handle(body)), requestId };
      } catch (e) {
        reply = { code: 'INVALID_PARAM', message: String(e), requestId };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/admin`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Set the env from the wire reference; call BEFORE require('wx-server-sdk'). */
export function setSdkEnv(url: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: url });
  process.env.TENCENTCLOUD_SECRETID = process.env.TENCENTCLOUD_SECRETID || 'local-secret-id';
  process.env.TENCENTCLOUD_SECRETKEY = process.env.TENCENTCLOUD_SECRETKEY || 'local-secret-key';
  process.env.TENCENTCLOUD_RUNENV = 'SCF';
  process.env.SCF_NAMESPACE = process.env.SCF_NAMESPACE || 'local-env';
  process.env.TCB_ENV = process.env.TCB_ENV || 'local-env';
  process.env.TENCENTCLOUD_REGION = process.env.TENCENTCLOUD_REGION || 'ap-shanghai';
}
