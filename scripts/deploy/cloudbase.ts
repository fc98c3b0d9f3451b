/**
 * The network side of a real deployment, kept apart from the plan and the diff (which run offline
 * in every CI run). Reads the environment's state and applies changes with the two kept tools
 * WeChat and Tencent Cloud provide: miniprogram-ci (uploading functions and their timer triggers,
 * uploading the mini-program) and @cloudbase/manager-node (collections, indexes, database ACLs,
 * storage rule, function configuration). Needs TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY
 * (a CAM key of the account that owns the environment) and the mini-program's upload key.
 */
import { join } from 'path';
import type { Change, RemoteState } from './diff';
import type { DeployPlan } from './plan';
import { FUNCTIONS_DIR } from './plan';
import { ciProject } from './weapp';

export interface Secrets {
  envId: string;
  appid: string;
  secretId: string;
  secretKey: string;
  /** Contents of the mini-program code upload key (private.<appid>.key). */
  uploadKey: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function manager(s: Secrets): Any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node');
  const Ctor = CloudBase.default ?? CloudBase;
  return new Ctor({ secretId: s.secretId, secretKey: s.secretKey, envId: s.envId });
}

const HASH_PREFIX = 'parent-school code ';

export async function readState(plan: DeployPlan, s: Secrets): Promise<RemoteState> {
  const app = manager(s);
  const functions: RemoteState['functions'] = [];
  for (const f of plan.functions) {
    let d: Any;
    try {
      d = await app.functions.getFunctionDetail(f.name);
    } catch (e) {
      if (/not ?found|不存在|ResourceNotFound/i.test(String((e as Error).message))) continue;
      throw e;
    }
    const vars: Record<string, string> = {};
    for (const v of d?.Environment?.Variables ?? []) vars[v.Key] = String(v.Value);
    const desc = String(d?.Description ?? '');
    functions.push({
      name: f.name,
      codeHash: desc.startsWith(HASH_PREFIX) ? desc.slice(HASH_PREFIX.length) : '',
      timeoutS: Number(d?.Timeout ?? 3),
      envVariables: vars,
      triggers: (d?.Triggers ?? []).map((t: Any) => ({ name: t.TriggerName, type: 'timer', config: String(t.TriggerDesc ?? '') })),
    });
  }
  const collections: RemoteState['collections'] = [];
  for (const c of plan.collections) {
    const exists = await app.database.checkCollectionExists(c.name);
    if (!exists?.Exists) continue;
    const info = await app.database.describeCollection(c.name);
    const acl = await app.commonService('tcb').call({ Action: 'DescribeDatabaseACL', Param: { CollectionName: c.name, EnvId: s.envId } });
    collections.push({ name: c.name, indexes: (info?.Indexes ?? []).map((i: Any) => i.Name), acl: String(acl?.AclTag ?? '') });
  }
  const storage = await app.storage.getStorageAcl({ withRule: true });
  return { functions, collections, storageRule: storage?.acl === 'CUSTOM' ? storage.rule ?? null : null };
}

export async function applyChanges(plan: DeployPlan, changes: Change[], env: Record<string, string>, hashes: Record<string, string>, s: Secrets, log: (line: string) => void): Promise<void> {
  const app = manager(s);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci');
  const project = ciProject(s.appid, s.uploadKey);
  const byName = new Map(plan.functions.map((f) => [f.name, f]));
  const configOf = (name: string) => {
    const f = byName.get(name)!;
    return {
      name,
      timeout: f.timeoutS,
      envVariables: Object.fromEntries(f.envVariables.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])),
      description: `${HASH_PREFIX}${hashes[name]}`,
    };
  };
  for (const c of changes) {
    log(`→ ${c.kind} ${'name' in c ? c.name : ''}：${c.why}`);
    switch (c.kind) {
      case 'function.create':
      case 'function.code':
        await ci.cloud.uploadFunction({ project, env: s.envId, name: c.name, path: join(FUNCTIONS_DIR, c.name), remoteNpmInstall: true });
        await app.functions.updateFunctionConfig(configOf(c.name));
        break;
      case 'function.config':
        await app.functions.updateFunctionConfig(configOf(c.name));
        break;
      case 'function.triggers':
        await ci.cloud.createTimeTrigger({ project, envId: s.envId, functionName: c.name, triggersConfig: c.triggers });
        break;
      case 'collection.create':
        await app.database.createCollectionIfNotExists(c.name);
        break;
      case 'collection.indexes':
        await app.database.updateCollection(c.name, {
          CreateIndexes: c.create.map((i) => ({
            IndexName: i.name,
            MgoKeySchema: { MgoIsUnique: i.unique, MgoIndexKeys: i.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })) },
          })),
          DropIndexes: c.drop.map((IndexName) => ({ IndexName })),
        });
        break;
      case 'collection.acl':
        await app.commonService('tcb').call({ Action: 'ModifyDatabaseACL', Param: { CollectionName: c.name, EnvId: s.envId, AclTag: 'ADMINONLY' } });
        break;
      case 'storage.rule':
        await app.storage.setStorageAcl('CUSTOM', plan.storageRule);
        break;
    }
  }
}

export async function uploadWeapp(s: Secrets, version: string, desc: string): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci');
  return ci.upload({ project: ciProject(s.appid, s.uploadKey), version, desc, setting: { es6: true, minify: true }, onProgressUpdate: () => undefined });
}
