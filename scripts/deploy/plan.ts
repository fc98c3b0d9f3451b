/**
 * The deployment plan: everything `npm run deploy` puts into a school's 云开发 environment, built
 * from the code alone (no network, no secrets) — the functions with their bundle sizes,
 * permissions, timeouts, timer triggers and environment variable names; every collection with its
 * indexes and security rule (from server/db/collections, the same declaration the local cloud
 * creates); the storage rule; and the limits it must fit in. `validatePlan` lists every violation.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join, relative } from 'path';
import { COLLECTIONS } from '../../server/db/collections';
import type { CollectionDecl, SecurityRule } from '../../server/db/collection-decl';
import { CLIENT_UPLOAD_FOLDERS } from '../../types/common/storage-folders';
import { LOCAL_ONLY } from '../print-db-decl';
import type { DeployLimits } from './limits';

export const ROOT = join(__dirname, '..', '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** WeChat cron: seconds minutes hours day month weekday year, in UTC+8. */
  config: string;
}

export interface FunctionPlan {
  name: string;
  /** Bytes of what is uploaded: the folder minus sources, tests and maps. */
  codeBytes: number;
  files: string[];
  timeoutS: number;
  openapi: string[];
  triggers: TimerTrigger[];
  /** Names of the environment variables the function reads (values come from the deployer's env). */
  envVariables: string[];
  dependencies: Record<string, string>;
}

export interface CollectionPlan {
  name: string;
  description: string;
  indexes: { name: string; keys: { field: string; direction: 1 | -1 }[]; unique: boolean }[];
  /** The database security rule: every collection is closed to clients (all access via functions). */
  rule: { read: boolean | string; write: boolean | string };
}

export interface DeployPlan {
  functions: FunctionPlan[];
  /** Functions of the repository that are never deployed (config.json "devOnly"). */
  skippedFunctions: string[];
  collections: CollectionPlan[];
  storageRule: { read: boolean | string; write: boolean | string };
}

interface FunctionConfigJson {
  timeout?: number;
  devOnly?: boolean;
  permissions?: { openapi?: string[] };
  triggers?: { name: string; type: string; config: string }[];
  envVariables?: string[];
}

/** Files that are part of a function's upload (the bundle and its declarations). */
function uploadFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'node_modules') walk(p);
        continue;
      }
      if (/\.(ts|tsx|map)$/.test(name) || name.includes('.test.')) continue;
      out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const RULES: Record<SecurityRule, CollectionPlan['rule']> = {
  // 仅管理端可读写: clients neither read nor write; cloud functions (admin) do everything.
  ADMINONLY: { read: false, write: false },
  ADMINWRITE: { read: true, write: false },
  READONLY: { read: true, write: false },
  PRIVATE: { read: 'doc._openid == auth.openid', write: 'doc._openid == auth.openid' },
};

/** Signed-in clients may upload only under the declared folders, followed by a school id. */
export function storageRuleFor(folders: readonly { folder: string }[]): DeployPlan['storageRule'] {
  const alternatives = folders.map((f) => f.folder.replace(/[^A-Za-z0-9_-]/g, '')).join('|');
  return {
    // Files reach clients only as temporary URLs that functions hand out after their own checks.
    read: false,
    write: `auth != null && /^(${alternatives})\\/[A-Za-z0-9_-]+\\/[A-Za-z0-9_.-]+$/.test(resource.path) == true`,
  };
}

export function collectionPlan(c: CollectionDecl): CollectionPlan {
  return {
    name: c.name,
    description: c.description,
    indexes: c.indexes.map((i) => ({ name: i.name, keys: i.keys, unique: !!i.unique })),
    rule: RULES[c.rule ?? 'ADMINONLY'],
  };
}

export function buildPlan(opts: { functionsDir?: string; collections?: CollectionDecl[] } = {}): DeployPlan {
  const dir = opts.functionsDir ?? FUNCTIONS_DIR;
  const functions: FunctionPlan[] = [];
  const skippedFunctions: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const fdir = join(dir, name);
    if (!statSync(fdir).isDirectory() || !existsSync(join(fdir, 'index.ts'))) continue;
    const configFile = join(fdir, 'config.json');
    const config: FunctionConfigJson = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : {};
    if (config.devOnly) {
      skippedFunctions.push(name);
      continue;
    }
    const files = existsSync(join(fdir, 'index.js')) ? uploadFiles(fdir) : [];
    const pkgFile = join(fdir, 'package.json');
    const pkg = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string> }) : {};
    functions.push({
      name,
      codeBytes: files.reduce((n, f) => n + statSync(join(fdir, f)).size, 0),
      files,
      timeoutS: config.timeout ?? 3,
      openapi: config.permissions?.openapi ?? [],
      triggers: (config.triggers ?? []).map((t) => ({ name: t.name, type: 'timer' as const, config: t.config })),
      envVariables: [...new Set(config.envVariables ?? [])].sort(),
      dependencies: pkg.dependencies ?? {},
    });
  }
  return {
    functions,
    skippedFunctions,
    // The local cloud's own collections (dev sign-in list, engine self-tests) are never deployed.
    collections: (opts.collections ?? COLLECTIONS).filter((c) => !LOCAL_ONLY.has(c.name)).map(collectionPlan),
    storageRule: storageRuleFor(CLIENT_UPLOAD_FOLDERS),
  };
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const ENV_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** WeChat cron: 7 fields (seconds … year). */
const CRON_RE = /^(\S+\s+){6}\S+$/;

/** Every way the plan breaks the platform's limits or its own rules; [] when it fits. */
export function validatePlan(plan: DeployPlan, limits: DeployLimits): string[] {
  const v: string[] = [];
  if (plan.functions.length > limits.maxFunctions) v.push(`云函数 ${plan.functions.length} 个，超过环境上限 ${limits.maxFunctions} 个`);
  if (plan.collections.length > limits.maxCollections) v.push(`集合 ${plan.collections.length} 个，超过环境上限 ${limits.maxCollections} 个`);
  const seen = new Set<string>();
  for (const c of plan.collections) {
    if (seen.has(c.name)) v.push(`集合 ${c.name} 重复声明`);
    seen.add(c.name);
    if (c.indexes.length > limits.maxIndexesPerCollection) v.push(`集合 ${c.name} 有 ${c.indexes.length} 个索引，超过单集合上限 ${limits.maxIndexesPerCollection} 个`);
    const names = new Set<string>();
    for (const i of c.indexes) {
      if (names.has(i.name)) v.push(`集合 ${c.name} 的索引 ${i.name} 重复`);
      names.add(i.name);
    }
    if (c.rule.read !== false || c.rule.write !== false) v.push(`集合 ${c.name} 对客户端开放（所有访问须经云函数）`);
  }
  for (const f of plan.functions) {
    if (!NAME_RE.test(f.name)) v.push(`云函数名 ${f.name} 不合法`);
    if (f.files.length === 0) v.push(`云函数 ${f.name} 没有打包产物 index.js（先运行 npm run build:functions）`);
    if (f.codeBytes > limits.maxFunctionCodeBytes) v.push(`云函数 ${f.name} 代码 ${f.codeBytes} 字节，超过上限`);
    if (!(f.timeoutS >= 1 && f.timeoutS <= limits.maxFunctionTimeoutS)) v.push(`云函数 ${f.name} 超时 ${f.timeoutS} 秒，应在 1–${limits.maxFunctionTimeoutS} 秒之间`);
    if (f.triggers.length > limits.maxTimerTriggersPerFunction) v.push(`云函数 ${f.name} 有 ${f.triggers.length} 个定时触发器，每个云函数最多 ${limits.maxTimerTriggersPerFunction} 个`);
    for (const t of f.triggers) if (!CRON_RE.test(t.config.trim())) v.push(`云函数 ${f.name} 的触发器 ${t.name} 的 cron「${t.config}」应为 7 段`);
    for (const e of f.envVariables) if (!ENV_RE.test(e)) v.push(`云函数 ${f.name} 的环境变量名 ${e} 不合法`);
    if (f.dependencies['wx-server-sdk'] === undefined) v.push(`云函数 ${f.name} 的 package.json 未声明 wx-server-sdk`);
  }
  return v;
}

/** Every environment variable name the plan writes, with the functions that read it. */
export function envVariablesOf(plan: DeployPlan): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of plan.functions) for (const e of f.envVariables) m.set(e, [...(m.get(e) ?? []), f.name]);
  return new Map([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
