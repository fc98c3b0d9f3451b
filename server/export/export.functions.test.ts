/**
 * The export function end to end on the local cloud (real wx-server-sdk, seeded demo data): every
 * export kind opened with exceljs and checked cell by cell against the records; the access matrix
 * (another school, another grade's director, a head teacher beyond their class, a parent, an
 * alliance scope); masking (no phone numbers anywhere, 重点关注 only for those who may see it and
 * logged, suggestions hidden from the class teacher); concurrent starts; a job resumed after a
 * crashed step; owner-only reads; expiry by export-cron.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { userIdFor } from '../access/actor';
import { termOf } from '../../types/credit/credit.rules';
import { formatDateTime } from '../../types/common/time';
import { ATTENDANCE_STATUS_LABELS, type AttendanceDoc } from '../../types/attendance/attendance.schema';
import type { CourseDoc, EnrollmentDoc } from '../../types/course/course.schema';
import type { CreditLedgerDoc } from '../../types/credit/credit.schema';
import type { CertificateDoc } from '../../types/certificate/certificate.schema';
import type { ReceptionCaseDoc } from '../../types/reception/reception.schema';
import type { ExportJobDoc, ExportJobView } from '../../types/export/export.schema';
import type { ChildDoc, ClassDoc, GradeDoc, StaffDoc } from '../school/model';
import { code, drive, ok, readWorkbook, records, runExport, type ReadSheet } from './export-test-helpers';
import { chunkId } from './model';

jest.setTimeout(300_000);

const A = SCHOOL_SEED.schoolA;
const B = SCHOOL_SEED.schoolB;
const PRINCIPAL = 'demo-principal-001';
const DIRECTOR = 'demo-director-001'; // 三年级
const HEAD = 'demo-teacher-001'; // 三年级1班 班主任
const MATH = 'demo-teacher-003'; // 三年级 数学 (任课教师 of 1班, 2班)
const ADMIN_B = 'demo-admin-002';
const PARENT = 'demo-parent-001';
const YEAR = termOf(new Date()).schoolYear;
const SCHOOL = { kind: 'school', schoolId: A } as const;
const PHONE = /1[3-9]\d{9}|1[3-9]\d\*{4}\d{4}/;

let cloud: TestCloud;
let children: Map<string, ChildDoc>;
let classNames: Map<string, string>;

async function all<T>(coll: string, where: Record<string, unknown>): Promise<T[]> {
  const out: T[] = [];
  const _ = cloud.db.command;
  let after = '';
  for (;;) {
    const r = await cloud.db.collection(coll).where(after ? { ...where, _id: _.gt(after) } : where).orderBy('_id', 'asc').limit(1000).get();
    out.push(...(r.data as T[]));
    if (r.data.length < 1000) return out;
    after = (r.data[r.data.length - 1] as { _id: string })._id;
  }
}

function noPhones(sheets: ReadSheet[]) {
  for (const s of sheets) for (const row of s.all) for (const cell of row) expect(cell).not.toMatch(PHONE);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  // A certificate run of 三年级1班, so the register has rows (as the cross-school suite does).
  ok(await cloud.call('certificate', 'demo-admin-001', 'issueBatch', { schoolId: A, scope: { kind: 'class', classId: SCHOOL_SEED.classA31 } }));
  children = new Map((await all<ChildDoc>('children', { schoolId: A })).map((c) => [c._id, c]));
  const grades = new Map((await all<GradeDoc>('grades', { schoolId: A })).map((g) => [g._id, g.name]));
  classNames = new Map((await all<ClassDoc>('classes', { schoolId: A })).map((c) => [c._id, `${grades.get(c.gradeId)}${c.name}`]));
});
afterAll(async () => {
  await cloud?.close();
});

describe('考勤登记 (attendance register)', () => {
  it('the whole year for the principal: one row per session × family, every record and every unmarked enrolled family, cell by cell', async () => {
    const view = await runExport(cloud, PRINCIPAL, { kind: 'attendance', scope: SCHOOL });
    expect(view).toMatchObject({ status: 'done', progress: 1, title: '考勤登记表' });
    expect(view.period).toContain('滨江实验小学');
    expect(view.period).toContain(`${YEAR}学年`);
    const { sheets } = await readWorkbook(view.url!);
    expect(sheets.map((s) => s.name)).toEqual(['考勤登记']);
    const s = sheets[0];
    expect(s.heading[0]).toBe('考勤登记表');
    expect(s.heading[1]).toMatch(/^内容：/);
    expect(s.heading[2]).toBe(`范围与时段：滨江实验小学 · ${YEAR}学年`);
    expect(s.heading[3]).toMatch(/^制表：.+（校长） · \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
    expect(s.header).toEqual(['课次时间', '课程', '课次', '班级', '学生姓名', '考勤状态', '请假/更正原因', '签到方式', '签到时间', '所得学时']);

    // The records, independently: every course of the year (not a draft), its enrolled families and its sessions' records.
    const courses = (await all<CourseDoc>('courses', { schoolId: A })).filter((c) => c.status !== 'draft' && c.semester.startsWith(YEAR));
    expect(courses.length).toBeGreaterThan(0);
    const expected: string[][] = [];
    let recordsSeen = 0;
    for (const c of courses) {
      const enrolled = await all<EnrollmentDoc>('enrollments', { courseId: c._id, status: 'enrolled' });
      for (const [i, sess] of c.sessions.entries()) {
        const recs = await all<AttendanceDoc>('attendance_records', { sessionId: sess.sessionId });
        recordsSeen += recs.length;
        const families = new Map(enrolled.map((e) => [e.familyId, { name: e.childName, classId: e.classId }]));
        for (const r of recs) if (!families.has(r.familyId)) families.set(r.familyId, { name: children.get(r.familyId)?.name ?? '（已转出）', classId: r.classId });
        for (const [familyId, f] of families) {
          const r = recs.find((x) => x.familyId === familyId);
          const held = new Date(sess.startAt).getTime() <= Date.now();
          expected.push([
            formatDateTime(sess.startAt),
            c.title,
            `第${i + 1}次`,
            classNames.get(r?.classId ?? f.classId) ?? '（已调整的班级）',
            f.name,
            r ? ATTENDANCE_STATUS_LABELS[r.status] : held ? '未登记' : '未开始',
            r?.reason ?? '',
            r ? { qr: '扫码签到', code: '输入签到码', roster: '教师登记' }[r.method] : '',
            r?.checkedInAt ? formatDateTime(r.checkedInAt) : '',
            String(r ? r.creditedHours : 0),
          ]);
        }
      }
    }
    expect(recordsSeen).toBeGreaterThan(0);
    const norm = (rows: string[][]) => rows.map((r) => [...r, ...Array(10 - r.length).fill('')].join('|')).sort();
    expect(norm(s.rows)).toEqual(norm(expected));
    // Sorted by session time.
    const times = s.rows.map((r) => r[0]);
    expect([...times].sort()).toEqual(times);
    noPhones(sheets);
  });

  it('one course: the register and its grid (a family per row, a session per column), consistent cell by cell', async () => {
    const course = (await all<CourseDoc>('courses', { schoolId: A })).find((c) => c.status !== 'draft' && c.semester.startsWith(YEAR) && c.sessions.length > 0)!;
    const view = await runExport(cloud, PRINCIPAL, { kind: 'attendance', scope: SCHOOL, courseId: course._id });
    const { sheets } = await readWorkbook(view.url!);
    expect(sheets.map((s) => s.name)).toEqual(['考勤登记', '签到汇总']);
    const register = records(sheets[0]);
    const grid = records(sheets[1]);
    expect(sheets[1].header).toEqual(['班级', '学生姓名', ...course.sessions.map((_, i) => `第${i + 1}次`), '出勤次数', '学时合计']);
    const recs = (await Promise.all(course.sessions.map((s) => all<AttendanceDoc>('attendance_records', { sessionId: s.sessionId })))).flat();
    for (const g of grid) {
      const mine = register.filter((r) => r['班级'] === g['班级'] && r['学生姓名'] === g['学生姓名']);
      for (const r of mine) expect(g[r['课次']]).toBe(r['考勤状态']);
      expect(Number(g['学时合计'])).toBe(Math.round(mine.reduce((n, r) => n + Number(r['所得学时']), 0) * 100) / 100);
    }
    expect(grid.reduce((n, g) => n + Number(g['学时合计']), 0)).toBeCloseTo(recs.reduce((n, r) => n + r.creditedHours, 0), 5);
  });

  it('one session of one course, for the grade director: only the grade’s families', async () => {
    const course = (await all<CourseDoc>('courses', { schoolId: A })).find((c) => c.status !== 'draft' && c.semester.startsWith(YEAR) && c.audience.kind === 'school')!;
    const sess = course.sessions[0];
    const view = await runExport(cloud, DIRECTOR, { kind: 'attendance', scope: { kind: 'grade', schoolId: A, gradeId: SCHOOL_SEED.gradeA3 }, courseId: course._id, sessionId: sess.sessionId });
    expect(view.period).toContain(`课程：${course.title}`);
    const { sheets } = await readWorkbook(view.url!);
    const rows = records(sheets[0]);
    const enrolled = (await all<EnrollmentDoc>('enrollments', { courseId: course._id, status: 'enrolled' })).filter((e) => e.gradeId === SCHOOL_SEED.gradeA3);
    const recs = (await all<AttendanceDoc>('attendance_records', { sessionId: sess.sessionId })).filter((r) => children.get(r.familyId)?.gradeId === SCHOOL_SEED.gradeA3);
    const familyIds = new Set([...enrolled.map((e) => e.familyId), ...recs.map((r) => r.familyId)]);
    expect(rows).toHaveLength(familyIds.size);
    for (const r of rows) {
      expect(r['班级']).toMatch(/^三年级/);
      expect(r['课次']).toBe('第1次');
      expect(r['课程']).toBe(course.title);
    }
  });
});

describe('家庭学时 (hours per family per term)', () => {
  it('every family of the school with its term sums from the ledger, cell by cell', async () => {
    const view = await runExport(cloud, PRINCIPAL, { kind: 'hours', scope: SCHOOL });
    const { sheets } = await readWorkbook(view.url!);
    const rows = records(sheets[0]);
    expect(rows).toHaveLength(children.size);
    const ledger = await all<CreditLedgerDoc>('credit_ledger', { schoolId: A, schoolYear: YEAR });
    expect(ledger.length).toBeGreaterThan(0);
    const byName = new Map<string, Record<string, string>[]>();
    for (const r of rows) byName.set(`${r['班级']}|${r['学生姓名']}`, [...(byName.get(`${r['班级']}|${r['学生姓名']}`) ?? []), r]);
    let withHours = 0;
    for (const c of children.values()) {
      const mine = ledger.filter((e) => e.familyId === c._id);
      const t1 = mine.filter((e) => e.term.endsWith('-1')).reduce((n, e) => n + e.hours, 0);
      const t2 = mine.filter((e) => e.term.endsWith('-2')).reduce((n, e) => n + e.hours, 0);
      const row = byName.get(`${classNames.get(c.classId)}|${c.name}`)!.find((r) => Number(r['秋季学期学时']) === Math.round(t1 * 100) / 100)!;
      expect(row).toBeDefined();
      expect(Number(row['春季学期学时'])).toBe(Math.round(t2 * 100) / 100);
      expect(Number(row['学年合计学时'])).toBe(Math.round((t1 + t2) * 100) / 100);
      expect(Number(row['学年参加次数'])).toBe(mine.reduce((n, e) => n + e.sessions, 0));
      expect(Number(row['集体授课次数'])).toBe(mine.reduce((n, e) => n + e.collective, 0));
      if (t1 + t2 > 0) withHours++;
    }
    expect(withHours).toBeGreaterThan(0);
    noPhones(sheets);
  });
});

describe('完整档案 (course archive)', () => {
  it('plan, sessions with counts, the register and the materials of one course', async () => {
    const course = (await all<CourseDoc>('courses', { schoolId: A })).find((c) => c.status !== 'draft' && c.semester.startsWith(YEAR))!;
    const view = await runExport(cloud, PRINCIPAL, { kind: 'archive', scope: SCHOOL, courseId: course._id });
    const { sheets } = await readWorkbook(view.url!);
    expect(sheets.map((s) => s.name)).toEqual(['课程方案', '课次', '考勤登记', '课程资料']);
    const plan = Object.fromEntries(sheets[0].rows.map((r) => [r[0], r[1]]));
    expect(plan['课程名称']).toBe(course.title);
    expect(plan['授课形式']).toBe(course.form);
    expect(plan['主讲人']).toContain(course.speaker.name);
    expect(Number(plan['课次数'])).toBe(course.sessions.length);
    const sessions = records(sheets[1]);
    expect(sessions).toHaveLength(course.sessions.length);
    const register = records(sheets[2]);
    for (const [i, sess] of course.sessions.entries()) {
      expect(sessions[i]['开始']).toBe(formatDateTime(sess.startAt));
      const recs = await all<AttendanceDoc>('attendance_records', { sessionId: sess.sessionId });
      const present = recs.filter((r) => r.status === 'present').length;
      expect(Number(sessions[i]['出席'])).toBe(present);
      expect(register.filter((r) => r['课次'] === `第${i + 1}次` && r['考勤状态'] === '出席')).toHaveLength(present);
    }
    noPhones(sheets);
  });
});

describe('接待与意见建议 (reception and suggestions log)', () => {
  it('the principal sees every case of the year; the head teacher not a suggestion hidden from the class teacher', async () => {
    const cases = (await all<ReceptionCaseDoc>('reception_cases', { schoolId: A })).filter((c) => termOf(new Date(c.createdAt)).schoolYear === YEAR);
    const hidden = cases.find((c) => c.kind === 'suggestion' && c.hideFromClassTeacher && c.classId === SCHOOL_SEED.classA31)!;
    expect(hidden).toBeDefined();
    // The same suggestion, not hidden: the head teacher sees that one.
    const { _id: _hiddenId, ...rest } = hidden;
    await cloud.db.collection('reception_cases').add({ data: { ...rest, _id: 'sg_export_visible', hideFromClassTeacher: false, description: '建议增加亲子阅读活动', createdAt: new Date(hidden.createdAt) } });
    cases.push({ ...hidden, _id: 'sg_export_visible', hideFromClassTeacher: false, description: '建议增加亲子阅读活动' });
    const principal = await runExport(cloud, PRINCIPAL, { kind: 'reception', scope: SCHOOL });
    const p = await readWorkbook(principal.url!);
    const rows = records(p.sheets[0]);
    expect(rows).toHaveLength(cases.length);
    for (const c of cases) {
      const r = rows.find((x) => x['事由'] === c.description && x['提交时间'] === formatDateTime(c.createdAt));
      expect(r).toBeDefined();
      expect(r!['学生姓名']).toBe(c.childName);
      expect(r!['班级']).toBe(classNames.get(c.classId));
    }
    noPhones(p.sheets);
    const head = await runExport(cloud, HEAD, { kind: 'reception', scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA31 } });
    const h = records((await readWorkbook(head.url!)).sheets[0]);
    expect(h.some((r) => r['事由'] === hidden.description)).toBe(false);
    expect(h.some((r) => r['事由'] === '建议增加亲子阅读活动')).toBe(true);
    for (const r of h) expect(r['班级']).toBe(classNames.get(SCHOOL_SEED.classA31));
  });
});

describe('家访 (home visits log) and 重点关注', () => {
  beforeAll(async () => {
    const kids = [...children.values()].filter((c) => c.classId === SCHOOL_SEED.classA31).slice(0, 2);
    // The subject teacher records one visit, the head teacher another; one of the families is 重点关注.
    ok(await cloud.call('contact', MATH, 'recordVisit', { classId: SCHOOL_SEED.classA31, childIds: [kids[0]._id], date: '2026-11-20', form: '电话', topics: ['作业习惯'], notes: '数学作业完成情况沟通', requestKey: 'export-test-visit-math-1' }));
    ok(await cloud.call('contact', HEAD, 'recordVisit', { classId: SCHOOL_SEED.classA31, childIds: [kids[1]._id], date: '2026-11-21', form: '入户', topics: ['亲子沟通'], notes: '入户了解家庭情况', requestKey: 'export-test-visit-head-1' }));
    ok(await cloud.call('contact', HEAD, 'setFocus', { childId: kids[1]._id, focus: true, reason: '家庭变故' }));
  });

  it('the head teacher: every visit of the class, 重点关注 shown and the read logged', async () => {
    const before = (await all<{ action: string }>('focus_views', { viewerId: userIdFor(HEAD) })).filter((v) => v.action === 'export').length;
    const view = await runExport(cloud, HEAD, { kind: 'visits', scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA31 } });
    const { sheets } = await readWorkbook(view.url!);
    expect(sheets[0].header).toContain('重点关注');
    const rows = records(sheets[0]);
    const visits = (await all<{ classId: string; notes: string; childIds: string[]; date: string }>('home_visits', { classId: SCHOOL_SEED.classA31 })).filter((v) => v.date >= `${YEAR.slice(0, 4)}-08-01`);
    expect(rows).toHaveLength(visits.length);
    const focused = new Set((await all<{ childId: string }>('focus_marks', { classId: SCHOOL_SEED.classA31, active: true })).map((f) => f.childId));
    for (const v of visits) {
      const r = rows.find((x) => x['记录'] === v.notes && x['家访日期'] === v.date)!;
      expect(r['家庭（学生姓名）']).toBe(v.childIds.map((id) => children.get(id)!.name).join('、'));
      expect(r['重点关注']).toBe(v.childIds.some((id) => focused.has(id)) ? '是' : '');
    }
    expect(rows.some((r) => r['重点关注'] === '是')).toBe(true);
    const after = (await all<{ action: string }>('focus_views', { viewerId: userIdFor(HEAD) })).filter((v) => v.action === 'export').length;
    expect(after).toBe(before + 1);
  });

  it('the subject teacher: only their own visits, no 重点关注 column at all', async () => {
    const view = await runExport(cloud, MATH, { kind: 'visits', scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA31 } });
    const { sheets } = await readWorkbook(view.url!);
    expect(sheets[0].header).not.toContain('重点关注');
    expect(sheets[0].all.flat().join('')).not.toContain('重点关注');
    const rows = records(sheets[0]);
    expect(rows.map((r) => r['记录'])).toEqual(['数学作业完成情况沟通']);
  });
});

describe('结业证书 (certificate register)', () => {
  it('every issued certificate of the year with its number and holder, cell by cell', async () => {
    const certs = (await all<CertificateDoc>('certificates', { schoolId: A, schoolYear: YEAR })).filter((c) => c.status !== 'pending');
    expect(certs.length).toBeGreaterThan(0);
    const view = await runExport(cloud, PRINCIPAL, { kind: 'certificates', scope: SCHOOL });
    const { sheets } = await readWorkbook(view.url!);
    const rows = records(sheets[0]);
    expect(rows).toHaveLength(certs.length);
    for (const c of certs) {
      const r = rows.find((x) => x['证书编号'] === c.number)!;
      expect(r['持证人']).toBe(c.holderName);
      expect(r['学生姓名']).toBe(children.get(c.familyId)!.name);
      expect(r['班级']).toBe(classNames.get(c.classId));
      expect(Number(r['学时'])).toBe(c.hours);
      expect(r['状态']).toBe(c.status === 'valid' ? '有效' : '已撤销');
      expect(r['发放时间']).toBe(formatDateTime(c.issuedAt!));
    }
    noPhones(sheets);
  });
});

describe('access', () => {
  const cases: [string, string, unknown, string][] = [
    ['a parent of the school', PARENT, { kind: 'hours', scope: SCHOOL }, 'FORBIDDEN'],
    ['another school’s admin, school A', ADMIN_B, { kind: 'hours', scope: SCHOOL }, 'FORBIDDEN'],
    ['another school’s admin, A’s class under B', ADMIN_B, { kind: 'hours', scope: { kind: 'class', schoolId: B, classId: SCHOOL_SEED.classA31 } }, 'FORBIDDEN'],
    ['the grade director, the whole school', DIRECTOR, { kind: 'attendance', scope: SCHOOL }, 'FORBIDDEN'],
    ['the grade director, another grade', DIRECTOR, { kind: 'hours', scope: { kind: 'grade', schoolId: A, gradeId: `${A}-g4` } }, 'FORBIDDEN'],
    ['the grade director, a class of another grade', DIRECTOR, { kind: 'visits', scope: { kind: 'class', schoolId: A, classId: `${A}-g4-c1` } }, 'FORBIDDEN'],
    ['the head teacher, the grade', HEAD, { kind: 'hours', scope: { kind: 'grade', schoolId: A, gradeId: SCHOOL_SEED.gradeA3 } }, 'FORBIDDEN'],
    ['the head teacher, the neighbour class', HEAD, { kind: 'hours', scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA32 } }, 'FORBIDDEN'],
    ['the principal, the alliance', PRINCIPAL, { kind: 'hours', scope: { kind: 'alliance', schoolId: A } }, 'EXPORT_ALLIANCE_SCOPE'],
    ['the principal, another school’s course', PRINCIPAL, { kind: 'archive', scope: SCHOOL, courseId: 'no-such-course' }, 'EXPORT_COURSE_NOT_FOUND'],
    ['an archive without a course', PRINCIPAL, { kind: 'archive', scope: SCHOOL }, 'VALIDATION_FAILED'],
    ['a malformed school year', PRINCIPAL, { kind: 'hours', scope: SCHOOL, schoolYear: '2026-2028' }, 'VALIDATION_FAILED'],
  ];
  it.each(cases)('%s → refused, nothing written', async (_name, openid, input, expected) => {
    const before = (await cloud.db.collection('export_jobs').where({}).count()).total;
    const r = await cloud.call('export', openid, 'startExport', input);
    expect(code(r)).toBe(expected);
    if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await cloud.db.collection('export_jobs').where({}).count()).total).toBe(before);
  });

  it('a B course for A’s principal is not found; the B principal exports their own school', async () => {
    const bCourse = (await all<CourseDoc>('courses', { schoolId: B }))[0];
    if (bCourse) expect(code(await cloud.call('export', PRINCIPAL, 'startExport', { kind: 'archive', scope: SCHOOL, courseId: bCourse._id }))).toBe('EXPORT_COURSE_NOT_FOUND');
    const v = await runExport(cloud, 'demo-principal-002', { kind: 'certificates', scope: { kind: 'school', schoolId: B } });
    expect(v.period).toContain('滨江第二中学');
  });

  it('only the owner reads a job: another leader of the same school, a parent → not found', async () => {
    const view = await runExport(cloud, PRINCIPAL, { kind: 'certificates', scope: SCHOOL });
    for (const other of ['demo-admin-001', PARENT, ADMIN_B]) {
      expect(code(await cloud.call('export', other, 'exportStatus', { jobId: view.jobId }))).toBe('EXPORT_JOB_NOT_FOUND');
      expect(code(await cloud.call('export', other, 'continueExport', { jobId: view.jobId }))).toBe('EXPORT_JOB_NOT_FOUND');
    }
    const mine = ok(await cloud.call<ExportJobView>('export', PRINCIPAL, 'exportStatus', { jobId: view.jobId }));
    expect(mine.url).toBeTruthy();
    const job = (await cloud.db.collection('export_jobs').doc(view.jobId).get()).data as ExportJobDoc;
    expect(job.fileId).toContain(`exports/${A}/`);
  });
});

describe('jobs', () => {
  it('twelve starts of the same export at once make one job; four clients driving it at once make one correct workbook', async () => {
    const input = { kind: 'attendance', scope: { kind: 'grade', schoolId: A, gradeId: SCHOOL_SEED.gradeA3 } };
    const starts = await Promise.all(Array.from({ length: 12 }, () => cloud.call<ExportJobView>('export', DIRECTOR, 'startExport', input)));
    expect(starts.map(code)).toEqual(Array(12).fill('OK'));
    const ids = new Set(starts.map((r) => ok(r).jobId));
    expect(ids.size).toBe(1);
    const [jobId] = [...ids];
    expect(await all('export_jobs', { _id: jobId })).toHaveLength(1);
    const drivers = await Promise.all(Array.from({ length: 4 }, () => drive(cloud, DIRECTOR, ok(starts[0]))));
    for (const d of drivers) expect(d.view.status).toBe('done');
    const job = (await cloud.db.collection('export_jobs').doc(jobId).get()).data as ExportJobDoc;
    expect(job.gen).toBe(1);
    // Steps never ran twice into the result: the rows equal a single clean run's.
    const { sheets } = await readWorkbook(drivers[0].view.url!);
    const clean = await runExport(cloud, DIRECTOR, { ...input, courseId: undefined, schoolYear: YEAR, sessionId: undefined });
    expect(clean.jobId).toBe(jobId); // the same export: handed back (finished a moment ago), not rebuilt
    expect(sheets[0].rows.length).toBe(job.rows);
    expect(await all('export_chunks', { jobId })).toHaveLength(0);
  });

  it('a step that crashed (chunk half written, lease held by a dead call) is redone once its lease expires; the workbook is right', async () => {
    const input = { kind: 'hours', scope: { kind: 'grade', schoolId: A, gradeId: SCHOOL_SEED.gradeA3 } };
    const reference = await runExport(cloud, PRINCIPAL, input);
    const refRows = (await readWorkbook(reference.url!)).sheets[0].rows;
    // Restart it (a later start of a finished job rebuilds it) and crash its first step.
    await cloud.db.collection('export_jobs').doc(reference.jobId).update({ data: { finishedAt: new Date(0) } });
    const v = ok(await cloud.call<ExportJobView>('export', PRINCIPAL, 'startExport', input));
    expect(v.status).toBe('running');
    const job = (await cloud.db.collection('export_jobs').doc(v.jobId).get()).data as ExportJobDoc;
    expect(job.gen).toBe(2);
    await cloud.db.collection('export_chunks').doc(chunkId(job._id, job.gen, 0)).set({ data: { jobId: job._id, gen: job.gen, step: 0, phase: 'ledger', data: { bogus: [999, 999, 999, 999, 999, 999, ''] }, createdAt: new Date(), expiresAt: job.expiresAt } });
    await cloud.db.collection('export_jobs').doc(job._id).update({ data: { leaseUntil: new Date(Date.now() + 60_000) } });
    const held = ok(await cloud.call<ExportJobView>('export', PRINCIPAL, 'continueExport', { jobId: job._id }));
    expect(held).toMatchObject({ status: 'running', rowsRead: 0 });
    await cloud.db.collection('export_jobs').doc(job._id).update({ data: { leaseUntil: new Date(Date.now() - 1) } });
    const { view } = await drive(cloud, PRINCIPAL, held);
    expect(view.status).toBe('done');
    const rows = (await readWorkbook(view.url!)).sheets[0].rows;
    expect(rows).toEqual(refRows);
    expect(rows.flat()).not.toContain('999');
  });

  it('export-cron deletes expired jobs with their chunks and files', async () => {
    const view = await runExport(cloud, PRINCIPAL, { kind: 'certificates', scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA31 } });
    const job = (await cloud.db.collection('export_jobs').doc(view.jobId).get()).data as ExportJobDoc;
    await cloud.db.collection('export_jobs').doc(view.jobId).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(code(await cloud.call('export', PRINCIPAL, 'exportStatus', { jobId: view.jobId }))).toBe('EXPORT_JOB_NOT_FOUND');
    await cloud.fireTimer('export-cron', 'exportSweep');
    expect(await all('export_jobs', { _id: view.jobId })).toHaveLength(0);
    await expect(cloud.sdk.downloadFile({ fileID: job.fileId! })).rejects.toBeTruthy();
  });

  it('export-cron continues a job whose client went away', async () => {
    const v = ok(await cloud.call<ExportJobView>('export', HEAD, 'startExport', { kind: 'hours', scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA31 } }));
    await cloud.db.collection('export_jobs').doc(v.jobId).update({ data: { updatedAt: new Date(Date.now() - 120_000) } });
    await cloud.fireTimer('export-cron', 'exportSweep');
    const after = ok(await cloud.call<ExportJobView>('export', HEAD, 'exportStatus', { jobId: v.jobId }));
    expect(after.status).toBe('done');
    const staff = await all<StaffDoc>('staff', { schoolId: A });
    const text = (await readWorkbook(after.url!)).sheets.flatMap((s) => s.all.flat()).join(' ');
    for (const s of staff) expect(text).not.toContain(s.phone);
  });
});
