/** The notice rules, table-driven: who may send to whom, the draft's limits, withdraw, reminders, receipts, course reminders. */
import type { Position, Role } from '../school/roles';
import { dayjs, TZ } from '../common/time';
import {
  audienceCandidates,
  canSendTo,
  canWithdraw,
  checkReply,
  courseReminderWindow,
  endOfQuietHours,
  isNoticeFileIdOf,
  isQuietHour,
  planReminder,
  validateDraft,
  type AudienceFacts,
  type DraftView,
} from './notice.rules';
import type { NoticeAudience } from './notice.schema';

const at = (s: string) => dayjs.tz(s, TZ).toDate();
const S = 'sch-a';
const m = (roles: Role[], positions: Position[] = []) => ({ roles, positions });
const HEAD = m(['teacher'], [{ title: '班主任', classId: 'c31' }]);
const SUBJECT = m(['teacher'], [{ title: '任课教师', classId: 'c32', subject: '数学' }]);
const DIRECTOR = m(['teacher'], [{ title: '年级主任', gradeId: 'g3' }]);
const PRINCIPAL = m(['teacher'], [{ title: '校长' }]);
const ADMIN = m(['admin']);
const PSYCH = m(['teacher'], [{ title: '心理健康教师' }]);
const PARENT = m(['parent']);

const facts: AudienceFacts = {
  schoolId: S,
  classes: [
    { classId: 'c31', schoolId: S, gradeId: 'g3' },
    { classId: 'c32', schoolId: S, gradeId: 'g3' },
    { classId: 'c41', schoolId: S, gradeId: 'g4' },
    { classId: 'x71', schoolId: 'sch-b', gradeId: 'gx7' },
  ],
  grade: { gradeId: 'g3', schoolId: S },
  course: { courseId: 'k1', schoolId: S, ownerId: 'u-owner' },
  alliance: { leadSchoolId: S, schoolIds: [S, 'sch-b'] },
};
const memberFacts: AudienceFacts = { ...facts, alliance: { leadSchoolId: 'sch-b', schoolIds: [S, 'sch-b'] } };

const cls = (...ids: string[]): NoticeAudience => ({ kind: 'classes', classIds: ids });
const grade: NoticeAudience = { kind: 'grade', gradeId: 'g3' };
const school: NoticeAudience = { kind: 'school' };
const course: NoticeAudience = { kind: 'course', courseId: 'k1' };
const alliance: NoticeAudience = { kind: 'alliance' };

describe('canSendTo', () => {
  test.each([
    ['head teacher → own class', HEAD, 'u1', cls('c31'), facts, 'OK'],
    ['head teacher → other class', HEAD, 'u1', cls('c32'), facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['head teacher → own + other class', HEAD, 'u1', cls('c31', 'c32'), facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['head teacher → grade', HEAD, 'u1', grade, facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['head teacher → school', HEAD, 'u1', school, facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['subject teacher → class taught', SUBJECT, 'u1', cls('c32'), facts, 'OK'],
    ['subject teacher → class not taught', SUBJECT, 'u1', cls('c31'), facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['grade director → grade', DIRECTOR, 'u1', grade, facts, 'OK'],
    ['grade director → classes of the grade', DIRECTOR, 'u1', cls('c31', 'c32'), facts, 'OK'],
    ['grade director → class of another grade', DIRECTOR, 'u1', cls('c41'), facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['grade director → school', DIRECTOR, 'u1', school, facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['principal → school', PRINCIPAL, 'u1', school, facts, 'OK'],
    ['principal → any grade', PRINCIPAL, 'u1', grade, facts, 'OK'],
    ['admin → school', ADMIN, 'u1', school, facts, 'OK'],
    ['admin → any class', ADMIN, 'u1', cls('c41'), facts, 'OK'],
    ['anyone → another school’s class', ADMIN, 'u1', cls('x71'), facts, 'CLASS_NOT_FOUND'],
    ['anyone → an unknown class', ADMIN, 'u1', cls('nope'), facts, 'CLASS_NOT_FOUND'],
    ['course owner → its families', PSYCH, 'u-owner', course, facts, 'OK'],
    ['another teacher → the course', PSYCH, 'u1', course, facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['principal → the course', PRINCIPAL, 'u1', course, facts, 'OK'],
    ['course of another school', PRINCIPAL, 'u1', course, { ...facts, course: { courseId: 'k1', schoolId: 'sch-b', ownerId: 'u1' } }, 'COURSE_NOT_FOUND'],
    ['lead school principal → 教联体', PRINCIPAL, 'u1', alliance, facts, 'OK'],
    ['lead school head teacher → 教联体', HEAD, 'u1', alliance, facts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['member school principal → 教联体', PRINCIPAL, 'u1', alliance, memberFacts, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['school without 教联体 → 教联体', ADMIN, 'u1', alliance, { ...facts, alliance: null }, 'NOTICE_AUDIENCE_FORBIDDEN'],
    ['parent → own child’s class', PARENT, 'u1', cls('c31'), facts, 'FORBIDDEN'],
    ['no membership', undefined, 'u1', cls('c31'), facts, 'FORBIDDEN'],
    ['grade of another school', PRINCIPAL, 'u1', grade, { ...facts, grade: { gradeId: 'g3', schoolId: 'sch-b' } }, 'NOT_FOUND'],
  ])('%s', (_n, membership, userId, audience, f, expected) => {
    const r = canSendTo({ userId, membership }, audience, f);
    expect(r.ok ? 'OK' : r.code).toBe(expected);
  });

  test('the compose page offers exactly what the rule allows', () => {
    const structure = {
      schoolId: S,
      classes: [
        { classId: 'c31', gradeId: 'g3', label: '三年级1班' },
        { classId: 'c32', gradeId: 'g3', label: '三年级2班' },
      ],
      grades: [{ gradeId: 'g3', label: '三年级' }],
      courses: [{ courseId: 'k1', ownerId: 'u1', label: '亲子沟通' }],
      alliance: { leadSchoolId: S, schoolIds: [S], name: '教联体' },
    };
    expect(audienceCandidates({ userId: 'u1', membership: HEAD }, structure).map((o) => o.key)).toEqual(['class:c31', 'course:k1']);
    expect(audienceCandidates({ userId: 'u2', membership: PRINCIPAL }, structure).map((o) => o.key)).toEqual(['alliance', 'school', 'grade:g3', 'class:c31', 'class:c32', 'course:k1']);
    expect(audienceCandidates({ userId: 'u2', membership: PARENT }, structure)).toEqual([]);
  });
});

describe('validateDraft', () => {
  const now = at('2026-12-01 10:00');
  const base: DraftView = { title: '家长会', body: '周五开家长会', images: [], attachment: null, audience: cls('c31'), receipt: { kind: 'none' }, scheduledAt: null };
  const env = { envId: 'env1', schoolId: S };
  const file = (p: string) => `cloud://env1.bucket/${p}`;
  test.each([
    ['valid', {}, 'OK'],
    ['empty title', { title: ' ' }, 'NOTICE_TITLE_REQUIRED'],
    ['41-character title', { title: '题'.repeat(41) }, 'NOTICE_TITLE_TOO_LONG'],
    ['empty body', { body: '\n ' }, 'NOTICE_BODY_REQUIRED'],
    ['2,000 characters', { body: '字'.repeat(2000) }, 'OK'],
    ['2,001 characters', { body: '字'.repeat(2001) }, 'NOTICE_BODY_TOO_LONG'],
    ['2,000 emoji (code points, not UTF-16 units)', { body: '😀'.repeat(2000) }, 'OK'],
    ['<script>', { body: '<script>alert(1)</script>' }, 'NOTICE_TEXT_UNSAFE'],
    ['javascript: link', { body: '点击 javascript:alert(1)' }, 'NOTICE_TEXT_UNSAFE'],
    ['an onerror= attribute', { title: 'x onerror="y"' }, 'NOTICE_TEXT_UNSAFE'],
    ['maths with < and >', { body: '成绩 < 60 或 > 90 的同学' }, 'OK'],
    ['9 images', { images: Array.from({ length: 9 }, (_, i) => file(`notice-files/${S}/i${i}.png`)) }, 'OK'],
    ['10 images', { images: Array.from({ length: 10 }, (_, i) => file(`notice-files/${S}/i${i}.png`)) }, 'NOTICE_TOO_MANY_IMAGES'],
    ['a duplicate image', { images: [file(`notice-files/${S}/a.png`), file(`notice-files/${S}/a.png`)] }, 'NOTICE_FILE_INVALID'],
    ['an image of another school', { images: [file('notice-files/sch-b/a.png')] }, 'NOTICE_FILE_INVALID'],
    ['an image outside the notice folder', { images: [file(`course-covers/${S}/a.png`)] }, 'NOTICE_FILE_INVALID'],
    ['a path escape', { images: [file(`notice-files/${S}/../sch-b/a.png`)] }, 'NOTICE_FILE_INVALID'],
    ['a pdf as an image', { images: [file(`notice-files/${S}/a.pdf`)] }, 'NOTICE_FILE_INVALID'],
    ['a 10 MB docx', { attachment: { fileId: file(`notice-files/${S}/f.docx`), name: '报名表.docx', size: 10 * 1024 * 1024 } }, 'OK'],
    ['a 10 MB + 1 byte pdf', { attachment: { fileId: file(`notice-files/${S}/f.pdf`), name: '说明.pdf', size: 10 * 1024 * 1024 + 1 } }, 'NOTICE_ATTACHMENT_TOO_LARGE'],
    ['an exe', { attachment: { fileId: file(`notice-files/${S}/f.exe`), name: '说明.exe', size: 1 } }, 'NOTICE_ATTACHMENT_TYPE'],
    ['a name that lies about the file', { attachment: { fileId: file(`notice-files/${S}/f.xlsx`), name: '说明.pdf', size: 1 } }, 'NOTICE_ATTACHMENT_TYPE'],
    ['an attachment of another env', { attachment: { fileId: `cloud://env2.bucket/notice-files/${S}/f.pdf`, name: '说明.pdf', size: 1 } }, 'NOTICE_FILE_INVALID'],
    ['no classes', { audience: cls() }, 'NOTICE_AUDIENCE_EMPTY'],
    ['duplicate receipt options', { receipt: { kind: 'choice', options: ['参加', '参加'], allowComment: true } }, 'NOTICE_RECEIPT_OPTIONS'],
    ['schedule in 30 s', { scheduledAt: new Date(now.getTime() + 30_000) }, 'NOTICE_SCHEDULE_INVALID'],
    ['schedule tomorrow', { scheduledAt: at('2026-12-02 08:00') }, 'OK'],
    ['schedule in 61 days', { scheduledAt: new Date(now.getTime() + 61 * 86400_000) }, 'NOTICE_SCHEDULE_INVALID'],
  ])('%s', (_n, over, expected) => {
    const r = validateDraft({ ...base, ...(over as Partial<DraftView>) }, now, env);
    expect(r.ok ? 'OK' : r.code).toBe(expected);
  });

  test('the page (no storage check) and the server agree on everything else', () => {
    expect(validateDraft({ ...base, body: '字'.repeat(2001) }, now).ok).toBe(false);
    expect(isNoticeFileIdOf(`cloud://env1.b/notice-files/${S}/x.png`, '', S, 'image')).toBe(false);
  });
});

describe('withdraw, quiet hours, reminders', () => {
  test.each([
    ['sent 14 min ago', 'sent', -14, 'OK'],
    ['sent 15 min ago', 'sent', -15, 'OK'],
    ['sent 16 min ago', 'sent', -16, 'NOTICE_WITHDRAW_TOO_LATE'],
    ['still sending, 5 min', 'sending', -5, 'OK'],
    ['scheduled for tomorrow', 'scheduled', 24 * 60, 'OK'],
    ['already withdrawn', 'withdrawn', -1, 'NOTICE_WITHDRAWN'],
  ] as const)('withdraw %s', (_n, status, minutes, expected) => {
    const now = at('2026-12-01 10:00');
    const r = canWithdraw({ status, sendAt: new Date(now.getTime() + minutes * 60_000) }, now);
    expect(r.ok ? 'OK' : r.code).toBe(expected);
  });

  test.each([
    ['2026-12-01 06:59', true, '2026-12-01 07:00'],
    ['2026-12-01 07:00', false, '2026-12-01 07:00'],
    ['2026-12-01 20:59', false, '2026-12-01 20:59'],
    ['2026-12-01 21:00', true, '2026-12-02 07:00'],
    ['2026-12-01 23:30', true, '2026-12-02 07:00'],
    ['2026-12-31 22:00', true, '2027-01-01 07:00'],
    ['2026-12-02 00:10', true, '2026-12-02 07:00'],
  ])('%s quiet: %s, reminders from %s', (now, quiet, from) => {
    expect(isQuietHour(at(now))).toBe(quiet);
    expect(endOfQuietHours(at(now)).getTime()).toBe(at(from).getTime());
  });

  const sent = (allowed: string, remind: { status: string; dueAt: Date } | null = null) => ({ status: 'sent' as const, remindAllowedFrom: at(allowed), remind });
  test.each([
    ['first reminder at 10:00', sent('2026-12-01 09:00'), '2026-12-01 10:00', 'OK', '2026-12-01 10:00', '2026-12-02 10:00'],
    ['first reminder at 22:00 waits', sent('2026-12-01 09:00'), '2026-12-01 22:00', 'OK', '2026-12-02 07:00', '2026-12-03 07:00'],
    ['within 24 h', sent('2026-12-02 10:00', { status: 'done', dueAt: at('2026-12-01 10:00') }), '2026-12-02 09:59', 'NOTICE_REMIND_TOO_SOON', null, null],
    ['exactly 24 h later', sent('2026-12-02 10:00', { status: 'done', dueAt: at('2026-12-01 10:00') }), '2026-12-02 10:00', 'OK', '2026-12-02 10:00', '2026-12-03 10:00'],
    ['one already queued', sent('2026-12-03 07:00', { status: 'queued', dueAt: at('2026-12-02 07:00') }), '2026-12-02 06:00', 'NOTICE_REMIND_QUEUED', null, null],
  ])('%s', (_n, n, now, expected, dueAt, next) => {
    const r = planReminder(n, at(now));
    expect(r.ok ? 'OK' : r.code).toBe(expected);
    if (r.ok) {
      expect(r.dueAt.getTime()).toBe(at(dueAt!).getTime());
      expect(r.nextAllowedFrom.getTime()).toBe(at(next!).getTime());
    }
  });

  test('no reminder for a scheduled or withdrawn notice', () => {
    expect(planReminder({ status: 'scheduled', remindAllowedFrom: at('2026-12-01 00:00'), remind: null }, at('2026-12-01 10:00'))).toMatchObject({ ok: false, code: 'NOTICE_NOT_SENT_YET' });
    expect(planReminder({ status: 'withdrawn', remindAllowedFrom: at('2026-12-01 00:00'), remind: null }, at('2026-12-01 10:00'))).toMatchObject({ ok: false, code: 'NOTICE_WITHDRAWN' });
  });
});

describe('receipts', () => {
  const choice = { kind: 'choice' as const, options: ['参加', '不参加'], allowComment: true };
  test.each([
    ['ack', { kind: 'ack' as const }, undefined, undefined, 'OK:已阅知'],
    ['ack with its label', { kind: 'ack' as const }, '已阅知', undefined, 'OK:已阅知'],
    ['ack with a choice', { kind: 'ack' as const }, '参加', undefined, 'NOTICE_RECEIPT_CHOICE'],
    ['choice 参加', choice, '参加', '妈妈参加', 'OK:参加'],
    ['choice not offered', choice, '可能', undefined, 'NOTICE_RECEIPT_CHOICE'],
    ['choice missing', choice, undefined, undefined, 'NOTICE_RECEIPT_CHOICE'],
    ['comment too long', choice, '参加', '字'.repeat(201), 'NOTICE_COMMENT_TOO_LONG'],
    ['comment with script', choice, '参加', '<script>x</script>', 'NOTICE_TEXT_UNSAFE'],
    ['comment where none is allowed', { ...choice, allowComment: false }, '参加', '说明', 'NOTICE_RECEIPT_CHOICE'],
    ['no receipt needed', { kind: 'none' as const }, '参加', undefined, 'NOTICE_RECEIPT_NOT_NEEDED'],
  ])('%s', (_n, spec, c, comment, expected) => {
    const r = checkReply(spec, c, comment);
    expect(r.ok ? `OK:${r.choice}` : r.code).toBe(expected);
  });
});

test.each([
  ['2026-12-01 17:59', false, '2026-12-02'],
  ['2026-12-01 18:00', true, '2026-12-02'],
  ['2026-12-01 23:59', true, '2026-12-02'],
  ['2026-12-31 18:30', true, '2027-01-01'],
])('course reminders at %s: due %s for %s', (now, due, day) => {
  const w = courseReminderWindow(at(now));
  expect([w.due, w.day]).toEqual([due, day]);
  expect(w.from.getTime()).toBe(at(`${day} 00:00`).getTime());
  expect(w.to.getTime() - w.from.getTime()).toBe(86400_000);
});
