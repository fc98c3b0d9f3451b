/** Open APIs through the real SDK: subscribe messages (field rules, one send per acceptance) and QR codes. */
import jsQR from 'jsqr';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import { tempFunctions, type TempFunctions } from '../test/helpers/temp-functions';
import { runCli } from '../test/helpers/cli-process';
import { checkTemplateData } from './openapi';

// pngjs ships no typings
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };

let cloud: TestCloud;
let fns: TempFunctions;
beforeAll(async () => {
  fns = tempFunctions();
  mkdirSync(join(fns.dir, 'echo'));
  copyFileSync(resolve(__dirname, '../cloudfunctions/echo/index.js'), join(fns.dir, 'echo', 'index.js'));
  copyFileSync(resolve(__dirname, '../cloudfunctions/echo/config.json'), join(fns.dir, 'echo', 'config.json'));
  // a function whose config.json lacks the openapi permission
  fns.add(
    'nopermission',
    `const cloud = require('wx-server-sdk'); cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
     exports.main = async () => { try { await cloud.openapi.subscribeMessage.send({ touser: 'u', templateId: 'T', data: {} }); return { errCode: 0 }; } catch (e) { return { errCode: e.errCode, errMsg: e.errMsg }; } };`,
  );
  cloud = await startTestCloud({ functionsDir: fns.dir });
});
afterAll(async () => {
  await cloud.close();
  fns.remove();
});

const notify = (openid: string, templateId: string, data: Record<string, { value: string }>) =>
  cloud.call<{ errCode: number }>('echo', openid, 'notify', { templateId, data, page: 'pages/index/index' });

async function login(openid: string): Promise<string> {
  const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid }) });
  return ((await res.json()) as { token: string }).token;
}

test('43101 without an acceptance; one acceptance (via POST /dev/subscribe) = exactly one send', async () => {
  const data = { thing1: { value: '家庭教育讲座' }, time2: { value: '2026年3月1日 19:30' } };
  expect(await notify('parent-a', 'TPL_COURSE', data)).toMatchObject({ ok: true, data: { errCode: 43101 } });

  const token = await login('parent-a');
  const res = await fetch(`${cloud.url}/dev/subscribe`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ templateIds: ['TPL_COURSE'] }) });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { accepted: Record<string, number> }).accepted).toEqual({ TPL_COURSE: 1 });

  // another user's acceptance does not count for parent-b
  expect(await notify('parent-b', 'TPL_COURSE', data)).toMatchObject({ data: { errCode: 43101 } });
  expect(await notify('parent-a', 'TPL_COURSE', data)).toMatchObject({ data: { errCode: 0 } });
  expect(await notify('parent-a', 'TPL_COURSE', data)).toMatchObject({ data: { errCode: 43101 } });

  const sent = cloud.outbox().filter((e) => e.api === 'subscribeMessage.send' && e.errcode === 0);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ touser: 'parent-a', templateId: 'TPL_COURSE', fromFunction: 'echo', params: { data, page: 'pages/index/index' } });
  const viaHttp = await fetch(`${cloud.url}/outbox`);
  expect(((await viaHttp.json()) as { outbox: unknown[] }).outbox).toHaveLength(cloud.outbox().length);
});

test('/dev/subscribe needs a dev token and valid template ids', async () => {
  const noToken = await fetch(`${cloud.url}/dev/subscribe`, { method: 'POST', body: JSON.stringify({ templateIds: ['T'] }) });
  expect(noToken.status).toBe(401);
  const token = await login('parent-c');
  const bad = await fetch(`${cloud.url}/dev/subscribe`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ templateIds: [] }) });
  expect(bad.status).toBe(400);
});

test.each([
  ['thing over 20 chars', { thing1: { value: '这是一个超过二十个字符长度的课程名称用于测试限制' } }],
  ['phrase over 5 chars', { phrase3: { value: '已报名成功了' } }],
  ['phrase with latin letters', { phrase3: { value: 'OK' } }],
  ['character_string with Chinese', { character_string2: { value: 'AB中12' } }],
  ['character_string over 32', { character_string2: { value: 'A'.repeat(33) } }],
  ['name over 10 Chinese chars', { name4: { value: '欧阳诸葛司马上官东方西门' } }],
  ['time not a time', { time5: { value: '明天晚上' } }],
  ['time with a bad hour', { time5: { value: '25:10' } }],
  ['date not a date', { date6: { value: '下周一' } }],
  ['an unknown keyword type', { foo1: { value: 'x' } }],
])('47003 for %s, and the acceptance is not used up', async (_what, data) => {
  cloud.acceptSubscriptions('parent-rules', ['TPL_RULES']);
  expect(await notify('parent-rules', 'TPL_RULES', data)).toMatchObject({ data: { errCode: 47003 } });
  const last = cloud.outbox().at(-1)!;
  expect(last.errcode).toBe(47003);
  expect(last.errmsg).toContain(`data.${Object.keys(data)[0]}`);
  // the still-unused acceptance allows one valid send
  expect(await notify('parent-rules', 'TPL_RULES', { thing1: { value: '合规内容' } })).toMatchObject({ data: { errCode: 0 } });
});

test.each([
  [{ thing1: { value: '二十个字以内的名称也可以包含数字123' } }],
  [{ phrase3: { value: '已报名' } }],
  [{ character_string2: { value: 'ORDER-2026_001' } }],
  [{ name4: { value: '张三' } }],
  [{ name4: { value: 'Zhang San' } }],
  [{ time5: { value: '15:01' } }],
  [{ time5: { value: '2026年3月1日 15:01~16:30' } }],
  [{ date6: { value: '2026年3月1日' } }],
  [{ date6: { value: '2026-03-01 19:30' } }],
  [{ number7: { value: '12.5' } }],
  [{ amount8: { value: '¥100.00' } }],
])('valid fields pass the rules: %j', (data) => {
  expect(checkTemplateData(data)).toBeUndefined();
});

test('a function without the openapi permission in config.json gets -604101', async () => {
  const r = await cloud.cloud.invoke('nopermission', {});
  expect(r).toMatchObject({ ok: true, result: { errCode: -604101 } });
});

test('wxacode.getUnlimited returns a PNG whose QR code decodes to page and scene', async () => {
  const r = await cloud.call<{ contentType: string; png: string }>('echo', 'teacher-1', 'qr', { scene: 'c=abc123&s=7', page: 'packages/attendance/pages/checkin/index' });
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.data.contentType).toBe('image/png');
  const png = PNG.sync.read(Buffer.from(r.data.png, 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(code?.data).toBe(`packages/attendance/pages/checkin/index?scene=${encodeURIComponent('c=abc123&s=7')}`);
  const entry = cloud.outbox().at(-1)!;
  expect(entry).toMatchObject({ api: 'wxacode.getUnlimited', errcode: 0, qr: { scene: 'c=abc123&s=7' } });
  expect(entry.qr!.image.startsWith('data:image/png;base64,')).toBe(true);
});

test('wxacode.getUnlimited rejects a scene over 32 characters', async () => {
  const r = await cloud.call('echo', 'teacher-1', 'qr', { scene: 'x'.repeat(33) });
  expect(r.ok).toBe(false); // the SDK throws errCode 40169; the handler turns it into INTERNAL
  expect(cloud.outbox().at(-1)).toMatchObject({ api: 'wxacode.getUnlimited', errcode: 40169 });
});

describe('on a data dir', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lc-outbox-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the outbox and unused acceptances survive a restart; the CLI prints the outbox', async () => {
    let c = await startTestCloud({ data: dir, functionsDir: fns.dir });
    c.acceptSubscriptions('parent-d', ['TPL_KEEP', 'TPL_KEEP']);
    expect(await c.call('echo', 'parent-d', 'notify', { templateId: 'TPL_KEEP', data: { thing1: { value: '第一次' } } })).toMatchObject({ data: { errCode: 0 } });
    await c.close();

    c = await startTestCloud({ data: dir, functionsDir: fns.dir });
    try {
      expect(c.outbox()).toHaveLength(1);
      expect(await c.call('echo', 'parent-d', 'notify', { templateId: 'TPL_KEEP', data: { thing1: { value: '第二次' } } })).toMatchObject({ data: { errCode: 0 } });
      expect(await c.call('echo', 'parent-d', 'notify', { templateId: 'TPL_KEEP', data: { thing1: { value: '第三次' } } })).toMatchObject({ data: { errCode: 43101 } });
    } finally {
      await c.close();
    }
    const out = await runCli(['outbox', '--data', dir]);
    expect(out.code).toBe(0);
    expect(out.out.match(/subscribeMessage\.send ok/g)).toHaveLength(2);
    expect(out.out).toContain('errcode 43101');
  });
});
