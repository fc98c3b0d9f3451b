/**
 * 考勤登记表: one row per session × family — every enrolled family of the course (未登记 when a held
 * session has no mark) and every family with a record — with status, reason, how and when they
 * checked in and the hours credited. One course, one session of it, or every course of the year.
 * Phases: the courses' enrolments, then each session's records.
 */
import type { Doc } from '../../core/db-types';
import { fail } from '../../core/errors';
import { findById } from '../../core/persistence';
import { ATTENDANCE_STATUS_LABELS, type AttendanceDoc, type AttendanceStatus } from '../../../types/attendance/attendance.schema';
import type { CourseDoc, CourseSession } from '../../../types/course/course.schema';
import type { ExportSpec, Phase, RunContext, Sheet } from '../spec';
import { childrenOf, coursesOfYear, dt, zh, cmp } from './lookups';
import { round2 } from '../../../types/export/export.rules';

const METHOD_LABELS: Record<AttendanceDoc['method'], string> = { qr: '扫码签到', code: '输入签到码', roster: '教师登记' };

/** [courseId, familyId, childName, classId] */
type EnrolledRow = [string, string, string, string];
/** [sessionId, familyId, classId, status, reason, method, checkedInAt ms | 0, creditedHours] */
type RecordRow = [string, string, string, AttendanceStatus, string, AttendanceDoc['method'], number, number];

export const attendancePhases: Record<string, Phase> = {
  enrolled: {
    name: 'enrolled',
    collection: 'enrollments',
    where: (courseId) => ({ courseId, status: 'enrolled' }),
    field: { courseId: true, familyId: true, childName: true, classId: true },
    map: (docs: Doc[]): EnrolledRow[] => docs.map((d) => [d.courseId, d.familyId, d.childName ?? '', d.classId ?? '']),
  },
  records: {
    name: 'records',
    collection: 'attendance_records',
    where: (sessionId) => ({ sessionId }),
    field: { sessionId: true, familyId: true, classId: true, status: true, reason: true, method: true, checkedInAt: true, creditedHours: true },
    map: (docs: Doc[]): RecordRow[] =>
      docs.map((d) => [d.sessionId, d.familyId, d.classId ?? '', d.status, d.reason ?? '', d.method, d.checkedInAt ? new Date(d.checkedInAt).getTime() : 0, d.creditedHours ?? 0]),
  },
};

export interface SessionRef {
  course: CourseDoc;
  session: CourseSession;
  index: number;
}

/** The courses (and sessions) an attendance-like export covers; checks they are the scope's school's. */
export async function plannedCourses(run: { db: RunContext['ctx']['db'] }, schoolId: string, schoolYear: string, courseId?: string, sessionId?: string): Promise<{ courses: CourseDoc[]; sessions: SessionRef[] }> {
  let courses: CourseDoc[];
  if (courseId) {
    const c = await findById<CourseDoc>(run.db, 'courses', courseId);
    if (!c || c.schoolId !== schoolId) fail('EXPORT_COURSE_NOT_FOUND');
    courses = [c];
  } else {
    courses = (await coursesOfYear(run.db, schoolId, schoolYear)).filter((c) => c.status !== 'draft');
  }
  const sessions: SessionRef[] = [];
  for (const course of courses) course.sessions.forEach((session, index) => (!sessionId || session.sessionId === sessionId) && sessions.push({ course, session, index }));
  if (sessionId && !sessions.length) fail('EXPORT_COURSE_NOT_FOUND');
  sessions.sort((a, b) => new Date(a.session.startAt).getTime() - new Date(b.session.startAt).getTime() || cmp(a.course._id, b.course._id) || a.index - b.index);
  return { courses, sessions };
}

export const ATTENDANCE_COLUMNS = [
  { header: '课次时间', width: 18 },
  { header: '课程', width: 24 },
  { header: '课次', width: 8 },
  { header: '班级', width: 14 },
  { header: '学生姓名', width: 12 },
  { header: '考勤状态', width: 10 },
  { header: '请假/更正原因', width: 20 },
  { header: '签到方式', width: 12 },
  { header: '签到时间', width: 18 },
  { header: '所得学时', width: 10 },
];

/** The register's rows from the kept pages (the scope's classes only). */
export async function registerRows(run: RunContext, chunks: Record<string, unknown[]>, sessions: SessionRef[]): Promise<Sheet['rows']> {
  const children = await childrenOf(run.ctx.db, run.job.schoolId);
  const enrolledBy = new Map<string, EnrolledRow[]>();
  for (const page of chunks.enrolled ?? []) {
    for (const e of page as EnrolledRow[]) {
      const list = enrolledBy.get(e[0]);
      if (list) list.push(e);
      else enrolledBy.set(e[0], [e]);
    }
  }
  const recordsBy = new Map<string, Map<string, RecordRow>>();
  for (const page of chunks.records ?? []) {
    for (const r of page as RecordRow[]) {
      let m = recordsBy.get(r[0]);
      if (!m) recordsBy.set(r[0], (m = new Map()));
      m.set(r[1], r);
    }
  }
  const now = run.ctx.now.getTime();
  const rows: Sheet['rows'] = [];
  for (const { course, session, index } of sessions) {
    const held = new Date(session.startAt).getTime() <= now;
    const records = recordsBy.get(session.sessionId) ?? new Map<string, RecordRow>();
    const families = new Map<string, { name: string; classId: string }>();
    for (const e of enrolledBy.get(course._id) ?? []) families.set(e[1], { name: e[2] || children.get(e[1])?.name || '', classId: e[3] });
    for (const r of records.values()) if (!families.has(r[1])) families.set(r[1], { name: children.get(r[1])?.name ?? '（已转出）', classId: r[2] });
    const list = [...families.entries()]
      .map(([familyId, f]) => ({ familyId, ...f, classId: records.get(familyId)?.[2] || f.classId }))
      .filter((f) => run.scope.inScope(f.classId))
      .sort((a, b) => run.scope.classOrder(a.classId) - run.scope.classOrder(b.classId) || zh(a.name, b.name) || cmp(a.familyId, b.familyId));
    for (const f of list) {
      const r = records.get(f.familyId);
      rows.push([
        dt(session.startAt),
        course.title,
        `第${index + 1}次`,
        run.scope.className(f.classId),
        f.name,
        r ? ATTENDANCE_STATUS_LABELS[r[3]] : held ? '未登记' : '未开始',
        r?.[4] ?? '',
        r ? METHOD_LABELS[r[5]] ?? '' : '',
        r?.[6] ? dt(r[6]) : '',
        r ? round2(r[7]) : 0,
      ]);
    }
  }
  return rows;
}

/** 签到汇总: one row per family (class, name), the status of each session, sessions attended and hours. */
export function registerGrid(rows: Sheet['rows'], sessionCount: number): Sheet {
  const byFamily = new Map<string, { cls: string; name: string; marks: string[]; hours: number }>();
  for (const r of rows) {
    const key = `${r[3]}|${r[4]}`;
    const f = byFamily.get(key) ?? { cls: String(r[3]), name: String(r[4]), marks: Array(sessionCount).fill(''), hours: 0 };
    const n = Number(String(r[2]).replace(/\D/g, '')) - 1;
    if (n >= 0 && n < sessionCount) f.marks[n] = String(r[5]);
    f.hours += Number(r[9]) || 0;
    byFamily.set(key, f);
  }
  const attended = (m: string[]) => m.filter((x) => x === '出席' || x === '迟到' || x === '早退').length;
  return {
    name: '签到汇总',
    columns: [{ header: '班级', width: 14 }, { header: '学生姓名', width: 12 }, ...Array.from({ length: sessionCount }, (_, i) => ({ header: `第${i + 1}次`, width: 8 })), { header: '出勤次数', width: 10 }, { header: '学时合计', width: 10 }],
    rows: [...byFamily.values()].map((f) => [f.cls, f.name, ...f.marks, attended(f.marks), round2(f.hours)]),
  };
}

export const attendanceSpec: ExportSpec = {
  async plan(ctx, _actor, input) {
    const { courses, sessions } = await plannedCourses({ db: ctx.db }, input.scope.schoolId, input.schoolYear, input.courseId, input.sessionId);
    const one = input.sessionId ? sessions[0] : null;
    return {
      plan: [
        { phase: 'enrolled', items: courses.map((c) => c._id) },
        { phase: 'records', items: sessions.map((s) => s.session.sessionId) },
      ],
      courseTitle: input.courseId ? courses[0].title : null,
      sessionText: one ? `第${one.index + 1}次 ${dt(one.session.startAt)}` : null,
    };
  },
  phases: attendancePhases,
  async finish(run, chunks) {
    const { sessions } = await plannedCourses({ db: run.ctx.db }, run.job.schoolId, run.job.params.schoolYear, run.job.params.courseId, run.job.params.sessionId);
    const rows = await registerRows(run, chunks, sessions);
    const sheets: Sheet[] = [{ name: '考勤登记', columns: ATTENDANCE_COLUMNS, rows }];
    // One course: the paper register's grid too — a family per row, a session per column.
    if (run.job.params.courseId && !run.job.params.sessionId) sheets.push(registerGrid(rows, sessions.length));
    return sheets;
  },
};
