/**
 * The deployment plan, built from the code: it matches what the local cloud creates and enforces,
 * it fits the platform's quotas (and a plan that doesn't is refused), and re-running a deploy
 * against an environment that already matches changes nothing.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startLocalCloud } from '../../localcloud';
import { coverCloudPath } from '../../types/course/course.rules';
import { deployLimits } from './limits';
import { buildPlan, storageRuleFor, validatePlan, type DeployPlan, type FunctionPlan } from './plan';
import { diffPlan, type RemoteState } from './diff';
import { weappViolations, type WeappCheck } from './weapp';
import { LOCAL_ONLY } from '../print-db-decl';

jest.setTimeout(60_000);

const limits = deployLimits({});
const plan = buildPlan();

describe('the plan is what the local cloud runs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('same collections with the same indexes (names, fields, uniqueness)', async () => {
    const cloud = await startLocalCloud({ port: 0, data: dir, dev: false, quiet: true, timers: false });
    await cloud.close();
    const db = new Database(join(dir, 'db.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT name, indexes FROM __collections').all() as { name: string; indexes: string }[];
    db.close();
    const local = new Map(rows.filter((r) => !LOCAL_ONLY.has(r.name)).map((r) => [r.name, JSON.parse(r.indexes) as { name: string; keys: unknown; unique?: boolean }[]]));
    expect([...local.keys()].sort()).toEqual(plan.collections.map((c) => c.name).sort());
    for (const c of plan.collections) {
      expect([c.name, local.get(c.name)!.map((i) => [i.name, i.keys, !!i.unique])]).toEqual([c.name, c.indexes.map((i) => [i.name, i.keys, i.unique])]);
    }
  });

  test('every unique index of the plan is enforced by the local cloud', async () => {
    const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: false, quiet: true, timers: false });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sdk = require('wx-server-sdk').createNewInstance({ env: cloud.envId, serviceUrl: cloud.adminUrl });
      const db = sdk.database();
      let checked = 0;
      for (const c of plan.collections) {
        for (const i of c.indexes.filter((x) => x.unique)) {
          const doc: Record<string, unknown> = {};
          for (const k of i.keys) {
            const parts = k.field.split('.');
            let o = doc;
            for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
            o[parts[parts.length - 1]] = `same-${i.name}`;
          }
          await db.collection(c.name).add({ data: { ...doc } });
          await expect(db.collection(c.name).add({ data: { ...doc } })).rejects.toBeTruthy();
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(4);
    } finally {
      await cloud.close();
    }
  });

  test('every function folder is planned, except the dev-only diagnostics', () => {
    expect(plan.skippedFunctions).toContain('echo');
    expect(plan.functions.map((f) => f.name)).toEqual(expect.arrayContaining(['school', 'course', 'attendance', 'credit', 'school-cron']));
    for (const f of plan.functions) expect(f.files).toContain('index.js');
  });
});

describe('quotas', () => {
  test('the real plan fits', () => {
    expect(validatePlan(plan, limits)).toEqual([]);
  });

  const fn = (over: Partial<FunctionPlan> = {}): FunctionPlan => ({
    name: 'f',
    codeBytes: 1000,
    files: ['index.js'],
    timeoutS: 3,
    openapi: [],
    triggers: [],
    envVariables: [],
    dependencies: { 'wx-server-sdk': '4.0.2' },
    ...over,
  });
  const base: DeployPlan = { functions: [fn()], skippedFunctions: [], collections: [], storageRule: storageRuleFor([{ folder: 'x' }]) };
  const index = (n: number) => ({ name: `f${n}_1`, keys: [{ field: `f${n}`, direction: 1 as const }], unique: false });
  test.each<[string, DeployPlan, RegExp]>([
    ['51 functions', { ...base, functions: Array.from({ length: 51 }, (_, i) => fn({ name: `f${i}` })) }, /云函数 51 个，超过环境上限 50/],
    ['101 collections', { ...base, collections: Array.from({ length: 101 }, (_, i) => ({ name: `c${i}`, description: '', indexes: [], rule: { read: false, write: false } })) }, /集合 101 个/],
    ['21 indexes', { ...base, collections: [{ name: 'c', description: '', indexes: Array.from({ length: 21 }, (_, i) => index(i)), rule: { read: false, write: false } }] }, /21 个索引/],
    ['a collection open to clients', { ...base, collections: [{ name: 'c', description: '', indexes: [], rule: { read: true, write: false } }] }, /对客户端开放/],
    ['two timer triggers', { ...base, functions: [fn({ triggers: [{ name: 'a', type: 'timer', config: '0 0 3 * * * *' }, { name: 'b', type: 'timer', config: '0 0 4 * * * *' }] })] }, /2 个定时触发器/],
    ['a 5-field cron', { ...base, functions: [fn({ triggers: [{ name: 'a', type: 'timer', config: '0 3 * * *' }] })] }, /应为 7 段/],
    ['timeout 61 s', { ...base, functions: [fn({ timeoutS: 61 })] }, /超时 61 秒/],
    ['no bundle', { ...base, functions: [fn({ files: [] })] }, /没有打包产物/],
    ['bad env name', { ...base, functions: [fn({ envVariables: ['1BAD-NAME'] })] }, /环境变量名/],
    ['no wx-server-sdk', { ...base, functions: [fn({ dependencies: {} })] }, /未声明 wx-server-sdk/],
  ])('%s is refused', (_n, p, want) => {
    expect(validatePlan(p, limits).join('\n')).toMatch(want);
  });

  const check = (packages: Record<string, number>): WeappCheck => ({ compiledFiles: 10, compiledZipBytes: 1, packages, quality: [], ms: 1 });
  test.each<[string, Record<string, number>, RegExp | null]>([
    ['within limits', { __APP__: 500_000, 'packages/a/': 90_000 }, null],
    ['main over 2 MB', { __APP__: 2 * 1024 * 1024 + 1 }, /主包/],
    ['a subpackage over 2 MB', { __APP__: 1000, 'packages/a/': 3 * 1024 * 1024 }, /分包 packages\/a\//],
    ['nothing measured', {}, /未能测得主包大小/],
  ])('weapp %s', (_n, packages, want) => {
    const v = weappViolations(check(packages), limits).join('\n');
    if (want) expect(v).toMatch(want);
    else expect(v).toBe('');
  });
});

describe('storage rule', () => {
  const regex = () => new RegExp(/\/(\^.*\$)\//.exec(plan.storageRule.write as string)![1]);
  test('clients read nothing directly and write only under the declared folders', () => {
    expect(plan.storageRule.read).toBe(false);
    expect(plan.storageRule.write).toMatch(/^auth != null && /);
    expect(regex().test(coverCloudPath('school-a', 'x.png', 'abc123'))).toBe(true);
    for (const p of ['staff-imports/school-a/x.xlsx', 'course-covers/x.png', 'course-covers/a/../b/x.png', 'other/school-a/x.png']) expect([p, regex().test(p)]).toEqual([p, false]);
  });
});

describe('re-running changes only what differs', () => {
  const env = { COURSE_TPL_ENROLL_RESULT: 't1', COURSE_TPL_CHANGED: 't2', COURSE_TPL_CANCELLED: 't3' };
  const hashes = Object.fromEntries(plan.functions.map((f) => [f.name, `h-${f.name}`]));
  const matching: RemoteState = {
    functions: plan.functions.map((f) => ({
      name: f.name,
      codeHash: hashes[f.name],
      timeoutS: f.timeoutS,
      envVariables: Object.fromEntries(f.envVariables.map((k) => [k, env[k as keyof typeof env]])),
      triggers: f.triggers,
    })),
    collections: plan.collections.map((c) => ({ name: c.name, indexes: ['_id_', ...c.indexes.map((i) => i.name)], acl: 'ADMINONLY' })),
    storageRule: plan.storageRule,
  };

  test('an empty environment: every function, collection, index, ACL, trigger and the storage rule', () => {
    const changes = diffPlan(plan, { functions: [], collections: [], storageRule: null }, env, hashes);
    const count = (k: string) => changes.filter((c) => c.kind === k).length;
    expect(count('function.create')).toBe(plan.functions.length);
    expect(count('function.triggers')).toBe(plan.functions.filter((f) => f.triggers.length).length);
    expect(count('collection.create')).toBe(plan.collections.length);
    expect(count('collection.acl')).toBe(plan.collections.length);
    expect(count('collection.indexes')).toBe(plan.collections.filter((c) => c.indexes.length).length);
    expect(count('storage.rule')).toBe(1);
  });

  test('an environment that matches: nothing', () => {
    expect(diffPlan(plan, matching, env, hashes)).toEqual([]);
  });

  test('one function changed, one env value changed, one index missing, one ACL opened: exactly those', () => {
    const state: RemoteState = JSON.parse(JSON.stringify(matching));
    state.functions.find((f) => f.name === 'school')!.codeHash = 'old';
    state.functions.find((f) => f.name === 'course')!.envVariables.COURSE_TPL_CHANGED = 'old-template';
    const courses = state.collections.find((c) => c.name === 'courses')!;
    courses.indexes = courses.indexes.filter((n) => n !== plan.collections.find((c) => c.name === 'courses')!.indexes[0].name);
    state.collections.find((c) => c.name === 'users')!.acl = 'READONLY';
    const changes = diffPlan(plan, state, env, hashes);
    const got = changes.map((c) => `${c.kind} ${'name' in c ? c.name : ''}`).sort();
    expect(got).toEqual(['collection.acl users', 'collection.indexes courses', 'function.code school', 'function.config course']);
    const idx = changes.find((c) => c.kind === 'collection.indexes');
    expect(idx && 'create' in idx ? [idx.create.length, idx.drop.length] : null).toEqual([1, 0]);
  });
});
