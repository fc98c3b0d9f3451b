/** The course form ↔ input mapping and its check (issue 15, items 7 and 10): table-driven, pure. */
import { capacityOf, controlOf, defaults, formIssues, fromCourse, toInput, type Form } from './course-form';

const base = (): Form => ({ ...defaults(), title: '读懂孩子的情绪', speakerName: '王老师' });
const issues = (patch: Partial<Form>) => (formIssues({ ...base(), ...patch }, 'school-a') ?? []).map((i) => [controlOf(i.path), i.message]);

describe('the check before saving names each field and its limit', () => {
  it.each([
    ['a good form', {}, []],
    ['no title', { title: '' }, [['title', '请填写标题']]],
    ['a title of 41 characters', { title: '长'.repeat(41) }, [['title', '标题最多 40 个字']]],
    ['a negative capacity', { capacity: '-30' }, [['capacity', '名额不能小于 1']]],
    ['a capacity of 0', { capacity: '0' }, [['capacity', '名额不能小于 1']]],
    ['a capacity of 5001', { capacity: '5001' }, [['capacity', '名额不能大于 5000']]],
    ['a capacity of 3.5', { capacity: '3.5' }, [['capacity', '名额须为整数']]],
    ['no capacity', { capacity: '' }, [['capacity', '名额须为数字']]],
    ['no place', { place: '' }, [['place', '请填写地点']]],
    ['no speaker', { speakerName: '' }, [['speakerName', '请填写主讲人姓名']]],
    ['an expert without a title', { speakerKind: 'expert', speakerTitle: '' }, [['speakerTitle', '请填写主讲人职务或职称']]],
  ] as [string, Partial<Form>, string[][]][])('%s', (_label, patch, expected) => {
    expect(issues(patch)).toEqual(expected);
  });
});

describe('capacity as typed', () => {
  it.each([
    ['30', 30],
    [' 30 ', 30],
    ['-30', -30],
    ['3.5', 3.5],
    ['', NaN],
    ['三十', NaN],
  ])('%p → %p', (text, n) => expect(capacityOf(text)).toBe(n));
});

it('a course read back into the form gives the same input', () => {
  const input = toInput(base());
  const dto = {
    ...input,
    courseId: 'c1',
    schoolId: 'school-a',
    status: 'draft',
    sessions: input.sessions.map((s, i) => ({ ...s, sessionId: `s${i}`, place: undefined, classHours: 2 })),
    coverFileId: undefined,
  } as unknown as Parameters<typeof fromCourse>[0];
  const again = toInput(fromCourse(dto));
  expect({ ...again, sessions: again.sessions.map(({ startAt, endAt }) => ({ startAt, endAt })), coverFileId: input.coverFileId }).toEqual({ ...input, sessions: input.sessions.map(({ startAt, endAt }) => ({ startAt, endAt })) });
});
