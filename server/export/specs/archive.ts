/**
 * 课程完整档案 (the "五有" parent school's 完整档案 of one course): the plan (form, topics, audience,
 * speaker, mode, rule), every session with its counts, the attendance register, and the materials
 * (cover, recorded/live link, the notices sent to the course with their attachments).
 */
import { findAll, findById } from '../../core/persistence';
import { ATTENDANCE_STATUSES, ATTENDANCE_STATUS_LABELS } from '../../../types/attendance/attendance.schema';
import { COURSE_STATUS_LABELS, MODE_LABELS, type CourseDoc } from '../../../types/course/course.schema';
import type { NoticeDoc } from '../../../types/notice/notice.schema';
import type { ExportSpec, Sheet } from '../spec';
import { ATTENDANCE_COLUMNS, attendancePhases, plannedCourses, registerRows } from './attendance';
import { dt } from './lookups';

function audienceText(c: CourseDoc, className: (id: string) => string, gradeName: (id: string) => string): string {
  switch (c.audience.kind) {
    case 'school':
      return '全校家长';
    case 'grades':
      return c.audience.gradeIds.map(gradeName).join('、');
    case 'classes':
      return c.audience.classIds.map(className).join('、');
    case 'alliance':
      return `教联体成员学校（${c.audience.schoolIds.length}所）`;
  }
}

function modeText(c: CourseDoc): string {
  const m = c.mode;
  if (m.kind === 'offline') return `${MODE_LABELS.offline}：${m.place}`;
  if (m.kind === 'live') return `${MODE_LABELS.live}${m.platform ? `（${m.platform}）` : ''}`;
  return MODE_LABELS.recorded;
}

export const archiveSpec: ExportSpec = {
  async plan(ctx, _actor, input) {
    const { courses, sessions } = await plannedCourses({ db: ctx.db }, input.scope.schoolId, input.schoolYear, input.courseId);
    return {
      plan: [
        { phase: 'enrolled', items: courses.map((c) => c._id) },
        { phase: 'records', items: sessions.map((s) => s.session.sessionId) },
      ],
      courseTitle: courses[0].title,
    };
  },
  phases: attendancePhases,
  async finish(run, chunks) {
    const { ctx, scope, job } = run;
    const course = await findById<CourseDoc>(ctx.db, 'courses', job.params.courseId!);
    const { sessions } = await plannedCourses({ db: ctx.db }, job.schoolId, job.params.schoolYear, job.params.courseId);
    const c = course!;
    const register = await registerRows(run, chunks, sessions);
    const speaker = c.speaker.kind === 'staff' ? `${c.speaker.name}${c.speaker.title ? `（${c.speaker.title}）` : ''}` : `${c.speaker.name}（${c.speaker.title}${c.speaker.organization ? `，${c.speaker.organization}` : ''}）`;
    const plan: Sheet = {
      name: '课程方案',
      columns: [{ header: '项目', width: 16 }, { header: '内容', width: 60 }],
      rows: [
        ['课程名称', c.title],
        ['授课形式', c.form],
        ['课程主题', c.topics.join('、')],
        ['面向对象', audienceText(c, scope.className, scope.gradeName)],
        ['主讲人', speaker],
        ['主讲人类型', c.speaker.kind === 'staff' ? '本校教师' : '校外专家'],
        ['上课方式', modeText(c)],
        ['学期', c.semester],
        ['课次数', c.sessions.length],
        ['总课时', c.totalClassHours],
        ['课时规则', `每${c.classHourRule.minutesPerClassHour}分钟计1课时`],
        ['名额', c.capacity],
        ['报名家庭数', c.enrolledFamilies],
        ['报名时间', `${dt(c.enrollOpensAt)} 至 ${dt(c.enrollClosesAt)}`],
        ['课程状态', COURSE_STATUS_LABELS[c.status]],
        ['课程简介', c.summary || '（无）'],
      ],
    };
    // Per session: counts of each status over the scope's families (from the register rows).
    const counts = new Map<string, Record<string, number>>();
    for (const r of register) {
      const key = `${r[0]}|${r[2]}`;
      const m = counts.get(key) ?? {};
      m[String(r[5])] = (m[String(r[5])] ?? 0) + 1;
      counts.set(key, m);
    }
    const statusLabels = [...ATTENDANCE_STATUSES.map((s) => ATTENDANCE_STATUS_LABELS[s]), '未登记'];
    const sessionSheet: Sheet = {
      name: '课次',
      columns: [{ header: '课次', width: 8 }, { header: '开始', width: 18 }, { header: '结束', width: 18 }, { header: '地点', width: 20 }, { header: '课时', width: 8 }, ...statusLabels.map((h) => ({ header: h, width: 8 }))],
      rows: sessions.map(({ session, index }) => {
        const m = counts.get(`${dt(session.startAt)}|第${index + 1}次`) ?? {};
        return [`第${index + 1}次`, dt(session.startAt), dt(session.endAt), session.place ?? (c.mode.kind === 'offline' ? c.mode.place : ''), session.classHours, ...statusLabels.map((l) => m[l] ?? 0)];
      }),
    };
    const notices = (await findAll<NoticeDoc>(ctx.db, 'notices', { schoolId: c.schoolId, courseId: c._id })).filter((n) => n.status !== 'withdrawn' && n.status !== 'scheduled');
    const materials: Sheet = {
      name: '课程资料',
      columns: [{ header: '类别', width: 14 }, { header: '名称', width: 36 }, { header: '时间', width: 18 }, { header: '说明', width: 40 }],
      rows: [
        ...(c.coverFileId ? [['课程封面', '封面图片', dt(c.createdAt), '已上传至学校云存储']] : []),
        ...(c.mode.kind === 'live' ? [['直播链接', c.mode.platform || '线上直播', '', c.mode.link]] : []),
        ...(c.mode.kind === 'recorded' ? [['录播视频', c.mode.link || '录播文件', '', c.mode.fileId ? '已上传至学校云存储' : '']] : []),
        ...notices
          .sort((a, b) => new Date(a.sendAt).getTime() - new Date(b.sendAt).getTime())
          .map((n) => ['课程通知', n.title, dt(n.sendAt), [n.attachment ? `附件：${n.attachment.name}` : '', n.images?.length ? `图片${n.images.length}张` : ''].filter(Boolean).join('；')]),
      ],
    };
    return [plan, sessionSheet, { name: '考勤登记', columns: ATTENDANCE_COLUMNS, rows: register }, materials];
  },
};
