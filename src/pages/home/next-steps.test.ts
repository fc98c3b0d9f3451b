/** The 首页's 下一步 per kind of user (table-driven; links follow the registered subpackage pages). */
import type { Profile } from '@/hooks/useProfile';
import { elderActions, nextSteps } from './next-steps';

const SCHOOL = { schoolId: 'school-a', schoolName: '滨江实验小学' };
const CHILD = { childId: 'c1', schoolId: 'school-a', gradeId: 'g3', classId: 'c31', childName: '小明', relation: '父亲', schoolName: '滨江实验小学', className: '三年级1班' };

function profile(p: Partial<Profile>): Profile {
  return {
    userId: 'u1',
    needsConsent: false,
    consentVersion: '2025.1',
    consent: { version: '2025.1', acceptedAt: '2026-09-01T00:00:00.000Z', guardianConsent: true },
    deletionDueAt: null,
    memberships: [],
    children: [],
    currentChildId: null,
    ...p,
  };
}

const cases: { name: string; profile: Profile; keys: string[] }[] = [
  { name: 'a brand-new visitor', profile: profile({ needsConsent: true, consent: null }), keys: ['consent', 'bind', 'join-staff'] },
  {
    name: 'a parent with a child',
    profile: profile({ memberships: [{ ...SCHOOL, roles: ['parent'], positions: [] }], children: [CHILD], currentChildId: 'c1' }),
    keys: ['courses', 'credits', 'reception', 'contacts'],
  },
  {
    name: 'a head teacher',
    profile: profile({ memberships: [{ ...SCHOOL, roles: ['teacher'], staffId: 's1', positions: [{ title: '班主任', classId: 'c31' }] }] }),
    keys: ['join-code', 'roster', 'oversight', 'courses', 'reception-staff', 'visits', 'publish'],
  },
  {
    name: 'a subject teacher',
    profile: profile({ memberships: [{ ...SCHOOL, roles: ['teacher'], staffId: 's2', positions: [{ title: '任课教师', classId: 'c31', subject: '数学' }] }] }),
    keys: ['roster', 'courses', 'reception-staff', 'visits', 'publish'],
  },
  {
    name: 'a principal',
    profile: profile({ memberships: [{ ...SCHOOL, roles: ['teacher'], staffId: 's4', positions: [{ title: '校长' }] }] }),
    keys: ['roster', 'oversight', 'courses', 'reception-staff', 'visits', 'publish'],
  },
  {
    name: 'a grade director',
    profile: profile({ memberships: [{ ...SCHOOL, roles: ['teacher'], staffId: 's5', positions: [{ title: '年级主任', gradeId: 'g3' }] }] }),
    keys: ['roster', 'oversight', 'courses', 'reception-staff', 'visits', 'publish'],
  },
  {
    name: 'a school admin',
    profile: profile({ memberships: [{ ...SCHOOL, roles: ['teacher', 'admin'], staffId: 's3', positions: [] }] }),
    keys: ['roster', 'admin', 'oversight', 'courses', 'reception-staff', 'visits', 'publish'],
  },
  {
    name: 'a head teacher who is also a parent and has not consented to the new version',
    profile: profile({
      needsConsent: true,
      memberships: [{ ...SCHOOL, roles: ['teacher', 'parent'], staffId: 's1', positions: [{ title: '班主任', classId: 'c31' }] }],
      children: [CHILD],
      currentChildId: 'c1',
    }),
    keys: ['consent', 'join-code', 'roster', 'oversight', 'courses', 'credits', 'reception', 'reception-staff', 'contacts', 'visits', 'publish'],
  },
];

describe('首页 next steps', () => {
  it.each(cases)('$name', ({ profile: p, keys }) => {
    expect(nextSteps(p).map((s) => s.key)).toEqual(keys);
  });

  it('links tabs with switchTab and domain pages into their subpackages', () => {
    const steps = nextSteps(cases.find((c) => c.name.startsWith('a head teacher who is also a parent'))!.profile);
    expect(steps.find((s) => s.key === 'oversight')?.url).toBe('/packages/oversight/pages/dashboard/index');
    expect(steps.find((s) => s.key === 'courses')).toMatchObject({ url: '/pages/courses/index', tab: true });
    expect(steps.find((s) => s.key === 'roster')).toMatchObject({ url: '/packages/school/pages/roster/index', tab: false });
    expect(steps.find((s) => s.key === 'consent')?.url).toBe('/packages/school/pages/consent/index');
  });
});

describe('elderActions: 长辈模式 shows the three most used things', () => {
  const base = { userId: 'u', needsConsent: false, consentVersion: 'v', consent: null, deletionDueAt: null, memberships: [], children: [], currentChildId: null } as unknown as Parameters<typeof elderActions>[0];
  const child = { childId: 'c', schoolId: 's', gradeId: 'g', classId: 'k', childName: '小明', relation: '祖父', schoolName: '学校', className: '一年级1班' };
  it.each([
    ['a grandparent with a child', { children: [child] }, ['checkin', 'lessons', 'summary']],
    ['a teacher', { memberships: [{ schoolId: 's', roles: ['teacher'], positions: [], schoolName: '学校' }] }, ['sessions', 'roster', 'courses']],
    ['a newcomer', {}, ['bind', 'join-staff', 'contacts']],
    ['a newcomer before consent', { needsConsent: true }, ['consent', 'bind', 'join-staff']],
  ])('%s → %p', (_label, patch, keys) => {
    expect(elderActions({ ...base, ...patch } as never).map((s) => s.key)).toEqual(keys);
  });
});
