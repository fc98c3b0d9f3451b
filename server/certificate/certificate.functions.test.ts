/**
 * The certificate function end to end against the local cloud (real wx-server-sdk): rule,
 * eligibility, batch issue (idempotent, concurrent admins → unique, gap-free numbers per run, a
 * crashed run's reservation taken over), one-by-one override, revoke, reissue, public verification
 * (forged / altered / revoked / other-school codes), rate limit, bad input, image with its QR.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };
import jsQR from 'jsqr';
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { userIdFor } from '../access/actor';
import type { CertificateDoc, EligibilityOutput, ImageOutput, IssueOutput, MineOutput, VerifyOutput, CertificateSummary } from '../../types/certificate/certificate.schema';
import { parseNumber, sceneFor } from '../../types/certificate/certificate.rules';
import { ADMIN_A, ADMIN_A2, ADMIN_B, CHILD_B, HEAD_A1, PARENT_B, SA, SB, child, classOf, code, credit, enableRule, GRADE_A, ok, parent, RULE, seedCertificates } from './test-fixtures';
import { STALE_MS } from './issue.service';
import { termOf } from '../../types/credit/credit.rules';

jest.setTimeout(180_000);

let cloud: TestCloud;
const now = new Date();

async function certs(where: Record<string, unknown>): Promise<CertificateDoc[]> {
  const out: CertificateDoc[] = [];
  for (;;) {
    const r = await cloud.db.collection('certificates').where(where).skip(out.length).limit(1000).get();
    out.push(...(r.data as CertificateDoc[]));
    if (r.data.length < 1000) return out;
  }
}

async function count(coll: string): Promise<number> {
  return (await cloud.db.collection(coll).where({}).count()).total;
}

/** An unsigned visitor from `ip` (the H5 verify page, a scanned QR). */
async function visitor<T>(input: unknown, ip = '203.0.113.7') {
  const r = await cloud.cloud.invoke('certificate', { action: 'verify', input }, { openid: '', clientIp: ip });
  if (!r.ok) throw new Error(r.message);
  return r.result as import('../../types/common/result').Result<T>;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedCertificates(cloud, { classes: 3, perClass: 10, unnamed: [parent(1, 8)], at: new Date(now.getTime() - 86400_000) });
});

afterAll(async () => {
  await cloud?.close();
});

describe('rule and eligibility', () => {
  test('a school without the rule enabled issues nothing', async () => {
    const r = await cloud.call('certificate', ADMIN_A, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(1) } });
    expect(code(r)).toBe('CERTIFICATE_NOT_ENABLED');
    expect(await count('certificates')).toBe(0);
  });

  test('bad input is refused clearly and writes nothing', async () => {
    const cases: [string, string, unknown][] = [
      ['saveRule', ADMIN_A, { schoolId: SA, rule: { ...RULE, minHours: -1 } }],
      ['saveRule', ADMIN_A, { schoolId: SA, rule: { ...RULE, minStarLevel: 9 } }],
      ['issueBatch', ADMIN_A, { schoolId: SA, scope: { kind: 'room', id: 'x' } }],
      ['issueOne', ADMIN_A, { schoolId: SA, familyId: child(1, 4), userId: userIdFor(parent(1, 4)), reason: '差' }],
      ['revoke', ADMIN_A, { certificateId: 'x', reason: '' }],
      ['confirmName', parent(1, 1), { realName: '张', purpose: 'cert-name-v1' }],
      ['confirmName', parent(1, 1), { realName: '张三<script>', purpose: 'cert-name-v1' }],
      ['confirmName', parent(1, 1), { realName: '张三', purpose: 'other' }],
      ['verify', '', { number: '', code: '' }],
    ];
    const before = [await count('certificates'), await count('certificate_settings'), await count('certificate_names')];
    for (const [action, who, input] of cases) {
      const r = await cloud.call('certificate', who, action, input);
      expect([action, code(r)]).toEqual([action, 'VALIDATION_FAILED']);
      if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect([await count('certificates'), await count('certificate_settings'), await count('certificate_names')]).toEqual(before);
  });

  test('the head teacher sees who qualifies in the class and exactly what the others miss', async () => {
    await enableRule(cloud);
    const e = ok(await cloud.call<EligibilityOutput>('certificate', HEAD_A1, 'eligibility', { schoolId: SA, classId: classOf(1) }));
    expect(e.counts).toEqual({ holders: 10, eligible: 8, issued: 0, waitingName: 1 });
    const weak = e.holders.filter((h) => !h.eligible);
    expect(weak).toHaveLength(2);
    for (const h of weak) expect(h.missing.map((m) => m.text)).toEqual(['还差 2 课时', '还差 1 次学习活动']);
    const unnamed = e.holders.find((h) => h.userId === userIdFor(parent(1, 8)))!;
    expect(unnamed).toMatchObject({ eligible: true, nameConfirmed: false, holderNameMasked: '' });
    expect(unnamed.missing.map((m) => m.text)).toEqual(['家长尚未确认证书姓名']);
    expect(e.holders.find((h) => h.nameConfirmed)!.holderNameMasked).toMatch(/^张\*.$/);
    // not their class / not their school
    expect(code(await cloud.call('certificate', HEAD_A1, 'eligibility', { schoolId: SA, classId: classOf(2) }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('certificate', ADMIN_B, 'eligibility', { schoolId: SA, classId: classOf(1) }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('certificate', ADMIN_B, 'eligibility', { schoolId: SB, classId: classOf(1) }))).toBe('FORBIDDEN');
  });
});

describe('issuing', () => {
  test('only admins issue; a head teacher and a parent are refused and nothing is written', async () => {
    for (const who of [HEAD_A1, parent(1, 0), ADMIN_B]) {
      expect(code(await cloud.call('certificate', who, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(1) } }))).toBe('FORBIDDEN');
    }
    expect(await count('certificates')).toBe(0);
  });

  test('batch issue to a class: the eligible get consecutive numbers; issuing again is a no-op', async () => {
    const r = ok(await cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(1) } }));
    expect(r).toMatchObject({ issued: 7, alreadyIssued: 0, notEligible: 2, waitingName: 1 });
    const docs = await certs({ classId: classOf(1) });
    expect(docs.map((d) => d.status)).toEqual(Array(7).fill('valid'));
    const seqs = docs.map((d) => d.seq!).sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseNumber(r.firstNumber!)!.seq).toBe(1);
    const again = ok(await cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(1) } }));
    expect(again).toMatchObject({ issued: 0, alreadyIssued: 7, notEligible: 2, waitingName: 1 });
    expect(await certs({ classId: classOf(1) })).toHaveLength(7);
    // each parent got an in-app notice
    const notices = (await cloud.db.collection('notices').where({ kind: 'certificate.issued' }).limit(100).get()).data as { userId: string; body: string }[];
    expect(notices).toHaveLength(7);
    expect(notices[0].body).toContain('结业证书');
  });

  test('two admins issuing at once (the grade and one class, twice each): numbers unique, never reused, consecutive per run', async () => {
    const calls = [
      cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueBatch', { schoolId: SA, scope: { kind: 'grade', gradeId: GRADE_A } }),
      cloud.call<IssueOutput>('certificate', ADMIN_A2, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(2) } }),
      cloud.call<IssueOutput>('certificate', ADMIN_A2, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(3) } }),
      cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueBatch', { schoolId: SA, scope: { kind: 'school' } }),
    ];
    const results = (await Promise.all(calls)).map(ok);
    const issued = results.reduce((n, r) => n + r.issued, 0);
    expect(issued).toBe(16); // classes 2 and 3: 8 eligible each, each issued exactly once
    const all = await certs({ schoolId: SA });
    expect(all).toHaveLength(23);
    const seqs = all.map((d) => d.seq!);
    expect(new Set(seqs).size).toBe(23);
    expect(new Set(all.map((d) => d.number)).size).toBe(23);
    for (const run of results.flatMap((x) => x.runs)) {
      const mine = all.filter((d) => d.runId === run.runId).map((d) => d.seq!).sort((a, b) => a - b);
      expect(mine).toHaveLength(run.issued);
      expect(mine[mine.length - 1] - mine[0] + 1).toBe(mine.length); // gap-free within the run
      expect(parseNumber(run.firstNumber!)!.seq).toBe(mine[0]);
      expect(parseNumber(run.lastNumber!)!.seq).toBe(mine[mine.length - 1]);
    }
    // no gaps at all here: nothing crashed
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });

  test('a reservation left by a crashed run is taken over by the next run and numbered', async () => {
    // A run died after reserving a holder of school B (pending, old claim) and before numbering it.
    const key = `${termOf(new Date()).schoolYear}_${CHILD_B}_${userIdFor(PARENT_B)}`;
    await cloud.db.collection('certificates').doc(`${key}_1`).set({
      data: { holderKey: key, rev: 1, schoolId: SB, schoolYear: key.slice(0, 9), familyId: CHILD_B, userId: userIdFor(PARENT_B), classId: 'cx-class-b1', gradeId: 'cx-grade-b1', status: 'pending', runId: 'dead-run', claimedAt: new Date(Date.now() - STALE_MS - 1000) },
    });
    const r = ok(await cloud.call<IssueOutput>('certificate', ADMIN_B, 'issueBatch', { schoolId: SB, scope: { kind: 'school' } }));
    expect(r.issued).toBe(1);
    const [doc] = await certs({ schoolId: SB });
    expect(doc).toMatchObject({ status: 'valid', seq: 1, runId: r.runId });
  });

  test('one by one: a holder who misses the rule needs a reason (an override, kept)', async () => {
    const input = { schoolId: SA, familyId: child(1, 4), userId: userIdFor(parent(1, 4)) };
    const refused = await cloud.call('certificate', ADMIN_A, 'issueOne', input);
    expect(code(refused)).toBe('CERTIFICATE_NOT_ELIGIBLE');
    const r = ok(await cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueOne', { ...input, reason: '因病缺课，已补看录播课程' }));
    expect(r.issued).toBe(1);
    const [doc] = await certs({ familyId: child(1, 4) });
    expect(doc.override).toEqual({ reason: '因病缺课，已补看录播课程', by: userIdFor(ADMIN_A) });
    expect(doc.seq).toBe(24);
    // idempotent
    expect(ok(await cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueOne', { ...input, reason: '再次' })).alreadyIssued).toBe(1);
    // another school's admin cannot
    expect(code(await cloud.call('certificate', ADMIN_B, 'issueOne', { ...input, schoolId: SB }))).toBe('FORBIDDEN');
  });

  test('a holder without a confirmed name waits; confirming it lets the next run issue', async () => {
    const input = { schoolId: SA, familyId: child(1, 8), userId: userIdFor(parent(1, 8)) };
    expect(code(await cloud.call('certificate', ADMIN_A, 'issueOne', input))).toBe('CERTIFICATE_NAME_REQUIRED');
    expect(await certs({ familyId: child(1, 8) })).toHaveLength(0);
    ok(await cloud.call('certificate', parent(1, 8), 'confirmName', { realName: '王小红', purpose: 'cert-name-v1' }));
    const r = ok(await cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(1) } }));
    expect(r).toMatchObject({ issued: 1, waitingName: 0 });
    expect((await certs({ familyId: child(1, 8) }))[0]).toMatchObject({ holderName: '王小红', seq: 25 });
  });
});

describe('holders', () => {
  test('two guardians of one child each earn their own certificate; the top star level is marked 优秀家长', async () => {
    const fam = 'cx-child-two-guardians';
    const link = { childId: fam, schoolId: SA, gradeId: GRADE_A, classId: classOf(3), childName: '双监护', relation: '母亲' };
    const at = new Date(now.getTime() - 3600_000);
    const putUser = async (openid: string, relation: string) =>
      cloud.db.collection('users').doc(userIdFor(openid)).set({ data: { openid, memberships: [{ schoolId: SA, roles: ['parent'], positions: [] }], children: [{ ...link, relation }], consent: { version: 'v1', acceptedAt: at }, createdAt: at } });
    await putUser('cx-mom', '母亲');
    await putUser('cx-dad', '父亲');
    await credit(cloud.db, { schoolId: SA, familyId: fam, classId: classOf(3), openid: 'cx-mom', sessions: 17, hoursEach: 2, at, tag: 'mom' }); // 34 课时: ★★★★★
    await credit(cloud.db, { schoolId: SA, familyId: fam, classId: classOf(3), openid: 'cx-dad', sessions: 1, hoursEach: 2, at, tag: 'dad' });
    for (const [who, name] of [['cx-mom', '赵丽华'], ['cx-dad', '孙志强']]) ok(await cloud.call('certificate', who, 'confirmName', { realName: name, purpose: 'cert-name-v1' }));
    // the mother accepted the "certificate issued" subscribe message when she confirmed her name
    cloud.acceptSubscriptions('cx-mom', ['tpl-certificate-issued']);
    const e = ok(await cloud.call<EligibilityOutput>('certificate', ADMIN_A, 'eligibility', { schoolId: SA, classId: classOf(3) }));
    const mom = e.holders.find((h) => h.userId === userIdFor('cx-mom'))!;
    const dad = e.holders.find((h) => h.userId === userIdFor('cx-dad'))!;
    expect([mom.eligible, mom.starLevel, mom.totals.hours]).toEqual([true, 5, 34]);
    expect([dad.eligible, dad.totals.hours]).toEqual([false, 2]);
    const r = ok(await cloud.call<IssueOutput>('certificate', ADMIN_A, 'issueBatch', { schoolId: SA, scope: { kind: 'class', classId: classOf(3) } }));
    expect(r.issued).toBe(1);
    const [cert] = await certs({ familyId: fam });
    expect(cert).toMatchObject({ userId: userIdFor('cx-mom'), excellent: true, holderName: '赵丽华', hours: 34 });
    expect(ok(await visitor<VerifyOutput>({ scene: sceneFor(cert.number!, cert.code!) }, '198.51.100.77')).excellent).toBe(true);
    const sent = cloud.outbox().filter((m) => m.api === 'subscribeMessage.send' && m.touser === 'cx-mom');
    expect(sent.map((m) => m.errcode)).toEqual([0]);
    const notice = (await cloud.db.collection('notices').where({ userId: userIdFor('cx-mom'), kind: 'certificate.issued' }).get()).data;
    expect(notice).toHaveLength(1);
  });
});

describe('verification', () => {
  let a: CertificateDoc;
  let b: CertificateDoc;
  beforeAll(async () => {
    a = (await certs({ familyId: child(2, 0) }))[0];
    b = (await certs({ schoolId: SB }))[0];
  });

  test('an unsigned visitor verifies by the QR scene and by number + code, and sees only a masked name', async () => {
    const byScene = ok(await visitor<VerifyOutput>({ scene: sceneFor(a.number!, a.code!) }));
    expect(byScene).toMatchObject({ status: 'valid', number: a.number, schoolName: '滨江测试小学', hours: 6 });
    expect(byScene.holderNameMasked).toMatch(/^张\*.$/);
    expect(JSON.stringify(byScene)).not.toContain(a.holderName!);
    const typed = ok(await visitor<VerifyOutput>({ number: a.number!.toLowerCase(), code: a.code!.replace(/(.{4})/g, '$1-').toLowerCase() }));
    expect(typed.status).toBe('valid');
  });

  test('forged, altered and other-school codes are rejected', async () => {
    const flip = (c: string, i: number) => c.slice(0, i) + (c[i] === 'A' ? 'B' : 'A') + c.slice(i + 1);
    const forged = [
      { number: a.number!, code: flip(a.code!, 5) }, // one character changed
      { number: a.number!, code: flip(a.code!, 0) }, // another key id
      { number: a.number!, code: b.code! }, // school B's code on school A's number
      { number: b.number!, code: a.code! },
      { number: a.number!.replace(/\d{6}$/, '999999'), code: a.code! },
      { scene: `${a.number}.${'2'.repeat(12)}` },
    ];
    for (const f of forged) expect(code(await visitor(f, '198.51.100.1'))).toBe('CERTIFICATE_INVALID');
    // the stored record altered after issue (more hours): its code no longer vouches for it
    await cloud.db.collection('certificates').doc(b._id).update({ data: { hours: 60 } });
    expect(code(await visitor({ number: b.number!, code: b.code! }, '198.51.100.1'))).toBe('CERTIFICATE_INVALID');
    await cloud.db.collection('certificates').doc(b._id).update({ data: { hours: b.hours } });
    expect(code(await visitor({ number: b.number!, code: b.code! }, '198.51.100.1'))).toBe('OK');
  });

  test('a revoked certificate verifies as revoked; the reason is kept, not shown', async () => {
    const r = ok(await cloud.call<CertificateSummary>('certificate', ADMIN_A, 'revoke', { certificateId: a._id, reason: '家长信息登记有误' }));
    expect(r).toMatchObject({ status: 'revoked', revokeReason: '家长信息登记有误' });
    const v = ok(await visitor<VerifyOutput>({ scene: sceneFor(a.number!, a.code!) }));
    expect(v.status).toBe('revoked');
    expect(JSON.stringify(v)).not.toContain('登记有误');
    expect(code(await cloud.call('certificate', ADMIN_B, 'revoke', { certificateId: a._id, reason: '跨校撤销' }))).toBe('FORBIDDEN');
  });

  test('reissue: a new number, the old one revoked and pointing at it', async () => {
    const target = (await certs({ familyId: child(2, 1) }))[0];
    const r = ok(await cloud.call<CertificateSummary>('certificate', ADMIN_A, 'reissue', { certificateId: target._id, reason: '证书遗失' }));
    expect(r.status).toBe('valid');
    expect(r.number).not.toBe(target.number);
    const old = (await certs({ _id: target._id }))[0];
    expect(old).toMatchObject({ status: 'revoked', replacedBy: r.id });
    const maxSeq = Math.max(...(await certs({ schoolId: SA })).map((d) => d.seq!));
    expect(parseNumber(r.number)!.seq).toBe(maxSeq);
    expect(code(await cloud.call('certificate', ADMIN_A, 'reissue', { certificateId: target._id, reason: '再补一次' }))).toBe('CONFLICT');
    const fresh = (await certs({ _id: r.id }))[0];
    expect(ok(await visitor<VerifyOutput>({ number: fresh.number!, code: fresh.code! })).status).toBe('valid');
  });

  test('verification is rate-limited per caller', async () => {
    const ip = '192.0.2.99';
    const results: string[] = [];
    for (let i = 0; i < 32; i++) results.push(code(await visitor({ number: b.number!, code: b.code! }, ip)));
    expect(results.slice(0, 30)).toEqual(Array(30).fill('OK'));
    expect(results.slice(30)).toEqual(['CERTIFICATE_VERIFY_TOO_MANY', 'CERTIFICATE_VERIFY_TOO_MANY']);
    expect(code(await visitor({ number: b.number!, code: b.code! }, '192.0.2.100'))).toBe('OK');
  });

  test('concurrent verifications from one caller never pass the limit', async () => {
    const ip = '192.0.2.150';
    const rs = await Promise.all(Array.from({ length: 50 }, () => visitor({ number: b.number!, code: b.code! }, ip)));
    expect(rs.filter((r) => r.ok)).toHaveLength(30);
    expect(rs.filter((r) => !r.ok).map(code)).toEqual(Array(20).fill('CERTIFICATE_VERIFY_TOO_MANY'));
  });
});

describe('the parent', () => {
  test('sees their certificate and progress, and only their own', async () => {
    const m = ok(await cloud.call<MineOutput>('certificate', parent(3, 0), 'mine', {}));
    expect(m.items).toHaveLength(1);
    expect(m.items[0]).toMatchObject({ eligible: true, schoolName: '滨江测试小学', className: '三年级3班' });
    expect(m.items[0].certificate!.status).toBe('valid');
    expect(m.purpose).toContain('不会向其他家庭展示');
    const weak = ok(await cloud.call<MineOutput>('certificate', parent(3, 4), 'mine', {}));
    expect(weak.items[0].certificate).toBeNull();
    expect(weak.items[0].missing.map((x) => x.text)).toEqual(['还差 2 课时', '还差 1 次学习活动']);
    expect(JSON.stringify(weak)).not.toContain(m.items[0].certificate!.code);
  });

  test('a staff member without children cannot confirm a certificate name', async () => {
    expect(code(await cloud.call('certificate', ADMIN_A, 'confirmName', { realName: '王校长', purpose: 'cert-name-v1' }))).toBe('FORBIDDEN');
  });

  test('the image: rendered once, stored, with a QR that decodes to the verify scene; others are refused', async () => {
    const cert = (await certs({ familyId: child(3, 0) }))[0];
    const started = Date.now();
    const img = ok(await cloud.call<ImageOutput>('certificate', parent(3, 0), 'image', { certificateId: cert._id }));
    const ms = Date.now() - started;
    expect(img.fileId).toMatch(new RegExp(`^cloud://[^/]+/certificates/${SA}/`));
    const res = await fetch(img.url);
    expect(res.ok).toBe(true);
    const bytes = Buffer.from(await res.arrayBuffer());
    mkdirSync(join(__dirname, '../../test-output'), { recursive: true });
    writeFileSync(join(__dirname, '../../test-output/certificate.png'), bytes);
    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([1000, 1400]);
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr).not.toBeNull();
    expect(decodeURIComponent(qr!.data)).toContain(`scene=${sceneFor(cert.number!, cert.code!)}`);
    expect(qr!.data).toContain('packages/certificate/pages/verify/index');
    // cached: the second call does not render again
    const again = ok(await cloud.call<ImageOutput>('certificate', parent(3, 0), 'image', { certificateId: cert._id }));
    expect(again.fileId).toBe(img.fileId);
    // another family, another school: refused
    expect(code(await cloud.call('certificate', parent(3, 1), 'image', { certificateId: cert._id }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('certificate', ADMIN_B, 'image', { certificateId: cert._id }))).toBe('FORBIDDEN');
    console.log(`certificate image: ${bytes.length} bytes, first render ${ms} ms`);
  });
});
