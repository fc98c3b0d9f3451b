/** Small HTTP helpers for the local cloud server (node:http, no framework needed). */
import Busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'http';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Read the whole body. Over the limit: keep draining (so the client can read our reply) and
 * reject with 413 once the request has ended.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) reject(new HttpError(413, 'REQUEST_TOO_LARGE', `请求体超过 ${limit / 1024 / 1024} MB 上限`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) return {};
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_JSON', '请求体不是合法的 JSON');
  }
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : '*';
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
    'access-control-allow-headers': 'authorization,content-type,x-requested-with',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...corsHeaders(req) });
  res.end(text);
}

export function sendBytes(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, ...corsHeaders(req) });
  res.end(body);
}

export function sendError(req: IncomingMessage, res: ServerResponse, e: unknown): void {
  if (e instanceof HttpError) sendJson(req, res, e.status, { code: e.code, message: e.message });
  else sendJson(req, res, 500, { code: 'INTERNAL', message: `本地云内部错误：${e instanceof Error ? e.message : String(e)}` });
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m ? m[1] : undefined;
}

/**
 * Parse a multipart/form-data body with busboy. The SDK's form-data sends the protobuf
 * `requestData` as a part without a filename, which parsers treat as a text field: we read text
 * fields as latin1 so that every byte survives, and give back text for the ASCII fields.
 */
export function parseMultipart(buf: Buffer, contentType: string): Promise<Map<string, string | Buffer>> {
  return new Promise((resolvePromise, reject) => {
    const out = new Map<string, string | Buffer>();
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: { 'content-type': contentType }, defCharset: 'latin1', limits: { fieldSize: MAX_BODY_BYTES } });
    } catch (e) {
      reject(new HttpError(400, 'INVALID_MULTIPART', `无法解析 multipart 请求：${(e as Error).message}`));
      return;
    }
    bb.on('field', (name, value) => {
      const bytes = Buffer.from(value, 'latin1');
      out.set(name, name === 'requestData' ? bytes : bytes.toString('utf8'));
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => out.set(name, Buffer.concat(chunks)));
    });
    bb.on('close', () => resolvePromise(out));
    bb.on('error', (e) => reject(new HttpError(400, 'INVALID_MULTIPART', `无法解析 multipart 请求：${(e as Error).message}`)));
    bb.end(buf);
  });
}

const TYPES: Record<string, string> = { mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

/**
 * A stored file as a CDN serves it: its type by extension, and byte ranges (`Range: bytes=a-b` →
 * 206), which a browser's <video> needs to seek.
 */
export function sendStoredFile(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): void {
  const type = TYPES[(/\.([a-z0-9]+)$/i.exec(path)?.[1] ?? '').toLowerCase()] ?? 'application/octet-stream';
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? '').trim());
  if (!m || (!m[1] && !m[2])) {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'accept-ranges': 'bytes', ...corsHeaders(req) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const start = m[1] ? Number(m[1]) : Math.max(0, body.length - Number(m[2]));
  const end = m[1] && m[2] ? Math.min(Number(m[2]), body.length - 1) : body.length - 1;
  if (start >= body.length || start > end) {
    res.writeHead(416, { 'content-range': `bytes */${body.length}`, ...corsHeaders(req) });
    res.end();
    return;
  }
  const part = body.subarray(start, end + 1);
  res.writeHead(206, { 'content-type': type, 'content-length': part.length, 'content-range': `bytes ${start}-${end}/${body.length}`, 'accept-ranges': 'bytes', ...corsHeaders(req) });
  res.end(req.method === 'HEAD' ? undefined : part);
}
