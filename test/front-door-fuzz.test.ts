/**
 * Fuzz through the front door: every action of every function (found from the functions'
 * routes tables, so a new function or action is fuzzed without editing this file) gets hostile
 * inputs as a parent, a teacher and an admin: deep nesting, long arrays and strings, forged
 * cursors, control characters, wrong types, prototype keys, absurd numbers. Whatever the input,
 * the answer is a small, well-formed refusal (or a normal result) — never INTERNAL, never an
 * HTTP 5xx, never a big reply, never slow. The cases the outside probe found (issue 16) are here.
 */
import { readdirSync, existsSync } from 'fs';
import { join } from 'path';
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo } from '../scripts/seed';
import { CASES, loadIds, type Ids, type Role } from './helpers/route-cases';

jest.setTimeout(300_000);

const FUNCTIONS_DIR = join(__dirname, '..', 'cloudfunctions');
/** School A's parent, head teacher and admin: the valid case inputs name their own school's records. */
const USERS: [string, Role][] = [
  ['demo-parent-001', 'parent'],
  ['demo-teacher-001', 'head'],
  ['demo-admin-001', 'admin'],
];

function actionsOf(fn: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(FUNCTIONS_DIR, fn, 'index')) as { routes?: Record<string, unknown> };
  return Object.keys(mod.routes ?? {});
}

const FUNCTIONS = readdirSync(FUNCTIONS_DIR)
  .filter((fn) => existsSync(join(FUNCTIONS_DIR, fn, 'index.ts')) && fn !== 'echo')
  .map((fn) => ({ fn, actions: actionsOf(fn) }))
  .filter((f) => f.actions.length > 0);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const nest = (n: number) => Array.from({ length: n }).reduce<unknown>((v) => [v], 1);

/** Hostile inputs; each is the `input` of a call (strings here are raw JSON bodies). */
const HOSTILE: [string, () => unknown][] = [
  ['nested 40 deep', () => ({ a: nest(40) })],
  ['array of 5,000', () => ({ familyIds: Array.from({ length: 5000 }, () => 'x'), ids: Array.from({ length: 5000 }, () => 'x') })],
  ['string of 30,000', () => ({ title: 'x'.repeat(30000), q: 'x'.repeat(30000) })],
  ['forged cursor', () => ({ cursor: b64({ t: 1e20, i: 'x' }), schoolId: 'school-a', childId: 'x', pageSize: 20 })],
  ['NUL and escapes', () => ({ q: 'a\u0000b', title: '\u001b[2J', schoolId: '\u0000', childId: 'a\u0000' })],
  ['wrong types', () => ({ schoolId: 5, childId: [], courseId: {}, pageSize: 'x', when: 7 })],
  ['prototype keys', () => JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"schoolId":"school-a"}')],
  ['absurd numbers', () => ({ pageSize: 1e308, capacity: -1e308, order: Number.MAX_SAFE_INTEGER * 4, minutes: -0 })],
  ['operator injection', () => ({ schoolId: { $ne: null }, childId: { $gt: '' }, courseId: { $regex: '.*' } })],
  ['input is a string', () => 'x'],
  ['input is null', () => null],
];

/** Hostile values put in place of one field of a valid input, so the call gets past the id checks. */
const FIELD_VALUES: [string, () => unknown][] = [
  ['NUL', () => 'a\u0000b'],
  ['escape', () => '\u001b[2J'],
  ['forged cursor', () => b64({ t: 1e20, i: 'x' })],
  ['empty-id cursor', () => b64({ t: 0, i: '' })],
  ['30,000 characters', () => 'x'.repeat(30000)],
  ['nested 40 deep', () => nest(40)],
  ['array of 5,000', () => Array.from({ length: 5000 }, () => 'x')],
  ['1e308', () => 1e308],
  ['-1', () => -1],
  ['operator', () => ({ $ne: null })],
  ['null', () => null],
];

let cloud: TestCloud;
let tokens: Record<string, string>;
let ids: Ids;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  ids = await loadIds(cloud);
  tokens = Object.fromEntries(USERS.map(([u]) => [u, cloud.cloud.devToken(u)]));
});

/** Inputs for one action as one role: whole hostile inputs, and the valid case input with each field (and a cursor / q) replaced. */
function inputsFor(fn: string, action: string, role: Role): [string, unknown][] {
  const out: [string, unknown][] = HOSTILE.map(([name, make]) => [name, make()]);
  const c = CASES[fn]?.[action];
  if (!c || 'self' in c) return out;
  const valid = c.input(ids, role);
  if (!valid || typeof valid !== 'object' || Array.isArray(valid)) return out;
  const fields = [...new Set([...Object.keys(valid as object), 'cursor', 'q'])];
  for (const field of fields) {
    for (const [name, make] of FIELD_VALUES) out.push([`${field} = ${name}`, { ...(valid as object), [field]: make() }]);
  }
  return out;
}

afterAll(async () => {
  await cloud?.close();
});

interface Finding {
  where: string;
  problem: string;
}

async function probe(fn: string, action: string, user: string, name: string, input: unknown, findings: Finding[]): Promise<void> {
  const t0 = Date.now();
  const res = await fetch(`${cloud.url}/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[user]}` },
    body: JSON.stringify({ action, input }),
  });
  const text = await res.text();
  const ms = Date.now() - t0;
  const where = `${fn}.${action} as ${user}: ${name}`;
  if (res.status >= 500) findings.push({ where, problem: `HTTP ${res.status} ${text.slice(0, 120)}` });
  if (text.length > 16 * 1024) findings.push({ where, problem: `reply of ${text.length} bytes` });
  // A stall, not a slow machine: the probe saw 6 s for one huge call.
  if (ms > 8000) findings.push({ where, problem: `took ${ms} ms` });
  let body: { ok?: boolean; error?: { code?: string; message?: string } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    findings.push({ where, problem: `not JSON: ${text.slice(0, 80)}` });
    return;
  }
  if (body.ok === false && body.error?.code === 'INTERNAL') findings.push({ where, problem: 'INTERNAL' });
  if (body.ok === false && !/[\u4e00-\u9fa5]/.test(body.error?.message ?? '')) findings.push({ where, problem: `message not Chinese: ${body.error?.message}` });
}

test('there are functions and actions to fuzz', () => {
  expect(FUNCTIONS.length).toBeGreaterThanOrEqual(4);
  expect(FUNCTIONS.reduce((n, f) => n + f.actions.length, 0)).toBeGreaterThanOrEqual(50);
});

test.each(FUNCTIONS.map((f) => [f.fn, f.actions] as const))('%s: every action survives hostile input', async (fn, actions) => {
  const findings: Finding[] = [];
  for (const action of actions) {
    for (const [user, role] of USERS) {
      const inputs = inputsFor(fn, action, role);
      // A few at a time: the point is each answer, not load.
      for (let i = 0; i < inputs.length; i += 8) {
        await Promise.all(inputs.slice(i, i + 8).map(([name, input]) => probe(fn, action, user, name, input, findings)));
      }
    }
  }
  expect(findings).toEqual([]);
});

const TIMERS = readdirSync(FUNCTIONS_DIR)
  .filter((fn) => existsSync(join(FUNCTIONS_DIR, fn, 'config.json')) && fn !== 'echo')
  .flatMap((fn) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(FUNCTIONS_DIR, fn, 'config.json')) as { triggers?: { name: string }[] };
    return (config.triggers ?? []).map((t) => [fn, t.name] as const);
  });

test('there are timer jobs to forge', () => {
  expect(TIMERS.length).toBeGreaterThanOrEqual(1);
});

test.each(TIMERS)('%s/%s: a timer-shaped body from a client runs nothing (signed in or not)', async (fn, trigger) => {
  for (const auth of [undefined, tokens[USERS[0][0]], tokens[USERS[2][0]]]) {
    const res = await fetch(`${cloud.url}/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify({ Type: 'Timer', TriggerName: trigger, Time: new Date().toISOString() }),
    });
    const body = (await res.json()) as { ok: boolean; error?: { code: string } };
    expect([fn, trigger, body.ok, body.error?.code]).toEqual([fn, trigger, false, 'FORBIDDEN']);
  }
});

test('the probe’s exact bodies: deep array, huge familyIds, forged cursors', async () => {
  const deep = `{"action":"list","input":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  const r1 = await fetch(`${cloud.url}/functions/course`, { method: 'POST', headers: { authorization: `Bearer ${tokens[USERS[0][0]]}` }, body: deep });
  expect(r1.status).toBe(400);
  const huge = JSON.stringify({ action: 'checkIn', input: { code: 'x', familyIds: Array.from({ length: 1_000_000 }, () => 'x') } });
  const t0 = Date.now();
  const r2 = await fetch(`${cloud.url}/functions/attendance`, { method: 'POST', headers: { authorization: `Bearer ${tokens[USERS[0][0]]}` }, body: huge });
  expect(r2.status).toBe(413);
  expect(Date.now() - t0).toBeLessThan(5000);
  expect((await r2.text()).length).toBeLessThan(1000);
});
