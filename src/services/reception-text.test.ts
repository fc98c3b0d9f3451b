/** How reception reads on its pages: a case's label (a suggestion's topic not said twice) and the school a leader page is for. */
import { caseLabel, leaderMembership } from './reception';
import type { ProfileMembership } from '@/hooks/useProfile';

it.each([
  [{ kind: 'booking', suggestionKind: null, topic: '心理与情绪' }, '接待 · 心理与情绪'],
  [{ kind: 'suggestion', suggestionKind: 'suggestion', topic: '意见建议' }, '意见建议'],
  [{ kind: 'suggestion', suggestionKind: 'complaint', topic: '意见建议' }, '投诉 · 意见建议'],
] as const)('%o reads %p', (c, text) => {
  expect(caseLabel(c as Parameters<typeof caseLabel>[0])).toBe(text);
});

describe('leaderMembership: the school a leader page is for', () => {
  const m = (schoolId: string, roles: string[], titles: string[] = []) => ({ schoolId, roles, positions: titles.map((title) => ({ title })) }) as unknown as ProfileMembership;
  const teacherA = m('A', ['teacher']);
  const principalB = m('B', ['teacher'], ['校长']);
  const adminC = m('C', ['teacher', 'admin']);
  it.each([
    ['the school asked for, when the caller leads it', [principalB, adminC], 'C', 'C'],
    ['the first school led, when the one asked for is not', [teacherA, principalB, adminC], 'A', 'B'],
    ['the first school led, when none is asked for', [teacherA, adminC], undefined, 'C'],
    ['none, for a teacher who leads nowhere', [teacherA], 'A', undefined],
  ] as const)('%s', (_name, list, wanted, school) => {
    expect(leaderMembership(list, wanted)?.schoolId).toBe(school);
  });
});
