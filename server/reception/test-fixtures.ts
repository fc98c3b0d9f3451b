/**
 * Test data for the reception tests: school A's staff records (receptionists) and their accounts,
 * parents from the course fixtures, a valid publish input relative to now, and the slot invariant
 * checked against the records. Not used in production code.
 */
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';
import type { Result } from '../../types/common/result';
import type { Membership, Position } from '../../types/school/roles';
import type { ReceptionBookingDoc, ReceptionSlotDoc } from '../../types/reception/reception.schema';
import { formatDate } from '../../types/common/time';
import { LIVE_BOOKING } from '../../types/reception/reception.schema';
import { CLASS_A71, GRADE_A7, SCHOOL_A, SCHOOL_B, putUser } from '../course/test-fixtures';

export { CLASS_A71, CLASS_A72, GRADE_A7, SCHOOL_A, SCHOOL_B, childIdOf, parentOpenid, putParents, putSecondGuardian, putUser } from '../course/test-fixtures';

export const PRINCIPAL = 'rc-principal-a';
export const PSY = 'rc-psy-a'; // 心理健康教师
export const HEAD = 'rc-head-a'; // 班主任 of CLASS_A71
export const GUIDE = 'rc-guide-a'; // 家庭教育指导教师 (assignee of follow-ups)
export const SUBJECT = 'rc-subject-a'; // 任课教师 only
export const ADMIN = 'rc-admin-a';
export const PRINCIPAL_B = 'rc-principal-b';

export const STAFF_IDS = { principal: 'rc-st-principal', psy: 'rc-st-psy', head: 'rc-st-head', guide: 'rc-st-guide', subject: 'rc-st-subject', noAccount: 'rc-st-vice', principalB: 'rc-st-principal-b' } as const;

const staffDoc = (id: string, schoolId: string, name: string, positions: Position[], openid: string | null, n: number) => ({
  _id: id,
  schoolId,
  name,
  phone: `1390000${String(9000 + n)}`,
  positions,
  officeHours: '',
  userId: openid ? userIdFor(openid) : null,
  createdAt: new Date(),
  updatedAt: new Date(),
});

export async function putReceptionStaff(db: Database): Promise<void> {
  const list = [
    staffDoc(STAFF_IDS.principal, SCHOOL_A, '王校长', [{ title: '校长' }], PRINCIPAL, 1),
    staffDoc(STAFF_IDS.psy, SCHOOL_A, '李心理', [{ title: '心理健康教师' }], PSY, 2),
    staffDoc(STAFF_IDS.head, SCHOOL_A, '张班主', [{ title: '班主任', gradeId: GRADE_A7, classId: CLASS_A71 }], HEAD, 3),
    staffDoc(STAFF_IDS.guide, SCHOOL_A, '赵指导', [{ title: '家庭教育指导教师' }], GUIDE, 4),
    staffDoc(STAFF_IDS.subject, SCHOOL_A, '钱任课', [{ title: '任课教师', classId: CLASS_A71, subject: '语文' }], SUBJECT, 5),
    staffDoc(STAFF_IDS.noAccount, SCHOOL_A, '孙副校', [{ title: '分管副校长' }], null, 6),
    staffDoc(STAFF_IDS.principalB, SCHOOL_B, '周校长', [{ title: '校长' }], PRINCIPAL_B, 7),
  ];
  await Promise.all(list.map(({ _id, ...d }) => db.collection('staff').doc(_id).set({ data: d })));
  const m = (schoolId: string, staffId: string, positions: Position[], admin = false): Membership => ({ schoolId, roles: admin ? ['teacher', 'admin'] : ['teacher'], staffId, positions });
  await Promise.all([
    putUser(db, PRINCIPAL, [m(SCHOOL_A, STAFF_IDS.principal, [{ title: '校长' }])], []),
    putUser(db, PSY, [m(SCHOOL_A, STAFF_IDS.psy, [{ title: '心理健康教师' }])], []),
    putUser(db, HEAD, [m(SCHOOL_A, STAFF_IDS.head, [{ title: '班主任', gradeId: GRADE_A7, classId: CLASS_A71 }])], []),
    putUser(db, GUIDE, [m(SCHOOL_A, STAFF_IDS.guide, [{ title: '家庭教育指导教师' }])], []),
    putUser(db, SUBJECT, [m(SCHOOL_A, STAFF_IDS.subject, [{ title: '任课教师', classId: CLASS_A71, subject: '语文' }])], []),
    putUser(db, ADMIN, [{ schoolId: SCHOOL_A, roles: ['admin'], positions: [] }], []),
    putUser(db, PRINCIPAL_B, [m(SCHOOL_B, STAFF_IDS.principalB, [{ title: '校长' }])], []),
  ]);
}

const DAY = 86400_000;
/** YYYY-MM-DD `days` from now (Shanghai). */
export const dateIn = (days: number, now = Date.now()) => formatDate(new Date(now + days * DAY));

export function publishInput(over: Record<string, unknown> = {}) {
  return {
    schoolId: SCHOOL_A,
    title: '家长接待日',
    rule: { kind: 'dates', dates: [dateIn(3)] },
    startTime: '14:00',
    endTime: '16:00',
    slotMinutes: 30,
    placesPerSlot: 1,
    mode: 'in_person',
    room: '行政楼二楼接待室',
    receptionistStaffIds: [STAFF_IDS.psy, STAFF_IDS.head],
    bookingClosesHours: 2,
    cancelClosesHours: 12,
    ...over,
  };
}

export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? '')}`);
  return r.data;
}
export const code = (r: Result<unknown>) => (r.ok ? 'OK' : r.error.code);

export async function allOf<T>(db: Database, coll: string, where: Record<string, unknown>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const r = await db.collection<T>(coll).where(where).orderBy('_id', 'asc').skip(out.length).limit(1000).get();
    out.push(...(r.data as T[]));
    if (r.data.length < 1000) return out;
  }
}

/** Every slot of the day against the bookings: describes each mismatch (empty = consistent). */
export async function slotProblems(db: Database, dayId: string): Promise<string[]> {
  const slots = await allOf<ReceptionSlotDoc>(db, 'reception_slots', { dayId });
  const bookings = await allOf<ReceptionBookingDoc>(db, 'reception_bookings', { dayId });
  const problems: string[] = [];
  for (const s of slots) {
    if (s.placesLeft < 0) problems.push(`${s._id}: placesLeft ${s.placesLeft} < 0`);
    if (s.placesLeft + s.holders.length !== s.places) problems.push(`${s._id}: placesLeft ${s.placesLeft} + holders ${s.holders.length} ≠ places ${s.places}`);
    const live = bookings.filter((b) => b.slotId === s._id && LIVE_BOOKING.includes(b.status));
    if (live.length > s.places) problems.push(`${s._id}: ${live.length} live bookings > ${s.places} places`);
    const tokens = new Set(s.holders);
    for (const b of live) if (!tokens.has(`${b._id}#${b.gen}`)) problems.push(`${b._id}: live without a claim on ${s._id}`);
    if (tokens.size !== live.length) problems.push(`${s._id}: ${tokens.size} claims for ${live.length} live bookings`);
  }
  const fams = bookings.map((b) => b.familyId);
  if (new Set(fams).size !== fams.length) problems.push('more than one record for a family');
  if (bookings.some((b) => b.status === 'pending')) problems.push('pending records left');
  return problems;
}
