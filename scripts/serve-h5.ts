/**
 * Serves the H5 build (dist/h5) as static files: used by `npm start -- --static`, the e2e harness
 * and the FCP benchmark.
 *   tsx scripts/serve-h5.ts [--port 10086] [--dir dist/h5]
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { existsSync } from 'fs';
import { join, resolve } from 'path';
import { parseArgs } from 'util';
import sirv from 'sirv';

/** dist/h5, or E2E_H5_DIST (a build made with TARO_OUTPUT_ROOT into a folder of one's own). */
export const H5_DIST = process.env.E2E_H5_DIST ? resolve(process.env.E2E_H5_DIST) : resolve(__dirname, '..', 'dist', 'h5');

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveH5(opts: { port?: number; host?: string; dir?: string } = {}): Promise<StaticServer> {
  const dir = resolve(opts.dir ?? H5_DIST);
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`没有找到 H5 构建产物：${dir}/index.html（请先运行 npm run build:h5）`);
  // index.html must never be cached (it names the hashed bundles); the bundles may be cached forever.
  // dev: look files up on each request (a rebuild of dist/h5 while serving must not break the server).
  const assets = sirv(dir, {
    dev: true,
    single: true,
    etag: true,
    gzip: false,
    setHeaders(res, pathname) {
      res.setHeader('cache-control', pathname.endsWith('.html') || pathname === '/' ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
  const notFound = (res: import('http').ServerResponse) => {
    if (res.headersSent) return void res.destroy();
    res.statusCode = 404;
    res.end('not found');
  };
  const server: Server = createServer((req, res) => {
    try {
      assets(req, res, () => notFound(res));
    } catch {
      notFound(res);
    }
  });
  // A file that vanishes between lookup and read (rebuild in progress) errors on the stream, not here.
  server.on('clientError', (_e, socket) => socket.destroy());
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, dir: { type: 'string' } } });
  serveH5({ port: values.port ? Number(values.port) : 10086, host: values.host, dir: values.dir })
    .then((s) => {
      console.log(`H5 已就绪：${s.url}/`);
      const stop = () => void s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
