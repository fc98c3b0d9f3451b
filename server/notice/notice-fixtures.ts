/**
 * Test and bench data for notices: a class of `n` synthetic families in school A (users with the
 * denormalised child link and consent), written with the admin SDK database. Not used in production code.
 */
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';

export const crowdOpenid = (classId: string, i: number) => `${classId}-p${String(i).padStart(5, '0')}`;

export async function putCrowdClass(db: Database, opts: { schoolId: string; gradeId: string; classId: string; families: number }): Promise<string[]> {
  await db.collection('classes').doc(opts.classId).set({ data: { schoolId: opts.schoolId, gradeId: opts.gradeId, name: `${opts.classId}班`, order: 99, createdAt: new Date() } });
  const openids = Array.from({ length: opts.families }, (_, i) => crowdOpenid(opts.classId, i));
  for (let i = 0; i < openids.length; i += 500) {
    const docs = openids.slice(i, i + 500).map((openid, k) => ({
      _id: userIdFor(openid),
      openid,
      memberships: [{ schoolId: opts.schoolId, roles: ['parent'], positions: [] }],
      children: [{ childId: `${opts.classId}-c${i + k}`, schoolId: opts.schoolId, gradeId: opts.gradeId, classId: opts.classId, childName: `学生${i + k}`, relation: '妈妈' }],
      consent: { version: 'v1', acceptedAt: new Date() },
      createdAt: new Date(),
    }));
    await (db.collection('users') as unknown as { add(o: { data: unknown[] }): Promise<unknown> }).add({ data: docs });
  }
  return openids;
}

/**
 * The app's front door (POST <cloud>/functions/<fn> with a dev sign-in token) for crowds: every
 * call is issued at once; they share a keep-alive pool of `sockets` connections, as clients do
 * behind WeChat's gateway (the local cloud's listen backlog would reset a burst of 1,000 new ones).
 */
import { Agent, request } from 'http';

export function frontDoor(baseUrl: string, tokenOf: (openid: string) => string, sockets = 128) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(baseUrl);
  return function call<T>(fn: string, openid: string, action: string, input: unknown): Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }> {
    const body = JSON.stringify({ action, input });
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: `/functions/${fn}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${tokenOf(openid)}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            else resolve(JSON.parse(text));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
