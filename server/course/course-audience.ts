/**
 * A course's audience may name only the owner school's own grades and classes, and only schools of
 * the owner school's 教联体. Without this check a course manager of one school could put a course
 * into another school's families' list (audienceKeys), and — with an 'alliance' audience naming a
 * school outside their 教联体 — take that school's enrolments and see their children's names.
 * Runs before create / update (cloudfunctions/course/index.ts), after the caller's role is checked.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { Audience, CreateCourseInput, UpdateCourseInput } from '../../types/course/course.schema';
import { loadCourse } from './course-store';
import { findById } from '../core/persistence';
import { requireCourseManager } from './course-access';

interface Owned {
  _id: string;
  schoolId?: string;
}

async function byIds(ctx: Ctx, collection: string, ids: string[]): Promise<Owned[]> {
  const _ = ctx.db.command;
  const out: Owned[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const r = await ctx.db.collection<Owned>(collection).where({ _id: _.in(unique.slice(i, i + 100)) }).limit(100).get();
    out.push(...r.data);
  }
  return out;
}

function invalid(path: string, message: string): never {
  return fail('VALIDATION_FAILED', [{ path, message }]);
}

/** Fails VALIDATION_FAILED unless every grade / class / school the audience names is the owner school's (or its 教联体's). */
export async function checkAudience(ctx: Ctx, schoolId: string, audience: Audience): Promise<void> {
  switch (audience.kind) {
    case 'school':
      return;
    case 'grades': {
      const found = await byIds(ctx, 'grades', audience.gradeIds);
      if (audience.gradeIds.some((id) => !found.some((g) => g._id === id && g.schoolId === schoolId))) invalid('audience.gradeIds', '只能选择本校的年级');
      return;
    }
    case 'classes': {
      const found = await byIds(ctx, 'classes', audience.classIds);
      if (audience.classIds.some((id) => !found.some((c) => c._id === id && c.schoolId === schoolId))) invalid('audience.classIds', '只能选择本校的班级');
      return;
    }
    case 'alliance': {
      const school = await findById<{ _id: string; allianceId?: string | null }>(ctx.db, 'schools', schoolId);
      const alliance = school?.allianceId ? await findById<{ _id: string; schoolIds: string[] }>(ctx.db, 'alliances', school.allianceId) : null;
      const members = new Set(alliance?.schoolIds ?? []);
      if (!alliance || audience.schoolIds.some((id) => id !== schoolId && !members.has(id))) invalid('audience.schoolIds', '只能选择本校所在教联体的学校');
      return;
    }
  }
}

export async function checkCreateAudience(ctx: Ctx, input: Pick<CreateCourseInput, 'schoolId' | 'audience'>): Promise<void> {
  requireCourseManager(await ctx.actor(), input.schoolId);
  await checkAudience(ctx, input.schoolId, input.audience);
}

export async function checkUpdateAudience(ctx: Ctx, input: Pick<UpdateCourseInput, 'courseId' | 'audience'>): Promise<void> {
  if (!input.audience) return;
  const course = await loadCourse(ctx.db, input.courseId);
  requireCourseManager(await ctx.actor(), course.schoolId);
  await checkAudience(ctx, course.schoolId, input.audience);
}
