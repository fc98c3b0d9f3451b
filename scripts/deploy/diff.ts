/**
 * What a deployment changes: the plan against the environment's current state (read by
 * scripts/deploy/cloudbase.ts). Pure, so that "re-running changes only what differs and says what
 * it changed" is tested without a network. Function code is compared by a hash of its files.
 */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { CollectionPlan, DeployPlan, FunctionPlan, TimerTrigger } from './plan';

export interface RemoteFunction {
  name: string;
  /** The code hash we wrote into the function's description at the last deploy ('' if unknown). */
  codeHash: string;
  timeoutS: number;
  envVariables: Record<string, string>;
  triggers: TimerTrigger[];
}

export interface RemoteCollection {
  name: string;
  indexes: string[];
  acl: string;
}

export interface RemoteState {
  functions: RemoteFunction[];
  collections: RemoteCollection[];
  storageRule: { read: boolean | string; write: boolean | string } | null;
}

export type Change =
  | { kind: 'function.create' | 'function.code'; name: string; why: string }
  | { kind: 'function.config'; name: string; why: string }
  | { kind: 'function.triggers'; name: string; triggers: TimerTrigger[]; why: string }
  | { kind: 'collection.create'; name: string; why: string }
  | { kind: 'collection.indexes'; name: string; create: CollectionPlan['indexes']; drop: string[]; why: string }
  | { kind: 'collection.acl'; name: string; why: string }
  | { kind: 'storage.rule'; why: string };

export function codeHashOf(f: FunctionPlan, functionsDir: string): string {
  const h = createHash('sha256');
  for (const file of f.files) h.update(file).update('\0').update(readFileSync(join(functionsDir, f.name, file))).update('\0');
  return h.digest('hex').slice(0, 16);
}

const sameTriggers = (a: TimerTrigger[], b: TimerTrigger[]) =>
  JSON.stringify(a.map((t) => [t.name, t.config.trim()]).sort()) === JSON.stringify(b.map((t) => [t.name, t.config.trim()]).sort());

/**
 * The changes that bring `state` to `plan`. `env` holds the values of the functions' environment
 * variables (from the deployer's environment); `hashes` the code hash of each planned function.
 * Nothing is ever deleted: collections and functions the plan does not name are left alone.
 */
export function diffPlan(plan: DeployPlan, state: RemoteState, env: Record<string, string>, hashes: Record<string, string>): Change[] {
  const out: Change[] = [];
  const fns = new Map(state.functions.map((f) => [f.name, f]));
  for (const f of plan.functions) {
    const remote = fns.get(f.name);
    if (!remote) {
      out.push({ kind: 'function.create', name: f.name, why: '新建云函数' });
      if (f.triggers.length) out.push({ kind: 'function.triggers', name: f.name, triggers: f.triggers, why: `创建定时触发器 ${f.triggers.map((t) => t.name).join('、')}` });
      continue;
    }
    if (remote.codeHash !== hashes[f.name]) out.push({ kind: 'function.code', name: f.name, why: `代码已变（${remote.codeHash || '未知'} → ${hashes[f.name]}）` });
    const wantEnv = Object.fromEntries(f.envVariables.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
    const envDiffers = Object.entries(wantEnv).some(([k, v]) => remote.envVariables[k] !== v);
    const why: string[] = [];
    if (remote.timeoutS !== f.timeoutS) why.push(`超时 ${remote.timeoutS} → ${f.timeoutS} 秒`);
    if (envDiffers) why.push(`环境变量 ${Object.keys(wantEnv).filter((k) => remote.envVariables[k] !== wantEnv[k]).join('、')}`);
    if (why.length) out.push({ kind: 'function.config', name: f.name, why: why.join('；') });
    if (!sameTriggers(remote.triggers, f.triggers)) out.push({ kind: 'function.triggers', name: f.name, triggers: f.triggers, why: '定时触发器与配置不同' });
  }
  const colls = new Map(state.collections.map((c) => [c.name, c]));
  for (const c of plan.collections) {
    const remote = colls.get(c.name);
    if (!remote) {
      out.push({ kind: 'collection.create', name: c.name, why: '新建集合' });
      if (c.indexes.length) out.push({ kind: 'collection.indexes', name: c.name, create: c.indexes, drop: [], why: `创建 ${c.indexes.length} 个索引` });
      out.push({ kind: 'collection.acl', name: c.name, why: '设为仅云函数可读写' });
      continue;
    }
    const have = new Set(remote.indexes);
    const want = new Set(c.indexes.map((i) => i.name));
    const create = c.indexes.filter((i) => !have.has(i.name));
    // Only indexes this project named before are ours to drop; '_id_' and others stay.
    const drop = remote.indexes.filter((n) => !want.has(n) && n !== '_id_' && /^[A-Za-z0-9_.]+_-?1(_|$)/.test(n));
    if (create.length || drop.length) {
      out.push({ kind: 'collection.indexes', name: c.name, create, drop, why: [create.length ? `新增索引 ${create.map((i) => i.name).join('、')}` : '', drop.length ? `删除索引 ${drop.join('、')}` : ''].filter(Boolean).join('；') });
    }
    if (remote.acl !== 'ADMINONLY') out.push({ kind: 'collection.acl', name: c.name, why: `权限 ${remote.acl || '未知'} → 仅云函数可读写` });
  }
  if (!state.storageRule || JSON.stringify(state.storageRule) !== JSON.stringify(plan.storageRule)) {
    out.push({ kind: 'storage.rule', why: state.storageRule ? '云存储安全规则与计划不同' : '设置云存储安全规则' });
  }
  return out;
}
