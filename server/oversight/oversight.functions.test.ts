/**
 * The oversight function through the real SDK on the seeded demo data: who sees which scope
 * (principal, grade director of another grade, head teacher of another class, parent, the
 * alliance lead vs a member school), what the figures say against the records, the lists behind
 * them, invitations.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { code, ok } from '../attendance/test-fixtures';
import type { DashboardOutput, DrillListOutput, MyScopesOutput, Scope } from '../../types/oversight/oversight.schema';
import type { CreditLedgerDoc } from '../../types/credit/credit.schema';
import { familyGoal } from '../../types/oversight/oversight.rules';
import { profileFor, termOf } from '../../types/credit/credit.rules';
import { loadSettings } from '../credit/credit.service';

jest.setTimeout(180_000);

const A = SCHOOL_SEED.schoolA;
const B = SCHOOL_SEED.schoolB;
const G3 = SCHOOL_SEED.gradeA3;
const G4 = `${A}-g4`;
const C31 = SCHOOL_SEED.classA31;
const C32 = `${A}-g3-c2`;
const C41 = `${A}-g4-c1`;

const PRINCIPAL = 'demo-principal-001';
const PRINCIPAL_B = 'demo-principal-002';
const DIRECTOR = 'demo-director-001'; // 三年级
const HEAD = 'demo-teacher-001'; // 三年级1班
const HEAD_32 = 'demo-teacher-002'; // 三年级2班
const PARENT = 'demo-parent-001';
const ADMIN_B = 'demo-admin-002';

let cloud: TestCloud;
const dash = (openid: string, scope: Scope) => cloud.call<DashboardOutput>('oversight', openid, 'dashboard', { scope });
const school: Scope = { kind: 'school', schoolId: A };
const grade = (gradeId: string): Scope => ({ kind: 'grade', schoolId: A, gradeId });
const cls = (classId: string): Scope => ({ kind: 'class', schoolId: A, classId });
const alliance = (schoolId: string): Scope => ({ kind: 'alliance', schoolId });

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
});
afterAll(async () => {
  await cloud?.close();
});

describe('who sees which scope', () => {
  const matrix: [string, string, Scope, 'OK' | 'FORBIDDEN'][] = [
    ['principal', PRINCIPAL, school, 'OK'],
    ['principal', PRINCIPAL, grade(G4), 'OK'],
    ['principal', PRINCIPAL, cls(C41), 'OK'],
    ['principal (lead school)', PRINCIPAL, alliance(A), 'OK'],
    ['principal of a member school: its alliance view', PRINCIPAL_B, alliance(B), 'FORBIDDEN'],
    ['principal of a member school: the lead school', PRINCIPAL_B, school, 'FORBIDDEN'],
    ['principal of a member school: the lead’s alliance view', PRINCIPAL_B, alliance(A), 'FORBIDDEN'],
    ['another school’s admin', ADMIN_B, cls(C31), 'FORBIDDEN'],
    ['grade director', DIRECTOR, grade(G3), 'OK'],
    ['grade director: a class of the grade', DIRECTOR, cls(C32), 'OK'],
    ['grade director: another grade', DIRECTOR, grade(G4), 'FORBIDDEN'],
    ['grade director: a class of another grade', DIRECTOR, cls(C41), 'FORBIDDEN'],
    ['grade director: the school', DIRECTOR, school, 'FORBIDDEN'],
    ['grade director: the alliance', DIRECTOR, alliance(A), 'FORBIDDEN'],
    ['head teacher', HEAD, cls(C31), 'OK'],
    ['head teacher: another class', HEAD, cls(C41), 'FORBIDDEN'],
    ['head teacher of 三年级2班: 三年级1班', HEAD_32, cls(C31), 'FORBIDDEN'],
    ['head teacher: the grade', HEAD, grade(G3), 'FORBIDDEN'],
    ['head teacher: the school', HEAD, school, 'FORBIDDEN'],
    ['parent: the child’s class', PARENT, cls(C31), 'FORBIDDEN'],
    ['parent: the school', PARENT, school, 'FORBIDDEN'],
  ];
  it.each(matrix)('%s → %s', async (_who, openid, scope, expected) => {
    expect(code(await dash(openid, scope))).toBe(expected);
  });

  it('a grade or class of another school named under this school is not found, never shown', async () => {
    expect(code(await dash(PRINCIPAL, { kind: 'class', schoolId: A, classId: `${B}-g7-c1` }))).toBe('NOT_FOUND');
    expect(code(await dash(PRINCIPAL, { kind: 'grade', schoolId: A, gradeId: `${B}-g7` }))).toBe('NOT_FOUND');
    // … and to a caller who may not see the school, FORBIDDEN (no probing for ids)
    expect(code(await dash(HEAD, { kind: 'class', schoolId: A, classId: `${B}-g7-c1` }))).toBe('FORBIDDEN');
  });

  it('myScopes: the widest first; a director gets the grade and its classes; a parent nothing', async () => {
    const p = ok(await cloud.call<MyScopesOutput>('oversight', PRINCIPAL, 'myScopes', { schoolId: A }));
    expect(p.scopes[0].scope).toEqual(school);
    expect(p.scopes[p.scopes.length - 1].scope).toEqual(alliance(A));
    const d = ok(await cloud.call<MyScopesOutput>('oversight', DIRECTOR, 'myScopes', { schoolId: A }));
    expect(d.scopes.map((s) => s.scope)).toEqual([grade(G3), cls(`${A}-g3-c1`), cls(C32)]);
    const h = ok(await cloud.call<MyScopesOutput>('oversight', HEAD, 'myScopes', { schoolId: A }));
    expect(h.scopes.map((s) => s.scope)).toEqual([cls(C31)]);
    const par = ok(await cloud.call<MyScopesOutput>('oversight', PARENT, 'myScopes', { schoolId: A }));
    expect(par.scopes).toEqual([]);
    expect(code(await cloud.call('oversight', ADMIN_B, 'myScopes', { schoolId: A }))).toBe('FORBIDDEN');
  });

  it('bad input: a clear Chinese error, nothing written', async () => {
    const r = await cloud.call('oversight', PRINCIPAL, 'dashboard', { scope: { kind: 'district', schoolId: A } });
    expect(code(r)).toBe('VALIDATION_FAILED');
    const t = await cloud.call('oversight', PRINCIPAL, 'dashboard', { scope: school, term: '2026-秋' });
    expect(code(t)).toBe('VALIDATION_FAILED');
    expect(!t.ok && t.error.message).toMatch(/学期/);
  });
});

describe('figures against the records', () => {
  it('the class view: families meeting the goal as a recount of the ledger says; the list behind it names exactly the others', async () => {
    const d = ok(await dash(HEAD, cls(C31)));
    const children = (await cloud.db.collection('children').where({ classId: C31 }).limit(1000).get()).data as { _id: string; name: string }[];
    const { schoolYear, term } = termOf(new Date());
    const ledger = (await cloud.db.collection('credit_ledger').where({ schoolId: A, schoolYear }).limit(1000).get()).data as CreditLedgerDoc[];
    const settings = await loadSettings(cloud.db, A, schoolYear);
    const profile = profileFor(settings.profileId, settings.customRequirements);
    const sum = (es: CreditLedgerDoc[]) => ({ hours: es.reduce((a, e) => a + e.hours, 0), sessions: es.reduce((a, e) => a + e.sessions, 0), collective: es.reduce((a, e) => a + e.collective, 0) });
    const below = children.filter((c) => {
      const mine = ledger.filter((e) => e.familyId === c._id);
      return !familyGoal(profile, sum(mine.filter((e) => e.term === term)), sum(mine)).met;
    });
    const fig = d.figures.find((f) => f.key === 'familiesMeetingGoal')!;
    expect(d.families).toBe(children.length);
    expect(fig.of).toBe(children.length);
    expect(fig.value).toBe(children.length - below.length);
    expect(fig.drill).toEqual({ list: 'familiesBelowGoal', scope: cls(C31), term });
    // paged by 3: every family below the goal once
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok(await cloud.call<DrillListOutput>('oversight', HEAD, 'list', { ...fig.drill!, limit: 3, cursor }));
      expect(page.total).toBe(below.length);
      seen.push(...page.items.map((i) => i.familyId!));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(below.map((c) => c._id).sort());
    expect(code(await cloud.call('oversight', HEAD, 'list', { ...fig.drill!, cursor: 'not-a-cursor!' }))).toBe('VALIDATION_FAILED');
  });

  it('the school view: grades side by side whose families add up; a class short of 家长会 makes the school short', async () => {
    const d = ok(await dash(PRINCIPAL, school));
    expect(d.units.map((u) => u.scope.kind)).toEqual(Array(6).fill('grade'));
    expect(d.units.reduce((a, u) => a + u.families, 0)).toBe(d.families);
    expect(d.stars.counts.reduce((a, n) => a + n, 0)).toBe(d.families);
    const meetings = d.figures.find((f) => f.key === 'parentMeetings')!;
    expect(meetings.target).toBe(2);
    expect(meetings.met).toBe(false);
    expect(meetings.breakdown!.find((b) => b.key === C31)!.value).toBeGreaterThanOrEqual(1);
    expect(d.figures.every((f) => typeof f.label === 'string' && /[\u4e00-\u9fa5]/.test(f.label))).toBe(true);
  });

  it('the alliance view: member schools side by side, no list behind any figure, and no list for an alliance scope', async () => {
    const d = ok(await dash(PRINCIPAL, alliance(A)));
    expect(d.units.map((u) => u.scope)).toEqual(expect.arrayContaining([{ kind: 'school', schoolId: A }, { kind: 'school', schoolId: B }]));
    expect(d.figures.every((f) => f.drill === null && (f.breakdown ?? []).every((b) => b.drill === null))).toBe(true);
    expect(d.stars.drills.every((x) => x === null)).toBe(true);
    const schoolA = ok(await dash(PRINCIPAL, school));
    expect(d.units.find((u) => u.scope.kind === 'school' && u.scope.schoolId === A)!.families).toBe(schoolA.families);
    const r = await cloud.call('oversight', PRINCIPAL, 'list', { scope: alliance(A), list: 'familiesBelowGoal' });
    expect(code(r)).toBe('OVERSIGHT_LIST_NOT_AVAILABLE');
    expect(JSON.stringify(d)).not.toMatch(/(?<![\d.])1[3-9]\d{9}(?!\d)/);
  });

  it('cases: a head teacher sees counts but not the leaders’ list', async () => {
    const d = ok(await dash(HEAD, cls(C31)));
    expect(d.figures.find((f) => f.key === 'openSuggestions')!.drill).toBeNull();
    expect(code(await cloud.call('oversight', HEAD, 'list', { scope: cls(C31), list: 'openSuggestions' }))).toBe('FORBIDDEN');
    const p = ok(await cloud.call<DrillListOutput>('oversight', PRINCIPAL, 'list', { scope: school, list: 'openSuggestions' }));
    expect(JSON.stringify(p)).not.toMatch(/(?<![\d.])1[3-9]\d{9}(?!\d)/);
  });

  it('every list of a class view answers for the head teacher (cases aside)', async () => {
    const d = ok(await dash(HEAD, cls(C31)));
    const drills = d.figures.flatMap((f) => [f.drill, ...(f.breakdown ?? []).map((b) => b.drill)]).filter((x) => x !== null);
    for (const dr of drills) ok(await cloud.call<DrillListOutput>('oversight', HEAD, 'list', dr));
  });
});

describe('invite the families below the goal', () => {
  it('sends one notice to their guardians, once per request key; a director may not invite another grade', async () => {
    const input = { scope: cls(C31), title: '邀请参加家长学校', body: '本学期学时尚未达标，欢迎报名参加近期课程。', requestKey: 'invite-test-0001' };
    const [a, b] = await Promise.all([cloud.call<{ noticeId: string; recipients: number; created: boolean }>('oversight', HEAD, 'inviteBelowGoal', input), cloud.call<{ noticeId: string; created: boolean }>('oversight', HEAD, 'inviteBelowGoal', input)]);
    const ra = ok(a);
    const rb = ok(b);
    expect(ra.noticeId).toBe(rb.noticeId);
    expect([ra.created, rb.created].filter(Boolean)).toHaveLength(1);
    expect(ra.recipients).toBeGreaterThan(0);
    expect(code(await cloud.call('oversight', DIRECTOR, 'inviteBelowGoal', { ...input, scope: grade(G4), requestKey: 'invite-test-0002' }))).toBe('FORBIDDEN');
  });
});
