/**
 * Local cloud CLI.
 *   npm run cloud -- [serve] --port 8787 --data .localcloud [--dev] [--functions <dir>] [--no-build] [--quiet]
 *   npm run cloud -- reset  --data <dir>      drop all data (database, storage, outbox, subscriptions)
 *   npm run cloud -- seed   --data <dir>      write the demo data (scripts/seed/index.ts seedDemo)
 *   npm run cloud -- seed   --url <http://127.0.0.1:8787>   … into a running local cloud instead
 *   npm run cloud -- outbox --data <dir> [--json]   open-API calls recorded so far
 */
import { existsSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import { parseArgs } from 'util';
import cloudSdk from 'wx-server-sdk';
import { ensureBaseEnv } from './isolated-env';
import { DB_FILE_NAME, LocalCloudError, REPO_ROOT, lockDataDir, prepareDataDir, startLocalCloud, type LocalCloud } from './index';
import { readOutboxFile } from './outbox';

const USAGE = `用法：
  npm run cloud -- [serve] --port <端口> --data <目录|:memory:> [--dev] [--functions <目录>] [--no-build] [--quiet]
  npm run cloud -- reset  --data <目录>
  npm run cloud -- seed   --data <目录> | --url <本地云地址>
  npm run cloud -- outbox --data <目录> [--json]`;

function fail(msg: string, code = 1): never {
  console.error(msg);
  process.exit(code);
}

interface SeedModule {
  seedDemo?: (db: unknown, ctx?: Record<string, unknown>) => Promise<unknown>;
}

/** scripts/seed/index.ts is written by the school domain; tolerate its absence. */
function loadSeed(): SeedModule['seedDemo'] | undefined {
  const base = join(REPO_ROOT, 'scripts', 'seed', 'index');
  if (!['.ts', '.js'].some((ext) => existsSync(base + ext))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(base) as SeedModule;
  return typeof mod.seedDemo === 'function' ? mod.seedDemo : undefined;
}

async function seed(target: { url: string; adminUrl: string; envId: string }): Promise<void> {
  const seedDemo = loadSeed();
  if (!seedDemo) fail('没有找到演示数据脚本 scripts/seed/index.ts（需导出 seedDemo）：跳过填充。', 2);
  ensureBaseEnv();
  const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({
    env: target.envId,
    serviceUrl: target.adminUrl,
  });
  const started = Date.now();
  const summary = await seedDemo(sdk.database(), { url: target.url, sdk });
  console.log(`演示数据已写入（${Date.now() - started} ms）${summary ? `：${JSON.stringify(summary)}` : ''}`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      dev: { type: 'boolean', default: false },
      functions: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const command = positionals[0] ?? 'serve';
  const data = values.data ?? '.localcloud';

  if (command === 'reset') {
    if (data === ':memory:') fail('内存数据无需重置');
    const dir = prepareDataDir(data);
    const unlock = lockDataDir(dir); // refuses while a local cloud serves this dir
    for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, 'outbox.jsonl', 'subscriptions.json']) rmSync(join(dir, f), { force: true });
    rmSync(join(dir, 'storage'), { recursive: true, force: true });
    unlock();
    console.log(`已清空本地云数据：${dir}`);
    return;
  }

  if (command === 'outbox') {
    const file = join(resolve(data), 'outbox.jsonl');
    const entries = existsSync(file) ? readOutboxFile(file) : [];
    if (values.json) {
      console.log(JSON.stringify(entries, null, 2));
      return;
    }
    if (entries.length === 0) console.log('发件箱为空');
    for (const e of entries) {
      const what = e.api === 'subscribeMessage.send' ? `模板 ${e.templateId} → ${e.touser}` : e.qr ? `二维码 ${e.qr.text}` : '';
      console.log(`#${e.seq} ${e.at} ${e.api} ${e.errcode === 0 ? 'ok' : `errcode ${e.errcode} ${e.errmsg}`} ${what}${e.fromFunction ? ` (来自 ${e.fromFunction})` : ''}`);
    }
    return;
  }

  if (command === 'seed') {
    if (values.url) {
      const url = values.url.replace(/\/+$/, '');
      await seed({ url, adminUrl: `${url}/admin`, envId: 'local-env' });
      return;
    }
    const cloud = await startLocalCloud({ port: 0, data, dev: true, quiet: true, timers: false });
    try {
      await seed(cloud);
    } finally {
      await cloud.close();
    }
    return;
  }

  if (command !== 'serve') fail(`未知的子命令：${command}\n${USAGE}`);

  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口无效：${values.port}`);
  const functionsDir = values.functions ? resolve(values.functions) : undefined;
  if (!values['no-build'] && !functionsDir) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { buildFunctions } = require('../scripts/build-functions') as { buildFunctions: () => Promise<string[]> };
      const names = await buildFunctions();
      if (!values.quiet) console.error(`[localcloud] 已打包 ${names.length} 个云函数`);
    } catch (e) {
      console.error(`[localcloud] 云函数打包失败，继续使用已有的打包结果：${(e as Error).message}`);
    }
  }
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({ port, host: values.host, data, dev: values.dev, functionsDir, quiet: values.quiet });
  } catch (e) {
    if (e instanceof LocalCloudError) fail(e.message, 2);
    throw e;
  }
  console.log(`本地云已启动：${cloud.url}（数据：${data === ':memory:' ? '内存' : resolve(data)}${values.dev ? '，开发模式' : ''}）`);
  console.log(`SDK 入口 ${cloud.adminUrl}；云函数：${cloud.runner.list().join(', ') || '（无）'}`);
  // A function's stray promise or callback must not take the whole cloud down (WeChat isolates
  // instances; here they share the process): log it and keep serving.
  process.on('unhandledRejection', (e) => console.error(`[localcloud] 云函数中未处理的 Promise 拒绝：${e instanceof Error ? e.message : String(e)}`));
  process.on('uncaughtException', (e) => console.error(`[localcloud] 云函数中未捕获的异常：${e.message}`));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!values.quiet) console.error(`[localcloud] ${signal}：正在关闭`);
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof LocalCloudError) fail(e.message, 2);
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
