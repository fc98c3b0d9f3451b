/**
 * CloudBase custom login (自定义登录), emulated: the environment's key pair, the key file a cloud
 * function signs tickets with (the JSON the CloudBase console downloads: private_key_id,
 * private_key, env_id — handed to functions as CONSOLE_LOGIN_KEY), and the check CloudBase makes
 * when a web page signs in with such a ticket (@cloudbase/node-sdk createTicket: RS256 JWT with
 * env, uid, iat, exp = iat + 10 min, prefixed by '<private_key_id>/@@/').
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

export interface CustomLoginKey {
  /** The JSON a function gets as CONSOLE_LOGIN_KEY. */
  keyFileJson: string;
  keyId: string;
  publicKey: KeyObject;
}

export function customLoginKey(envId: string, dataDir: string | undefined): CustomLoginKey {
  const file = dataDir ? join(dataDir, 'custom-login-key.json') : '';
  let json = file && existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (!json || (JSON.parse(json) as { env_id?: string }).env_id !== envId) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    json = JSON.stringify({ private_key_id: randomBytes(8).toString('hex'), private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), env_id: envId });
    if (file) writeFileSync(file, json, { mode: 0o600 });
  }
  const parsed = JSON.parse(json) as { private_key_id: string; private_key: string };
  return { keyFileJson: json, keyId: parsed.private_key_id, publicKey: createPublicKey(parsed.private_key) };
}

/** The uid of a valid ticket, or a Chinese reason it is refused. */
export function verifyCustomLoginTicket(ticket: unknown, key: CustomLoginKey, envId: string, now = Date.now()): { uid: string } | { error: string } {
  if (typeof ticket !== 'string' || ticket.length > 4096) return { error: '登录票据格式不正确' };
  const sep = ticket.indexOf('/@@/');
  if (sep < 0 || ticket.slice(0, sep) !== key.keyId) return { error: '登录票据不是本环境签发的' };
  const parts = ticket.slice(sep + 4).split('.');
  if (parts.length !== 3) return { error: '登录票据格式不正确' };
  const [h, p, s] = parts;
  let header: { alg?: string };
  let payload: { env?: string; uid?: unknown; exp?: number };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { error: '登录票据格式不正确' };
  }
  if (header.alg !== 'RS256') return { error: '登录票据签名算法不正确' };
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key.publicKey, Buffer.from(s, 'base64url'))) return { error: '登录票据签名无效' };
  if (payload.env !== envId) return { error: '登录票据不属于本环境' };
  if (typeof payload.exp !== 'number' || payload.exp <= now) return { error: '登录票据已过期' };
  if (typeof payload.uid !== 'string' || !/^[A-Za-z0-9_-]{4,32}$/.test(payload.uid)) return { error: '登录票据的用户标识不正确' };
  return { uid: payload.uid };
}
