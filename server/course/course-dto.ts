/** Stored documents → the DTOs the app receives (dates as ISO strings). */
import type {
  CourseDetailDto,
  CourseDoc,
  CourseSummaryDto,
  EnrollmentDoc,
  MyEnrollmentDto,
} from '../../types/course/course.schema';
import { countsTowardText, seatsLeft } from '../../types/course/course.rules';

const iso = (d: Date | string | undefined): string => (d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : '');
const isoOpt = (d: Date | string | undefined): string | undefined => (d ? iso(d) : undefined);

export function toSummary(c: CourseDoc): CourseSummaryDto {
  return {
    courseId: c._id,
    schoolId: c.schoolId,
    title: c.title,
    form: c.form,
    topics: c.topics,
    modeKind: c.mode.kind,
    place: c.mode.kind === 'offline' ? c.mode.place : undefined,
    speakerName: c.speaker.name,
    startAt: iso(c.startAt),
    endAt: iso(c.endAt),
    totalClassHours: c.totalClassHours,
    status: c.status,
    semester: c.semester,
    coverFileId: c.coverFileId,
    enrollOpensAt: iso(c.enrollOpensAt),
    enrollClosesAt: iso(c.enrollClosesAt),
    full: c.full,
    capacity: c.capacity,
    enrolledSeats: c.enrolledSeats,
    enrolledFamilies: c.enrolledFamilies,
    waitlistFamilies: c.waitlistFamilies,
    seatsLeft: seatsLeft(c),
  };
}

export function toMyEnrollment(e: EnrollmentDoc, waitlistPosition?: number): MyEnrollmentDto {
  return {
    status: e.status,
    seats: e.seats,
    waitlistPosition: e.status === 'waitlisted' ? waitlistPosition : undefined,
    familyId: e.familyId,
    enrolledAt: isoOpt(e.enrolledAt),
    waitlistedAt: isoOpt(e.waitlistedAt),
  };
}

export function toDetail(c: CourseDoc, my: MyEnrollmentDto | null, canManage: boolean): CourseDetailDto {
  return {
    ...toSummary(c),
    summary: c.summary,
    audience: c.audience,
    speaker: c.speaker,
    mode: c.mode,
    sessions: c.sessions.map((s) => ({ sessionId: s.sessionId, startAt: iso(s.startAt), endAt: iso(s.endAt), place: s.place, classHours: s.classHours })),
    seatsPerFamily: c.seatsPerFamily,
    cancelDeadline: iso(c.cancelDeadline),
    classHourRule: c.classHourRule,
    countsToward: countsTowardText(c.semester, c.totalClassHours),
    cancelReason: c.cancelReason,
    myEnrollment: my,
    canManage,
  };
}

export { iso };
