/** Timer triggers from config.json: by hand (POST /triggers/<fn>/<name>) and on their cron (Asia/Shanghai). */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import { tempFunctions, type TempFunctions } from '../test/helpers/temp-functions';

let cloud: TestCloud;
let fns: TempFunctions;
let ticksFile: string;
beforeAll(async () => {
  fns = tempFunctions();
  mkdirSync(join(fns.dir, 'echo'));
  copyFileSync(resolve(__dirname, '../cloudfunctions/echo/index.js'), join(fns.dir, 'echo', 'index.js'));
  copyFileSync(resolve(__dirname, '../cloudfunctions/echo/config.json'), join(fns.dir, 'echo', 'config.json'));
  const dir = fns.add(
    'ticker',
    `const fs = require('fs');
     exports.main = async (event) => { fs.appendFileSync(__dirname + '/ticks', JSON.stringify(event) + '\\n'); return { got: event.TriggerName }; };`,
    { triggers: [{ name: 'everySecond', type: 'timer', config: '* * * * * * *' }] },
  );
  ticksFile = join(dir, 'ticks');
  fns.add('nightly', `exports.main = async () => ({});`, { triggers: [{ name: 'at2', type: 'timer', config: '0 0 2 * * * *' }] });
  cloud = await startTestCloud({ functionsDir: fns.dir, timers: true });
});
afterAll(async () => {
  await cloud.close();
  fns.remove();
});

test('POST /triggers/<fn>/<name> fires the timer event by hand', async () => {
  const res = await fetch(`${cloud.url}/triggers/echo/tick`, { method: 'POST' });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ok: boolean; data: { source: string; at: string } };
  expect(body.ok).toBe(true);
  expect(body.data.source).toBe('timer');
  expect(Math.abs(Date.parse(body.data.at) - Date.now())).toBeLessThan(5000);
});

test('an undeclared trigger or function → 404 with a clear message', async () => {
  const res = await fetch(`${cloud.url}/triggers/echo/nope`, { method: 'POST' });
  expect(res.status).toBe(404);
  expect(((await res.json()) as { code: string }).code).toBe('TRIGGER_NOT_FOUND');
  const res2 = await fetch(`${cloud.url}/triggers/ghost/tick`, { method: 'POST' });
  expect(res2.status).toBe(404);
});

test('the event is WeChat-shaped: { Type: "Timer", TriggerName, Time }', async () => {
  await fetch(`${cloud.url}/triggers/ticker/everySecond`, { method: 'POST' });
  const events = readFileSync(ticksFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  const e = events.at(-1)!;
  expect(e.Type).toBe('Timer');
  expect(e.TriggerName).toBe('everySecond');
  expect(e.Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
});

test('a declared 7-field cron fires on its own while the cloud runs', async () => {
  const count = () => (existsSync(ticksFile) ? readFileSync(ticksFile, 'utf8').trim().split('\n').length : 0);
  const before = count();
  await new Promise((r) => setTimeout(r, 3200));
  expect(count() - before).toBeGreaterThanOrEqual(2);
});

test('cron is read in Asia/Shanghai: "0 0 2 * * * *" next runs at 18:00 UTC', () => {
  const nightly = cloud.cloud.triggers.list().find((t) => t.fn === 'nightly')!;
  expect(nightly.next).toBeInstanceOf(Date);
  expect(nightly.next!.getUTCHours()).toBe(18);
  expect(nightly.next!.getUTCMinutes()).toBe(0);
});
