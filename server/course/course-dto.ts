/** Stored documents → the DTOs the app receives (dates as ISO strings). */
import type {
  CourseDetailDto,
  CourseDoc,
  CourseSummaryDto,
  EnrollmentDoc,
  MyEnrollmentDto,
} from '../../types/course/course.schema';
import { countsTowardText, isFull, seatsLeft } from '../../types/course/course.rules';
import type { Ctx } from '../core/handler';

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
    // From the counters shown next to it (the stored flag only serves the 'open seats' filter).
    full: isFull(c),
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

/** WeChat's getTempFileURL takes at most 50 files per call. */
const TEMP_URL_BATCH = 50;

/**
 * Fills `coverUrl` of each DTO that has a cover: one cloud.getTempFileURL per 50 distinct covers
 * (a list page costs one call). A cover that cannot be resolved just shows no image.
 */
export async function withCoverUrls<T extends { coverFileId?: string; coverUrl?: string }>(ctx: Pick<Ctx, 'cloud'>, dtos: T[]): Promise<T[]> {
  const ids = [...new Set(dtos.map((d) => d.coverFileId).filter((x): x is string => !!x))];
  if (ids.length === 0) return dtos;
  const urls = new Map<string, string>();
  await Promise.all(
    Array.from({ length: Math.ceil(ids.length / TEMP_URL_BATCH) }, async (_, i) => {
      try {
        const r = (await ctx.cloud.getTempFileURL({ fileList: ids.slice(i * TEMP_URL_BATCH, (i + 1) * TEMP_URL_BATCH) })) as {
          fileList?: { fileID: string; tempFileURL?: string; status?: number }[];
        };
        for (const f of r.fileList ?? []) if (f.tempFileURL && !f.status) urls.set(f.fileID, f.tempFileURL);
      } catch {
        /* no cover images this time; the rest of the page still shows */
      }
    }),
  );
  for (const d of dtos) {
    const u = d.coverFileId ? urls.get(d.coverFileId) : undefined;
    if (u) d.coverUrl = u;
  }
  return dtos;
}

export { iso };
