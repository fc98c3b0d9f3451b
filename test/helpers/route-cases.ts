/**
 * One valid input per action of every function, naming school A's records (seeded demo data), for
 * the data-driven security tests (test/cross-school.test.ts, test/consent-enforced.test.ts).
 * Keyed by the functions' routes tables: a new action needs a case here.
 */
import { SCHOOL_SEED } from '../../scripts/seed';
import { userIdFor } from '../../server/access/actor';
import { routes as schoolRoutes } from '../../cloudfunctions/school/index';
import { routes as courseRoutes } from '../../cloudfunctions/course/index';
import { routes as attendanceRoutes } from '../../cloudfunctions/attendance/index';
import { routes as creditRoutes } from '../../cloudfunctions/credit/index';
import { routes as receptionRoutes } from '../../cloudfunctions/reception/index';
import { routes as certificateRoutes } from '../../cloudfunctions/certificate/index';
import { routes as noticeRoutes } from '../../cloudfunctions/notice/index';
import { NOTICE_SEED } from '../../server/notice/notice.seed';
import { routes as authRoutes } from '../../cloudfunctions/auth/index';
import { routes as contactRoutes } from '../../cloudfunctions/contact/index';
import { routes as oversightRoutes } from '../../cloudfunctions/oversight/index';
import { createHash } from 'crypto';
import { COLLECTIONS } from '../../server/db/collections';
import type { TestCloud } from './local-cloud';
import { courseFields } from './course-fields';

export const A = SCHOOL_SEED.schoolA;
export const B = SCHOOL_SEED.schoolB;
/** School B's callers: none of them belongs to school A in any way (asserted by the tests). */
export const ROLES = { admin: 'demo-admin-002', head: 'demo-teacher-101', parent: 'demo-parent-110' } as const;
export type Role = keyof typeof ROLES;

/** Rate-limit counters: a refused code attempt is counted on purpose (the caller's own record). */
export const COUNTERS = new Set(['join_attempts', 'checkin_attempts', 'certificate_verify_attempts']);

/** School A's ids, read from the seeded data in beforeAll. */
export interface Ids {
  childA: string;
  guardianA: string;
  staffA: string;
  memberA: string;
  courseA: string;
  sessionA: string;
  enrolledChildA: string;
  lessonA: string;
  revokedCodeA: string;
  staffInviteA: string;
  childB: string;
  /** Reception (seeded): A's upcoming day, a booking on it, a reopened case, a suggestion, a staff member. */
  receptionDayA: string;
  receptionBookingA: string;
  receptionCaseA: string;
  suggestionA: string;
  receptionistA: string;
  openActivityA: string;
  openSignupA: string;
  /** A valid certificate of school A (issued to 三年级1班 by demo-admin-001 in loadIds). */
  certA: string;
  /** A 家委会 member of school A (contact seed). */
  committeeA: string;
}

export type Case =
  /** A call with school A's ids; `codes`: the refusals that count (default FORBIDDEN / NOT_FOUND / *_NOT_FOUND). */
  | { input: (ids: Ids, role: Role) => unknown; codes?: string[] }
  /** Acts only on the caller's own record; names nothing of another school (why, in words). */
  | { self: string };

export const DENIED = (code: string) => code === 'FORBIDDEN' || code === 'NOT_FOUND' || code.endsWith('_NOT_FOUND');
export const DAY = 86400_000;

export const CASES: Record<string, Record<string, Case>> = {
  school: {
    ensureUser: { self: 'creates or returns the caller’s own users document' },
    acceptConsent: { self: 'records the caller’s own consent' },
    withdrawConsent: { self: 'withdraws the caller’s own consent' },
    me: { self: 'the caller’s own profile' },
    switchChild: { input: (i) => ({ childId: i.childA }) },
    getSchool: { input: () => ({ schoolId: A }) },
    listGrades: { input: () => ({ schoolId: A }) },
    createGrade: { input: () => ({ schoolId: A, name: '十年级', order: 10 }) },
    updateGrade: { input: () => ({ gradeId: SCHOOL_SEED.gradeA3, name: '改名年级' }) },
    deleteGrade: { input: () => ({ gradeId: SCHOOL_SEED.gradeA3 }) },
    createClass: { input: () => ({ gradeId: SCHOOL_SEED.gradeA3, name: '9班' }) },
    updateClass: { input: () => ({ classId: SCHOOL_SEED.classA31, name: '改名班' }) },
    deleteClass: { input: () => ({ classId: SCHOOL_SEED.classA32 }) },
    listStaff: { input: () => ({ schoolId: A }) },
    upsertStaff: { input: (i) => ({ schoolId: B, staffId: i.staffA, name: '冒名', phone: '13900009999', positions: [] }) },
    deleteStaff: { input: (i) => ({ staffId: i.staffA }) },
    createStaffInvite: { input: (i) => ({ staffId: i.staffA, validDays: 7 }) },
    // A join code is an invitation: a revoked one of school A and A's staff invite used as a class code.
    joinAsStaff: { input: (i) => ({ code: i.revokedCodeA }), codes: ['JOIN_CODE_REVOKED', 'JOIN_CODE_INVALID'] },
    listMembers: { input: () => ({ schoolId: A }) },
    setMemberRoles: { input: (i) => ({ schoolId: A, userId: i.memberA, roles: ['teacher', 'admin'] }) },
    importStaff: { input: () => ({ schoolId: A, base64: 'UEsDBA==', dryRun: false }) },
    createJoinCode: { input: () => ({ classId: SCHOOL_SEED.classA31, validDays: 7 }) },
    listJoinCodes: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    revokeJoinCode: { input: () => ({ code: SCHOOL_SEED.joinCodeA31 }) },
    previewJoinCode: { input: (i) => ({ code: i.revokedCodeA }), codes: ['JOIN_CODE_REVOKED'] },
    bindChild: { input: (i) => ({ code: i.staffInviteA, childName: '张三丰', relation: '父亲' }), codes: ['JOIN_CODE_INVALID', 'CONSENT_REQUIRED'] },
    classRoster: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    listGuardians: { input: (i) => ({ childId: i.childA }) },
    removeGuardian: { input: (i) => ({ childId: i.childA, userId: i.guardianA }) },
    // Deciding a guardian request of A's child: only A's 班主任 / admin or the child's guardians.
    confirmGuardian: { input: (i) => ({ childId: i.childA, userId: i.guardianA }) },
    rejectGuardian: { input: (i) => ({ childId: i.childA, userId: i.guardianA }) },
  },
  course: {
    create: { input: () => ({ ...courseFields('跨校测试课程'), schoolId: A }) },
    update: { input: (i) => ({ courseId: i.courseA, title: '被改的标题' }) },
    publish: { input: (i) => ({ courseId: i.courseA }) },
    close: { input: (i) => ({ courseId: i.courseA }) },
    reopen: { input: (i) => ({ courseId: i.courseA }) },
    finish: { input: (i) => ({ courseId: i.courseA }) },
    cancel: { input: (i) => ({ courseId: i.courseA, reason: '跨校取消' }) },
    list: { input: (i) => ({ childId: i.childA }) },
    listManaged: { input: () => ({ schoolId: A }) },
    detail: { input: (i) => ({ courseId: i.courseA }) },
    // The parent's own child on A's course (school audience): not for them; A's child: not theirs.
    enroll: { input: (i, role) => ({ courseId: i.courseA, childId: role === 'parent' ? i.childB : i.enrolledChildA }), codes: ['COURSE_NOT_FOR_YOU'] },
    cancelEnrollment: { input: (i) => ({ courseId: i.courseA, childId: i.enrolledChildA }) },
    myCourses: { input: (i) => ({ childId: i.enrolledChildA }) },
    enrollments: { input: (i) => ({ courseId: i.courseA }) },
    removeEnrollment: { input: (i) => ({ courseId: i.courseA, childId: i.enrolledChildA, reason: '跨校移除' }) },
  },
  attendance: {
    todaySessions: { self: 'sessions of the caller’s own schools only (asserted below: nothing of school A)' },
    openCheckin: { input: (i) => ({ sessionId: i.sessionA }) },
    closeCheckin: { input: (i) => ({ sessionId: i.sessionA }) },
    currentToken: { input: (i) => ({ sessionId: i.sessionA }) },
    // A forged token for A's session; the family named is A's child.
    checkIn: { input: (i) => ({ code: `ck1.${i.sessionA}.1.000000`, familyIds: [i.enrolledChildA] }), codes: ['ATTENDANCE_CODE_INVALID', 'ATTENDANCE_NOT_OPEN', 'ATTENDANCE_CODE_EXPIRED'] },
    roster: { input: (i) => ({ sessionId: i.sessionA }) },
    correctRoster: { input: (i) => ({ sessionId: i.sessionA, familyId: i.enrolledChildA, status: 'absent' }) },
    listLessons: { input: () => ({ schoolId: A }) },
    getLesson: { input: (i) => ({ lessonId: i.lessonA, familyId: i.childA }) },
    saveLesson: { input: (i) => ({ schoolId: A, lessonId: i.lessonA, title: '被改的微课', kind: 'article', durationSeconds: 60, creditHours: 1, body: '被改的正文'.repeat(12) }) },
    startLesson: { input: (i) => ({ lessonId: i.lessonA, familyId: i.childA }) },
    lessonProgress: { input: (i) => ({ lessonId: i.lessonA, familyId: i.childA, positionSeconds: 30 }) },
    completeLesson: { input: (i) => ({ lessonId: i.lessonA, familyId: i.childA, positionSeconds: 600 }) },
  },
  credit: {
    myArchive: { input: (i) => ({ familyId: i.childA }) },
    familyArchive: { input: (i) => ({ schoolId: A, familyId: i.childA }) },
    classStars: { input: () => ({ schoolId: A, classId: SCHOOL_SEED.classA31 }) },
    schoolStars: { input: () => ({ schoolId: A }) },
    classInactive: { input: () => ({ schoolId: A, classId: SCHOOL_SEED.classA31 }) },
    getSettings: { input: () => ({ schoolId: A }) },
    saveSettings: { input: () => ({ schoolId: A, thresholds: { basis: 'hours', levels: [1, 2, 3, 4, 5] }, profileId: 'guangzhou' }) },
    adjust: { input: (i) => ({ schoolId: A, familyId: i.childA, hours: 2, reason: '跨校调整', requestKey: 'cross-school-0001' }) },
  },
  reception: {
    staffOptions: { input: () => ({ schoolId: A }) },
    publishDays: { input: (i) => ({ schoolId: A, title: '跨校接待日', rule: { kind: 'dates', dates: ['2099-01-06'] }, startTime: '14:00', endTime: '15:00', slotMinutes: 30, placesPerSlot: 1, mode: 'phone', receptionistStaffIds: [i.receptionistA] }) },
    listDays: { input: (i, role) => (role === 'parent' ? { childId: i.childA } : { schoolId: A }) },
    dayDetail: { input: (i, role) => ({ dayId: i.receptionDayA, ...(role === 'parent' ? { childId: i.childB } : {}) }), codes: ['RECEPTION_NOT_FOR_YOU'] },
    cancelDay: { input: (i) => ({ dayId: i.receptionDayA, reason: '跨校取消' }) },
    setAbsence: { input: (i) => ({ dayId: i.receptionDayA, staffId: i.receptionistA, reason: '跨校请假' }) },
    // B's parent with their own child on A's day: not for them; A's child: not theirs.
    book: { input: (i, role) => ({ dayId: i.receptionDayA, childId: role === 'parent' ? i.childB : i.childA, staffId: 'any', topic: '学习', description: '跨校预约试探' }), codes: ['RECEPTION_NOT_FOR_YOU'] },
    cancelBooking: { input: (i) => ({ bookingId: i.receptionBookingA }) },
    myBookings: { input: (i) => ({ childId: i.childA }) },
    dayList: { input: (i) => ({ dayId: i.receptionDayA }) },
    markAttendance: { input: (i) => ({ bookingId: i.receptionBookingA, status: 'no_show' }) },
    recordOutcome: { input: (i) => ({ caseId: i.receptionCaseA, discussed: '跨校答复', followUpNeeded: false }) },
    completeFollowUp: { input: (i) => ({ caseId: i.receptionCaseA, note: '跨校跟进' }) },
    rate: { input: (i) => ({ caseId: i.receptionCaseA, rating: 'satisfied' }) },
    closeCase: { input: (i) => ({ caseId: i.receptionCaseA, reason: '跨校办结' }) },
    assignCase: { input: (i) => ({ caseId: i.suggestionA, assigneeStaffId: i.receptionistA }) },
    caseDetail: { input: (i) => ({ caseId: i.suggestionA }) },
    listCases: { input: () => ({ schoolId: A, filter: 'all' }) },
    assignedCases: { input: () => ({ schoolId: A }) },
    myCases: { input: (i) => ({ childId: i.childA }) },
    submitSuggestion: { input: (i) => ({ childId: i.childA, content: '跨校提交的意见', requestKey: 'cross-school-0001' }) },
    getSettings: { input: () => ({ schoolId: A }) },
    saveSettings: { input: () => ({ schoolId: A, suggestionAnswerDays: 3 }) },
    publishOpenEvent: { input: () => ({ schoolId: A, title: '跨校开放日', kind: 'day', activities: [{ kind: '其他', title: '跨校活动', date: '2099-01-06', startTime: '09:00', endTime: '10:00', place: '跨校地点', places: 5 }] }) },
    listOpenEvents: { input: (i, role) => (role === 'parent' ? { childId: i.childA } : { schoolId: A }) },
    // B's parent with their own child on A's activity: not for them; A's child: not theirs.
    signUp: { input: (i, role) => ({ activityId: i.openActivityA, childId: role === 'parent' ? i.childB : i.childA }), codes: ['OPEN_DAY_NOT_FOR_YOU'] },
    cancelSignup: { input: (i) => ({ signupId: i.openSignupA }) },
    activitySignups: { input: (i) => ({ activityId: i.openActivityA }) },
    markSignup: { input: (i) => ({ signupId: i.openSignupA, status: 'attended' }) },
    openDayFeedback: { input: (i) => ({ signupId: i.openSignupA, rating: 1, text: '跨校反馈' }) },
    openActivityCheckin: { input: (i) => ({ activityId: i.openActivityA }) },
    closeActivityCheckin: { input: (i) => ({ activityId: i.openActivityA }) },
    activityCheckinCode: { input: (i) => ({ activityId: i.openActivityA }) },
    // A forged code for A's activity (B cannot know its secret): refused before anything is read of A.
    openDayCheckIn: { input: (i) => ({ code: `PSA1.${i.openActivityA}.1.${'A'.repeat(22)}` }), codes: ['ATTENDANCE_CODE_INVALID', 'ATTENDANCE_CODE_EXPIRED'] },
  },
  certificate: {
    getRule: { input: () => ({ schoolId: A }) },
    saveRule: { input: () => ({ schoolId: A, rule: { enabled: true, minHours: 0, minSessions: 0, minCollective: 0, minOnlineLessons: 0, minStarLevel: 0, excellentAtTopLevel: false, principalName: '冒名', sealFileId: null } }) },
    eligibility: { input: () => ({ schoolId: A, classId: SCHOOL_SEED.classA31 }) },
    issueBatch: { input: () => ({ schoolId: A, scope: { kind: 'class', classId: SCHOOL_SEED.classA31 } }) },
    issueOne: { input: (i) => ({ schoolId: A, familyId: i.childA, userId: i.guardianA, reason: '跨校破格发放' }) },
    revoke: { input: (i) => ({ certificateId: i.certA, reason: '跨校撤销' }) },
    reissue: { input: (i) => ({ certificateId: i.certA, reason: '跨校补发' }) },
    image: { input: (i) => ({ certificateId: i.certA }) },
    confirmName: { self: 'records the caller’s own certificate name' },
    mine: { self: 'the caller’s own certificates, per their own children' },
    verify: { self: 'public verification: anyone may check a certificate by its number and code; answers the masked name only (certificate.functions.test.ts)' },
  },
  notice: {
    composeOptions: { input: () => ({ schoolId: A }) },
    // Role × audience: B's admin names A's class from B, B's head teacher A's grade, B's parent sends as A.
    send: { input: (i, role) => noticeSendCase(i, role) },
    withdraw: { input: () => ({ noticeId: NOTICE_A }) },
    listSent: { input: () => ({ schoolId: A }) },
    stats: { input: () => ({ noticeId: NOTICE_A }) },
    remind: { input: () => ({ noticeId: NOTICE_A }) },
    inbox: { input: (i) => ({ childId: i.childA }) },
    unreadCount: { self: 'counts the caller’s own inbox records' },
    detail: { input: () => ({ noticeId: NOTICE_A }) },
    reply: { input: () => ({ noticeId: NOTICE_A, choice: '参加' }) },
    markAllRead: { self: 'marks the caller’s own inbox records read' },
    reportSubscribe: { self: 'counts the caller’s own subscribe-message acceptances' },
  },
  auth: {
    createLoginTicket: { self: 'public: makes a new login ticket for the desktop page; names no school' },
    pollLoginTicket: { self: 'public: answers only the holder of the ticket’s poll secret' },
    describeLoginTicket: { self: 'a login ticket is nobody’s school data; describing it shows only browser, masked IP and time' },
    confirmLoginTicket: { self: 'signs the caller’s own WeChat account in on the desktop' },
    rejectLoginTicket: { self: 'refuses a pending ticket; grants nothing' },
    listSessions: { self: 'the caller’s own console sessions' },
    revokeSession: { self: 'the caller’s own console session (another user’s answers NOT_FOUND: cloudfunctions/auth/auth.test.ts)' },
    logout: { self: 'the calling console session itself' },
  },
  contact: {
    myCards: { self: 'cards of the caller’s own children’s classes only' },
    classCard: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    getPublication: { input: (i) => ({ staffId: i.staffA }) },
    setPublication: { input: (i) => ({ staffId: i.staffA, publication: 'school' }) },
    getSchoolInfo: { input: () => ({ schoolId: A }) },
    setSchoolInfo: { input: () => ({ schoolId: A, address: '跨校地址', officePhone: '0571-86699999' }) },
    recordVisit: { input: (i) => ({ classId: SCHOOL_SEED.classA31, childIds: [i.childA], date: '2026-11-02', form: '电话', topics: ['跨校'], requestKey: 'cross-school-visit-0001' }) },
    listVisits: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    coverage: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    setFocus: { input: (i) => ({ childId: i.childA, focus: true, reason: '跨校' }) },
    listFocus: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    printCards: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    appointCommittee: { input: (i) => ({ level: 'class', childId: i.childA, userId: i.guardianA, role: '委员', term: '2026-2027学年' }) },
    removeCommittee: { input: (i) => ({ memberId: i.committeeA }) },
    listCommittee: { input: () => ({ classId: SCHOOL_SEED.classA31 }) },
    myCommitteeSeats: { self: 'the caller’s own committee seats' },
    setCommitteePublication: { input: (i) => ({ memberId: i.committeeA, displayName: '冒名', phone: null }) },
  },
  oversight: {
    myScopes: { input: () => ({ schoolId: A }) },
    dashboard: { input: () => ({ scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA31 } }) },
    list: { input: () => ({ scope: { kind: 'class', schoolId: A, classId: SCHOOL_SEED.classA31 }, list: 'familiesBelowGoal' }) },
    inviteBelowGoal: { input: () => ({ scope: { kind: 'school', schoolId: A }, title: '邀请参加家长学校', body: '本学期学时尚未达标，欢迎报名参加近期课程。', requestKey: 'cross-school-1' }) },
    recount: { input: () => ({ schoolId: A }) },
  },
};

export const FUNCTIONS: Record<string, Record<string, unknown>> = { school: schoolRoutes, course: courseRoutes, attendance: attendanceRoutes, credit: creditRoutes, reception: receptionRoutes, certificate: certificateRoutes, notice: noticeRoutes, auth: authRoutes, contact: contactRoutes, oversight: oversightRoutes };
/** A seeded notice of school A's head teacher (三年级1班, with a receipt). */
export const NOTICE_A = NOTICE_SEED[0]._id;

/** A notice draft (valid in every other respect) from `schoolId` to `audience`. */
export const noticeDraft = (schoolId: string, audience: unknown) => ({ schoolId, category: '其他', title: '跨校通知', body: '跨校测试', audience, receipt: { kind: 'none' } });

/** Every audience of school A, sent as a school-B caller from B or in A's name (test/notice-audience.test.ts walks them all). */
export const NOTICE_AUDIENCES_OF_A = (i: Ids) => [
  { name: 'A’s class, from B', input: noticeDraft(B, { kind: 'classes', classIds: [SCHOOL_SEED.classA31] }) },
  { name: 'A’s grade, from B', input: noticeDraft(B, { kind: 'grade', gradeId: SCHOOL_SEED.gradeA3 }) },
  { name: 'A’s course, from B', input: noticeDraft(B, { kind: 'course', courseId: i.courseA }) },
  { name: 'the 教联体, from B (not the lead school)', input: noticeDraft(B, { kind: 'alliance' }) },
  { name: 'A’s class, as A', input: noticeDraft(A, { kind: 'classes', classIds: [SCHOOL_SEED.classA31] }) },
  { name: 'A’s school, as A', input: noticeDraft(A, { kind: 'school' }) },
  { name: 'the 教联体, as A (the lead school)', input: noticeDraft(A, { kind: 'alliance' }) },
  { name: 'A’s course, as A', input: noticeDraft(A, { kind: 'course', courseId: i.courseA }) },
];

function noticeSendCase(i: Ids, role: Role) {
  const all = NOTICE_AUDIENCES_OF_A(i);
  return role === 'admin' ? all[0].input : role === 'head' ? all[1].input : all[6].input;
}


/** School A's ids from the seeded data; makes a revoked class code, a staff invite and an open check-in window of A. */
export async function loadIds(cloud: TestCloud): Promise<Ids> {
  const one = async <T>(coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).limit(1).get()).data[0] as T;
  const childA = await one<{ _id: string }>('children', { classId: SCHOOL_SEED.classA31 });
  const guardianA = await one<{ userId: string }>('guardians', { childId: childA._id });
  const staffA = await one<{ _id: string; userId: string }>('staff', { schoolId: A, userId: userIdFor('demo-teacher-001') });
  const course = await one<{ _id: string; sessions: { sessionId: string }[]; audience: { kind: string } }>('courses', { schoolId: A, status: 'published', 'audience.kind': 'school', 'mode.kind': 'offline' });
  const enrolment = await one<{ familyId: string }>('enrollments', { courseId: course._id, status: 'enrolled', childSchoolId: A });
  const lesson = await one<{ _id: string }>('online_lessons', { schoolId: A });
  const committee = await one<{ _id: string }>('committee_members', { schoolId: A });
  const parentB = await one<{ children: { childId: string; schoolId: string }[]; memberships: { schoolId: string }[] }>('users', { _id: userIdFor(ROLES.parent) });
  // A revoked code of A's class and a staff invite of A, made by A's staff before the snapshot.
  const made = await cloud.call<{ code: string }>('school', 'demo-teacher-001', 'createJoinCode', { classId: SCHOOL_SEED.classA31, validDays: 7 });
  if (!made.ok) throw new Error(made.error.code);
  await cloud.call('school', 'demo-teacher-001', 'revokeJoinCode', { code: made.data.code });
  const invite = await cloud.call<{ code: string }>('school', 'demo-admin-001', 'createStaffInvite', { staffId: staffA._id, validDays: 7 });
  if (!invite.ok) throw new Error(invite.error.code);
  // An open check-in window of A's session (so close / token reach the school check, not a miss).
  await cloud.db.collection('checkin_windows').doc(course.sessions[0].sessionId).set({
    data: { sessionId: course.sessions[0].sessionId, courseId: course._id, schoolId: A, status: 'open', shortCode: 'Q7Z9', secret: 'x'.repeat(32), stepSeconds: 30, opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + DAY), createdAt: new Date() },
  });
  // A certificate of A: demo-admin-001 issues to 三年级1班 (the seed enables the rule and names the guardians).
  const issued = await cloud.call('certificate', 'demo-admin-001', 'issueBatch', { schoolId: A, scope: { kind: 'class', classId: SCHOOL_SEED.classA31 } });
  if (!issued.ok) throw new Error(issued.error.code);
  const certA = await one<{ _id: string }>('certificates', { schoolId: A, status: 'valid' });
  return {
    certA: certA._id,
    childA: childA._id,
    guardianA: guardianA.userId,
    staffA: staffA._id,
    memberA: staffA.userId,
    courseA: course._id,
    sessionA: course.sessions[0].sessionId,
    enrolledChildA: enrolment.familyId,
    lessonA: lesson._id,
    revokedCodeA: made.data.code,
    staffInviteA: invite.data.code,
    childB: parentB.children[0].childId,
    ...(await receptionIds(cloud)),
    committeeA: committee._id,
  };
}

/** The seeded reception records of school A (server/reception/reception.seed.ts). */
async function receptionIds(cloud: TestCloud) {
  const _ = cloud.db.command;
  const day = (await cloud.db.collection('reception_days').where({ schoolId: A, status: 'published', date: _.gt('2000') }).orderBy('date', 'desc').limit(1).get()).data[0] as { _id: string; receptionists: { staffId: string }[] };
  const booking = (await cloud.db.collection('reception_bookings').where({ dayId: day._id, status: 'booked' }).limit(1).get()).data[0] as { _id: string };
  const reopened = (await cloud.db.collection('reception_cases').where({ schoolId: A, status: 'reopened' }).limit(1).get()).data[0] as { _id: string };
  const suggestion = (await cloud.db.collection('reception_cases').where({ schoolId: A, kind: 'suggestion' }).limit(1).get()).data[0] as { _id: string };
  const signup = (await cloud.db.collection('open_signups').where({ schoolId: A, status: 'signed' }).limit(1).get()).data[0] as { _id: string; activityId: string };
  return { receptionDayA: day._id, receptionBookingA: booking._id, receptionCaseA: reopened._id, suggestionA: suggestion._id, receptionistA: day.receptionists[0].staffId, openActivityA: signup.activityId, openSignupA: signup._id };
}

async function allDocs(cloud: TestCloud, coll: string): Promise<Record<string, unknown>[]> {
  const _ = cloud.db.command;
  const out: Record<string, unknown>[] = [];
  let last = '';
  for (;;) {
    const where = last ? { _id: _.gt(last) } : {};
    const r = await cloud.db.collection(coll).where(where).orderBy('_id', 'asc').limit(1000).get();
    out.push(...(r.data as Record<string, unknown>[]));
    if (r.data.length < 1000) return out;
    last = String((r.data[r.data.length - 1] as { _id: string })._id);
  }
}

/** A hash of every document of every declared collection (rate-limit counters aside). */
export async function snapshot(cloud: TestCloud): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of COLLECTIONS) {
    if (COUNTERS.has(c.name)) continue;
    const docs = await allDocs(cloud, c.name);
    out[c.name] = `${docs.length}:${createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 16)}`;
  }
  return out;
}
