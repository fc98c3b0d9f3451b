/**
 * Demo courses: each school gets a term's worth of courses of every form — some full with a
 * waitlist, some finished, some online, one draft, one cancelled, one not yet open, and a 教联体
 * course from the lead school — with enrolments consistent with the counters on each course.
 *
 * Builds on what the school seed wrote (schools, classes, staff, guardians, users): nothing is
 * hard-coded but the course plan. Ids are deterministic and the seed only inserts what is missing
 * (dates are relative to the first run so that a fresh demo always has courses open for enrolment).
 */
import { ensureSeats } from './seats';
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';
import { insertMissing, rng } from '../school/seed-util';
import type { Audience, CourseDoc, CourseForm, CourseStatus, CourseTopic, EnrollmentDoc, Mode, Speaker } from '../../types/course/course.schema';
import { DEFAULT_CLASS_HOUR_RULE } from '../../types/course/course.schema';
import { audienceKeysFor, audienceMatches, isFull, semesterOf, sessionClassHours } from '../../types/course/course.rules';
import { shanghai } from '../../types/common/time';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Plan {
  key: string;
  title: string;
  summary: string;
  form: CourseForm;
  topics: CourseTopic[];
  /** Days from today (Shanghai) of the first session, at `hour`. */
  day: number;
  hour: number;
  minutes: number;
  sessions?: number;
  mode: 'offline' | 'live' | 'recorded';
  place?: string;
  audience: 'school' | 'grade' | 'class' | 'alliance';
  speaker: 'staff-psych' | 'staff-guide' | 'staff-principal' | 'expert';
  expert?: { name: string; title: string; organization?: string };
  capacity: number;
  seatsPerFamily: 1 | 2;
  status: CourseStatus;
  /** Families enrolled (capped by capacity) and waiting. */
  enrol: number;
  wait: number;
  /** Enrolment opens this many days before the first session (default 14). */
  opensBefore?: number;
  cancelReason?: string;
  leadOnly?: boolean;
}

const PLANS: Plan[] = [
  { key: 'first-lesson', title: '新学期家长第一课：家校协同育人', summary: '解读学校本学期家长学校教学计划，介绍家校沟通渠道与家长接待日安排。', form: '集体授课', topics: ['家风家教'], day: -60, hour: 19, minutes: 90, mode: 'offline', place: '学校报告厅', audience: 'school', speaker: 'staff-principal', capacity: 300, seatsPerFamily: 2, status: 'finished', enrol: 45, wait: 0 },
  { key: 'open-day', title: '家长开放日：走进孩子的课堂', summary: '家长随堂听课，课后与任课教师交流。', form: '家长开放日', topics: ['其他'], day: -35, hour: 9, minutes: 180, mode: 'offline', place: '各班教室', audience: 'school', speaker: 'staff-principal', capacity: 120, seatsPerFamily: 2, status: 'finished', enrol: 30, wait: 0 },
  { key: 'reading-share', title: '亲子共读打卡分享会', summary: '分享一个月的亲子共读打卡，交流陪读方法。', form: '亲子活动', topics: ['亲子共读'], day: -14, hour: 15, minutes: 90, mode: 'offline', place: '学校图书馆', audience: 'grade', speaker: 'staff-guide', capacity: 40, seatsPerFamily: 2, status: 'finished', enrol: 12, wait: 0 },
  { key: 'emotion', title: '读懂孩子的情绪：家长情绪管理讲座', summary: '心理健康教师讲解儿童青少年常见情绪问题，以及家长如何接纳、倾听与引导。', form: '专题讲座', topics: ['心理健康'], day: 6, hour: 19, minutes: 90, mode: 'offline', place: '学校报告厅', audience: 'school', speaker: 'staff-psych', capacity: 12, seatsPerFamily: 1, status: 'published', enrol: 12, wait: 5 },
  { key: 'salon', title: '家风家教分享沙龙', summary: '围坐交流：我家的家规与家训，如何把好家风传下去。', form: '家长沙龙/工作坊', topics: ['家风家教'], day: 9, hour: 19, minutes: 120, mode: 'offline', place: '家长学校活动室', audience: 'school', speaker: 'staff-guide', capacity: 8, seatsPerFamily: 1, status: 'published', enrol: 8, wait: 3 },
  { key: 'reading', title: '亲子共读：如何陪孩子读好一本书', summary: '选书、提问、讨论：把睡前阅读变成亲子对话。', form: '家长课堂', topics: ['亲子共读'], day: 12, hour: 19, minutes: 45, sessions: 2, mode: 'offline', place: '学校图书馆', audience: 'grade', speaker: 'staff-guide', capacity: 30, seatsPerFamily: 2, status: 'published', enrol: 6, wait: 0 },
  { key: 'labour', title: '秋季亲子劳动实践日', summary: '亲子同做家务与校园种植，记录劳动清单。', form: '亲子活动', topics: ['劳动教育'], day: 16, hour: 9, minutes: 150, mode: 'offline', place: '学校劳动实践基地', audience: 'school', speaker: 'staff-guide', capacity: 40, seatsPerFamily: 2, status: 'published', enrol: 10, wait: 0 },
  { key: 'phone', title: '线上微课：孩子沉迷手机怎么办', summary: '15分钟微课，讲清约定屏幕时间的方法。', form: '线上微课', topics: ['网络素养'], day: 3, hour: 20, minutes: 45, mode: 'recorded', audience: 'school', speaker: 'expert', expert: { name: '周敏', title: '家庭教育指导师', organization: '区家庭教育指导中心' }, capacity: 1000, seatsPerFamily: 1, status: 'published', enrol: 20, wait: 0 },
  { key: 'safety-live', title: '直播课：校园安全与危机应对', summary: '防溺水、防欺凌与突发事件时家长怎么做，直播中可提问。', form: '线上微课', topics: ['安全与危机应对'], day: 5, hour: 20, minutes: 60, mode: 'live', audience: 'school', speaker: 'expert', expert: { name: '孙立', title: '安全教育讲师', organization: '市青少年安全教育中心' }, capacity: 500, seatsPerFamily: 1, status: 'published', enrol: 15, wait: 0 },
  { key: 'life', title: '生命教育：和孩子一起谈生命', summary: '用绘本和生活中的小事，帮孩子理解生命、珍爱生命。', form: '专题讲座', topics: ['生命教育', '心理健康'], day: 20, hour: 19, minutes: 90, mode: 'offline', place: '三楼多功能厅', audience: 'class', speaker: 'staff-psych', capacity: 20, seatsPerFamily: 2, status: 'published', enrol: 3, wait: 0 },
  { key: 'career', title: '职业生涯启蒙：家长职业分享', summary: '邀请家长走进课堂介绍自己的职业。', form: '集体授课', topics: ['职业生涯'], day: 40, hour: 14, minutes: 90, mode: 'offline', place: '学校报告厅', audience: 'school', speaker: 'staff-guide', capacity: 100, seatsPerFamily: 1, status: 'draft', enrol: 0, wait: 0 },
  { key: 'term-end', title: '期末家长课：假期家庭教育指导', summary: '寒假作息、阅读与安全提醒。', form: '集体授课', topics: ['安全与危机应对', '家风家教'], day: 45, hour: 19, minutes: 90, mode: 'offline', place: '学校报告厅', audience: 'school', speaker: 'staff-principal', capacity: 200, seatsPerFamily: 2, status: 'published', enrol: 0, wait: 0, opensBefore: 10 },
  { key: 'cancelled', title: '防溺水安全专题讲座', summary: '夏季防溺水知识与急救常识。', form: '专题讲座', topics: ['安全与危机应对'], day: 8, hour: 19, minutes: 60, mode: 'offline', place: '学校操场', audience: 'school', speaker: 'expert', expert: { name: '钱峰', title: '急救培训讲师', organization: '市红十字会' }, capacity: 80, seatsPerFamily: 1, status: 'cancelled', enrol: 4, wait: 0, cancelReason: '讲师行程调整，另行通知' },
  { key: 'alliance', title: '教联体联合讲座：“双减”下的家庭教育', summary: '教联体各校家长共同参加，区教研员主讲。', form: '专题讲座', topics: ['家风家教', '心理健康'], day: 18, hour: 19, minutes: 90, mode: 'live', audience: 'alliance', speaker: 'expert', expert: { name: '郑雪', title: '区家庭教育教研员', organization: '区教师发展中心' }, capacity: 400, seatsPerFamily: 1, status: 'published', enrol: 16, wait: 0, leadOnly: true },
];

export { semesterOf };

async function all(db: Database, collection: string, where: Doc): Promise<Doc[]> {
  const out: Doc[] = [];
  for (;;) {
    const r = await db.collection(collection).where(where).skip(out.length).limit(1000).get();
    out.push(...r.data);
    if (r.data.length < 1000) return out;
  }
}

/** A deterministic shuffle (same order every run), so that each course has its own families. */
function shuffle<T>(list: T[], key: string): T[] {
  let seed = 0;
  for (const ch of key) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  const r = rng(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface Family {
  childId: string;
  childName: string;
  schoolId: string;
  gradeId: string;
  classId: string;
  userId: string;
  openid: string;
}

export async function seedCourses(db: Database, now: Date = new Date()): Promise<Record<string, number>> {
  const _ = db.command;
  const schools = await all(db, 'schools', {});
  const alliances = await all(db, 'alliances', {});
  const courses: CourseDoc[] = [];
  const enrollments: EnrollmentDoc[] = [];
  const semester = semesterOf(now);
  const today = shanghai(now).startOf('day');

  for (const school of schools.sort((a, b) => String(a._id).localeCompare(String(b._id)))) {
    const schoolId = String(school._id);
    const alliance = alliances.find((a) => (a.schoolIds as string[]).includes(schoolId));
    const isLead = alliance?.leadSchoolId === schoolId;
    const grades = (await all(db, 'grades', { schoolId })).sort((a, b) => a.order - b.order);
    const classes = (await all(db, 'classes', { schoolId })).sort((a, b) => String(a._id).localeCompare(String(b._id)));
    const staff = await all(db, 'staff', { schoolId });
    if (grades.length === 0 || classes.length === 0) continue;

    // families: the first guardian of each child of the school (guardians by class)
    const guardians: Doc[] = [];
    for (const c of classes) guardians.push(...(await all(db, 'guardians', { classId: c._id })));
    const byChild = new Map<string, Doc>();
    for (const g of guardians.sort((a, b) => String(a._id).localeCompare(String(b._id)))) if (!byChild.has(g.childId)) byChild.set(g.childId, g);
    const userIds = [...new Set([...byChild.values()].map((g) => String(g.userId)))];
    const users = new Map<string, Doc>();
    for (let i = 0; i < userIds.length; i += 500) {
      const r = await db.collection('users').where({ _id: _.in(userIds.slice(i, i + 500)) }).limit(1000).get();
      r.data.forEach((u) => users.set(String(u._id), u));
    }
    const families: Family[] = [];
    for (const g of byChild.values()) {
      const u = users.get(String(g.userId));
      const link = (u?.children as Doc[] | undefined)?.find((c) => c.childId === g.childId);
      if (!u || !link) continue;
      families.push({ childId: g.childId, childName: link.childName, schoolId, gradeId: g.gradeId, classId: g.classId, userId: String(u._id), openid: String(u.openid) });
    }
    // member-school families for the 教联体 course
    const memberFamilies: Family[] = [];

    const pickStaff = (title: string) => staff.find((s) => (s.positions as Doc[]).some((p) => p.title === title));
    const creator = staff.find((s) => s.userId && (s.positions as Doc[]).some((p) => p.title === '家庭教育指导教师')) ?? staff.find((s) => s.userId);
    const createdBy = creator?.userId ? String(creator.userId) : userIdFor(`demo-admin-${schoolId}`);
    const midGrade = grades[Math.min(2, grades.length - 1)];
    const firstClass = classes.find((c) => c.gradeId === midGrade._id) ?? classes[0];

    for (const p of PLANS) {
      if (p.leadOnly && !isLead) continue;
      const courseId = `course-${schoolId}-${p.key}`;
      const audience: Audience =
        p.audience === 'grade'
          ? { kind: 'grades', gradeIds: [String(midGrade._id)] }
          : p.audience === 'class'
            ? { kind: 'classes', classIds: [String(firstClass._id)] }
            : p.audience === 'alliance' && alliance
              ? { kind: 'alliance', schoolIds: (alliance.schoolIds as string[]).filter((s) => s !== schoolId) }
              : { kind: 'school' };
      const speakerStaff = p.speaker === 'staff-psych' ? pickStaff('心理健康教师') : p.speaker === 'staff-principal' ? pickStaff('校长') : p.speaker === 'staff-guide' ? pickStaff('家庭教育指导教师') : undefined;
      const speaker: Speaker = p.expert
        ? { kind: 'expert', ...p.expert }
        : { kind: 'staff', staffId: speakerStaff ? String(speakerStaff._id) : undefined, name: speakerStaff ? String(speakerStaff.name) : '学校教师', title: p.speaker === 'staff-psych' ? '心理健康教师' : p.speaker === 'staff-principal' ? '校长' : '家庭教育指导教师' };
      const mode: Mode = p.mode === 'offline' ? { kind: 'offline', place: p.place ?? '学校报告厅' } : p.mode === 'live' ? { kind: 'live', link: `https://live.example.cn/parent-school/${p.key}`, platform: '腾讯会议' } : { kind: 'recorded', link: `https://video.example.cn/micro/${p.key}` };
      const sessions = Array.from({ length: p.sessions ?? 1 }, (_x, i) => {
        const startAt = today.add(p.day + i * 7, 'day').hour(p.hour).minute(0).toDate();
        const endAt = new Date(startAt.getTime() + p.minutes * 60_000);
        return { sessionId: `${courseId}-s${i + 1}`, startAt, endAt, classHours: sessionClassHours({ startAt, endAt }, DEFAULT_CLASS_HOUR_RULE) };
      });
      const startAt = sessions[0].startAt;
      const endAt = sessions[sessions.length - 1].endAt;
      const enrollOpensAt = new Date(startAt.getTime() - (p.opensBefore ?? 14) * 86400_000);
      const enrollClosesAt = new Date(startAt.getTime() - 2 * 3600_000);
      const pool = shuffle(
        (p.audience === 'alliance' ? [...families, ...memberFamilies] : families).filter((f) => audienceMatches({ schoolId, audience }, f)),
        `${schoolId}/${p.key}`,
      );
      const take = Math.min(p.enrol, p.capacity, pool.length);
      const chosen = pool.slice(0, take + Math.min(p.wait, Math.max(0, pool.length - take)));
      let enrolledSeats = 0;
      let enrolledFamilies = 0;
      let waitlistFamilies = 0;
      chosen.forEach((f, i) => {
        const seats = p.seatsPerFamily === 2 && i % 3 === 0 && enrolledSeats + 2 <= p.capacity ? 2 : 1;
        const status = i < take && enrolledSeats + seats <= p.capacity ? 'enrolled' : 'waitlisted';
        const at = new Date(enrollOpensAt.getTime() + (i + 1) * 7 * 60_000);
        if (status === 'enrolled') {
          enrolledSeats += seats;
          enrolledFamilies += 1;
        } else waitlistFamilies += 1;
        enrollments.push({
          _id: `${courseId}_${f.childId}`,
          courseId,
          schoolId,
          semester,
          familyId: f.childId,
          childSchoolId: f.schoolId,
          gradeId: f.gradeId,
          classId: f.classId,
          childName: f.childName,
          userId: f.userId,
          openid: f.openid,
          seats: status === 'enrolled' ? seats : 1,
          status,
          seq: i + 1,
          ...(status === 'enrolled' ? { enrolledAt: at } : { waitlistedAt: at }),
          createdAt: at,
          updatedAt: at,
        });
      });
      const counts = { capacity: p.capacity, enrolledSeats, waitlistFamilies };
      courses.push({
        _id: courseId,
        schoolId,
        title: p.title,
        summary: p.summary,
        form: p.form,
        topics: p.topics,
        audience,
        audienceKeys: audienceKeysFor(schoolId, audience),
        speaker,
        mode,
        sessions,
        startAt,
        endAt,
        totalClassHours: sessions.reduce((s, x) => s + x.classHours, 0),
        classHourRule: DEFAULT_CLASS_HOUR_RULE,
        capacity: p.capacity,
        seatsPerFamily: p.seatsPerFamily,
        enrollOpensAt,
        enrollClosesAt,
        cancelDeadline: new Date(startAt.getTime() - 24 * 3600_000),
        semester,
        status: p.status,
        enrolledSeats,
        enrolledFamilies,
        waitlistFamilies,
        full: isFull(counts),
        seq: chosen.length,
        createdBy,
        createdAt: new Date(enrollOpensAt.getTime() - 2 * 86400_000),
        updatedAt: new Date(enrollOpensAt.getTime() - 2 * 86400_000),
        ...(p.status !== 'draft' ? { publishedAt: enrollOpensAt } : {}),
        ...(p.status === 'cancelled' ? { cancelledAt: new Date(now.getTime() - 86400_000), cancelReason: p.cancelReason ?? '' } : {}),
      });
    }
  }

  // Insert enrolments of a course only together with the course itself, so counters always match.
  const courseIds = courses.map((c) => c._id);
  const existing = new Set<string>();
  for (let i = 0; i < courseIds.length; i += 500) {
    const r = await db.collection('courses').where({ _id: _.in(courseIds.slice(i, i + 500)) }).field({ _id: true }).limit(1000).get();
    r.data.forEach((d) => existing.add(String(d._id)));
  }
  const fresh = new Set(courseIds.filter((id) => !existing.has(id)));
  const nEnrol = await insertMissing(db, 'enrollments', enrollments.filter((e) => fresh.has(e.courseId)) as unknown as (Doc & { _id: string })[]);
  const nCourses = await insertMissing(db, 'courses', courses.filter((c) => fresh.has(c._id)) as unknown as (Doc & { _id: string })[]);
  // Seat documents: the enrolled families hold seats 1..k in arrival order, the rest are free.
  for (const c of courses.filter((x) => fresh.has(x._id))) {
    await ensureSeats(db, c, enrollments.filter((e) => e.courseId === c._id && e.status === 'enrolled'), now);
  }
  return { courses: nCourses, enrollments: nEnrol };
}
