/** Schools, 教联体, grades and classes. Reads: members of the school; writes: its admins. */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { GradeDto, SchoolInfo } from '../../types/school/school.schema';
import { canManageSchool } from '../../types/school/school.rules';
import { consentedActor, ensure, loadOr, memberOf } from './access';
import { findAll, findByIds } from '../core/persistence';
import { C, type AllianceDoc, type ClassDoc, type GradeDoc, type SchoolDoc } from './model';

export function classOrderFromName(name: string): number {
  const m = /(\d+)/.exec(name);
  return m ? Number(m[1]) : 99;
}

export async function getSchool(ctx: Ctx, input: { schoolId: string }): Promise<SchoolInfo> {
  const actor = await consentedActor(ctx);
  memberOf(actor, input.schoolId);
  const school = await loadOr<SchoolDoc>(ctx.db, C.schools, input.schoolId, 'SCHOOL_NOT_FOUND');
  let alliance: SchoolInfo['alliance'] = null;
  if (school.allianceId) {
    const a = (await findByIds<AllianceDoc>(ctx.db, C.alliances, [school.allianceId]))[0];
    if (a) {
      const schools = await findByIds<SchoolDoc>(ctx.db, C.schools, a.schoolIds);
      alliance = { _id: a._id, name: a.name, leadSchoolId: a.leadSchoolId, schools: a.schoolIds.map((id) => ({ _id: id, name: schools.find((s) => s._id === id)?.name ?? '' })) };
    }
  }
  return { _id: school._id, name: school.name, district: school.district, alliance };
}

export async function listGrades(ctx: Ctx, input: { schoolId: string }): Promise<GradeDto[]> {
  const actor = await consentedActor(ctx);
  memberOf(actor, input.schoolId);
  const [grades, classes] = await Promise.all([
    findAll<GradeDoc>(ctx.db, C.grades, { schoolId: input.schoolId }),
    findAll<ClassDoc>(ctx.db, C.classes, { schoolId: input.schoolId }),
  ]);
  return grades
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'zh'))
    .map((g) => ({
      _id: g._id,
      schoolId: g.schoolId,
      name: g.name,
      order: g.order,
      classes: classes
        .filter((c) => c.gradeId === g._id)
        .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'zh'))
        .map((c) => ({ _id: c._id, schoolId: c.schoolId, gradeId: c.gradeId, name: c.name, order: c.order })),
    }));
}

async function requireAdminOf(ctx: Ctx, schoolId: string) {
  const actor = await consentedActor(ctx);
  ensure(canManageSchool(memberOf(actor, schoolId)));
  return actor;
}

export async function createGrade(ctx: Ctx, input: { schoolId: string; name: string; order: number }): Promise<{ _id: string }> {
  await requireAdminOf(ctx, input.schoolId);
  await loadOr<SchoolDoc>(ctx.db, C.schools, input.schoolId, 'SCHOOL_NOT_FOUND');
  const dup = await ctx.db.collection(C.grades).where({ schoolId: input.schoolId, name: input.name }).limit(1).get();
  if (dup.data.length) fail('CONFLICT', { field: 'name', message: '已有同名年级' });
  const r = await ctx.db.collection(C.grades).add({ data: { schoolId: input.schoolId, name: input.name, order: input.order, createdAt: ctx.now } });
  return { _id: r._id };
}

export async function updateGrade(ctx: Ctx, input: { gradeId: string; name?: string; order?: number }): Promise<{ _id: string }> {
  const grade = await loadOr<GradeDoc>(ctx.db, C.grades, input.gradeId);
  await requireAdminOf(ctx, grade.schoolId);
  if (input.name && input.name !== grade.name) {
    const dup = await ctx.db.collection(C.grades).where({ schoolId: grade.schoolId, name: input.name }).limit(1).get();
    if (dup.data.length) fail('CONFLICT', { field: 'name', message: '已有同名年级' });
  }
  const data: Record<string, unknown> = { updatedAt: ctx.now };
  if (input.name !== undefined) data.name = input.name;
  if (input.order !== undefined) data.order = input.order;
  await ctx.db.collection(C.grades).doc(grade._id).update({ data });
  return { _id: grade._id };
}

export async function deleteGrade(ctx: Ctx, input: { gradeId: string }): Promise<{ _id: string }> {
  const grade = await loadOr<GradeDoc>(ctx.db, C.grades, input.gradeId);
  await requireAdminOf(ctx, grade.schoolId);
  const { total } = await ctx.db.collection(C.classes).where({ gradeId: grade._id }).count();
  if (total > 0) fail('CONFLICT', { message: '该年级下还有班级，请先删除班级' });
  await ctx.db.collection(C.grades).doc(grade._id).remove();
  return { _id: grade._id };
}

export async function createClass(ctx: Ctx, input: { gradeId: string; name: string }): Promise<{ _id: string }> {
  const grade = await loadOr<GradeDoc>(ctx.db, C.grades, input.gradeId);
  await requireAdminOf(ctx, grade.schoolId);
  const dup = await ctx.db.collection(C.classes).where({ gradeId: grade._id, name: input.name }).limit(1).get();
  if (dup.data.length) fail('CONFLICT', { field: 'name', message: '该年级已有同名班级' });
  const r = await ctx.db.collection(C.classes).add({
    data: { schoolId: grade.schoolId, gradeId: grade._id, name: input.name, order: classOrderFromName(input.name), createdAt: ctx.now },
  });
  return { _id: r._id };
}

export async function updateClass(ctx: Ctx, input: { classId: string; name: string }): Promise<{ _id: string }> {
  const cls = await loadOr<ClassDoc>(ctx.db, C.classes, input.classId, 'CLASS_NOT_FOUND');
  await requireAdminOf(ctx, cls.schoolId);
  if (input.name !== cls.name) {
    const dup = await ctx.db.collection(C.classes).where({ gradeId: cls.gradeId, name: input.name }).limit(1).get();
    if (dup.data.length) fail('CONFLICT', { field: 'name', message: '该年级已有同名班级' });
  }
  await ctx.db.collection(C.classes).doc(cls._id).update({ data: { name: input.name, order: classOrderFromName(input.name), updatedAt: ctx.now } });
  return { _id: cls._id };
}

export async function deleteClass(ctx: Ctx, input: { classId: string }): Promise<{ _id: string }> {
  const cls = await loadOr<ClassDoc>(ctx.db, C.classes, input.classId, 'CLASS_NOT_FOUND');
  await requireAdminOf(ctx, cls.schoolId);
  const { total } = await ctx.db.collection(C.children).where({ classId: cls._id }).count();
  if (total > 0) fail('CONFLICT', { message: '该班级还有学生，不能删除' });
  await ctx.db.collection(C.classes).doc(cls._id).remove();
  return { _id: cls._id };
}
