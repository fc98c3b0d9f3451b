/**
 * WeChat open APIs reached through `cloud.openapi.*` (action `wx.openApi`): the SDK posts a
 * multipart form whose `requestData` is a protobuf CommApiData; we reply with a protobuf
 * CommOpenApiResp. Implemented: subscribeMessage.send (template field rules + one acceptance per
 * send) and wxacode.getUnlimited (a real QR code PNG). Every call lands in the outbox.
 */
import { createRequire } from 'module';
import QRCode from 'qrcode';
import type { Subscriptions } from './subscriptions';
import type { Outbox, OutboxEntry } from './outbox';

interface PbType {
  decode(buf: Uint8Array): Record<string, unknown>;
  encode(msg: Record<string, unknown>): { finish(): Uint8Array };
}
interface PbRoots {
  CommApiData: PbType;
  CommOpenApiResp: PbType;
}

let roots: PbRoots | undefined;
/** The protobuf types wx-server-sdk registers on protobufjs' default root when it loads. */
function pb(): PbRoots {
  if (roots) return roots;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require('wx-server-sdk');
  const sdkRequire = createRequire(require.resolve('wx-server-sdk'));
  const r = (sdkRequire('protobufjs/minimal') as { roots: Record<string, PbRoots> }).roots.default;
  if (!r?.CommApiData || !r?.CommOpenApiResp) throw new Error('wx-server-sdk did not register its protobuf types');
  roots = r;
  return r;
}

export interface OpenApiCall {
  apiName: string;
  /** Parameters as the SDK sent them (snake_case keys). */
  params: Record<string, unknown>;
}

/** Decode `requestData` (CommApiData) into the API's parameters. */
export function decodeOpenApiRequest(apiName: string, requestData: Uint8Array): OpenApiCall {
  const msg = pb().CommApiData.decode(requestData) as { openapiData?: { pairs?: { key: string; value: Uint8Array }[] } };
  const params: Record<string, unknown> = {};
  for (const pair of msg.openapiData?.pairs ?? []) {
    const text = Buffer.from(pair.value).toString('utf8');
    try {
      params[pair.key] = JSON.parse(text);
    } catch {
      params[pair.key] = text;
    }
  }
  return { apiName, params };
}

export function encodeOpenApiResponse(body: Buffer, contentType: string): Buffer {
  return Buffer.from(pb().CommOpenApiResp.encode({ respData: body, contentType, errorCode: 0, httpCode: 200 }).finish());
}

export function jsonResponse(obj: Record<string, unknown>): Buffer {
  return encodeOpenApiResponse(Buffer.from(JSON.stringify(obj)), 'application/json');
}

// ---------------------------------------------------------------- subscribe message field rules

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const ONLY_HAN = /^[\u3400-\u9fff\uf900-\ufaff]+$/;
const len = (s: string) => [...s].length;
const DATE = String.raw`(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})`;
const TIME = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const TIME_POINT = new RegExp(String.raw`^(?:${DATE}\s*)?${TIME}$`);
const DATE_POINT = new RegExp(String.raw`^${DATE}(?:\s*${TIME})?$`);
const range = (point: RegExp) => (v: string) => v.split('~').every((p) => point.test(p.trim())) && v.split('~').length <= 2;

/** WeChat's rule per template keyword type (the key without its trailing number, e.g. thing1 → thing). */
const FIELD_RULES: Record<string, { check: (v: string) => boolean; rule: string }> = {
  thing: { check: (v) => len(v) >= 1 && len(v) <= 20, rule: '20个以内字符' },
  phrase: { check: (v) => len(v) >= 1 && len(v) <= 5 && ONLY_HAN.test(v), rule: '5个以内汉字' },
  character_string: { check: (v) => len(v) >= 1 && len(v) <= 32 && !HAN.test(v), rule: '32位以内数字、字母或符号' },
  name: {
    check: (v) => len(v) >= 1 && (HAN.test(v) ? len(v) <= 10 : len(v) <= 20),
    rule: '10个以内纯汉字或20个以内纯字母或符号',
  },
  time: { check: range(TIME_POINT), rule: '24小时制时间格式（支持+年月日），如 15:01 或 2019年10月1日 15:01' },
  date: { check: range(DATE_POINT), rule: '年月日格式（支持+24小时制时间），如 2019年10月1日 或 2019年10月1日 15:01' },
  number: { check: (v) => len(v) <= 32 && /^-?\d+(?:\.\d+)?$/.test(v), rule: '32位以内数字，可带小数' },
  letter: { check: (v) => len(v) >= 1 && len(v) <= 32 && /^[A-Za-z]+$/.test(v), rule: '32位以内字母' },
  symbol: { check: (v) => len(v) >= 1 && len(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v), rule: '5位以内符号' },
  amount: { check: (v) => /^[¥$￥€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(v), rule: '1个币种符号+10位以内纯数字，可带小数，结尾可带“元”' },
  phone_number: { check: (v) => len(v) >= 1 && len(v) <= 17 && /^[\d+\-() ]+$/.test(v), rule: '17位以内数字、符号' },
  car_number: { check: (v) => len(v) >= 1 && len(v) <= 8, rule: '8位以内车牌号' },
};

export interface FieldProblem {
  key: string;
  rule: string;
}

/** The first field that breaks WeChat's rules, or undefined when all are valid. */
export function checkTemplateData(data: unknown): FieldProblem | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { key: 'data', rule: 'data 必须是对象' };
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    const type = key.replace(/\d+$/, '');
    const spec = FIELD_RULES[type];
    if (!spec) return { key, rule: `未知的模板关键词类型 ${type}` };
    const value = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return { key, rule: '需为 { value: string }' };
    if (!spec.check(String(value))) return { key, rule: spec.rule };
  }
  return undefined;
}

// ---------------------------------------------------------------- dispatcher

export interface OpenApiContext {
  /** Name of the function that made the call (undefined when the caller is not a function, e.g. a test). */
  fromFunction?: string;
  /** openapi permissions in that function's config.json. */
  permissions?: string[];
  subscriptions: Subscriptions;
  outbox: Outbox;
}

export interface OpenApiReply {
  body: Buffer;
  entry: OutboxEntry;
}

const SCENE_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

export async function handleOpenApi(call: OpenApiCall, ctx: OpenApiContext): Promise<OpenApiReply> {
  const { apiName, params } = call;
  const record = (errcode: number, errmsg: string, extra: Partial<OutboxEntry> = {}) =>
    ctx.outbox.add({ api: apiName, params, errcode, errmsg, fromFunction: ctx.fromFunction, ...extra });

  if (ctx.fromFunction && !(ctx.permissions ?? []).includes(apiName)) {
    const errmsg = `function has no permission to call this API: add "${apiName}" to permissions.openapi in cloudfunctions/${ctx.fromFunction}/config.json`;
    return { body: jsonResponse({ errcode: -604101, errmsg }), entry: record(-604101, errmsg) };
  }

  if (apiName === 'subscribeMessage.send') {
    const touser = typeof params.touser === 'string' ? params.touser : '';
    const templateId = typeof params.template_id === 'string' ? params.template_id : '';
    if (!touser || !templateId) {
      const errmsg = 'invalid args: touser and template_id are required';
      return { body: jsonResponse({ errcode: 40003, errmsg }), entry: record(40003, errmsg) };
    }
    const problem = checkTemplateData(params.data);
    if (problem) {
      const errmsg = `argument invalid! data.${problem.key}.value: ${problem.rule}`;
      return { body: jsonResponse({ errcode: 47003, errmsg }), entry: record(47003, errmsg, { touser, templateId }) };
    }
    if (!ctx.subscriptions.consume(touser, templateId)) {
      const errmsg = 'user refuse to accept the msg';
      return { body: jsonResponse({ errcode: 43101, errmsg }), entry: record(43101, errmsg, { touser, templateId }) };
    }
    return { body: jsonResponse({ errcode: 0, errmsg: 'ok' }), entry: record(0, 'ok', { touser, templateId }) };
  }

  if (apiName === 'wxacode.getUnlimited') {
    const scene = typeof params.scene === 'string' ? params.scene : String(params.scene ?? '');
    const page = typeof params.page === 'string' && params.page ? params.page : 'pages/index/index';
    if (!SCENE_RE.test(scene)) {
      const errmsg = 'invalid scene: 1-32 visible characters of [0-9A-Za-z!#$&\'()*+,/:;=?@-._~]';
      return { body: jsonResponse({ errcode: 40169, errmsg }), entry: record(40169, errmsg) };
    }
    if (page.startsWith('/')) {
      const errmsg = 'invalid page: must not start with /';
      return { body: jsonResponse({ errcode: 41030, errmsg }), entry: record(41030, errmsg) };
    }
    const width = typeof params.width === 'number' ? Math.min(Math.max(params.width, 280), 1280) : 430;
    const text = wxacodeText(page, scene);
    const png = await QRCode.toBuffer(text, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
    const entry = record(0, 'ok', { qr: { text, page, scene, image: `data:image/png;base64,${png.toString('base64')}` } });
    return { body: encodeOpenApiResponse(png, 'image/png'), entry };
  }

  const errmsg = `本地云未实现该开放接口: ${apiName}`;
  return { body: jsonResponse({ errcode: -1, errmsg }), entry: record(-1, errmsg) };
}

/** What the local QR code encodes: the page and scene the mini program would be opened with. */
export function wxacodeText(page: string, scene: string): string {
  return `${page}?scene=${encodeURIComponent(scene)}`;
}
