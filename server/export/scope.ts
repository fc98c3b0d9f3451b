/**
 * The scope of an export (school / grade / class): checked against the caller with the oversight
 * rule, and the school's structure (names, which classes are in scope) loaded once.
 */
import type { Ctx } from '../core/handler';
import type { Actor } from '../access/actor';
import { fail } from '../core/errors';
import { findAll, findById } from '../core/persistence';
import { C, type ClassDoc, type GradeDoc, type SchoolDoc } from '../school/model';
import type { ExportScope } from '../../types/export/export.schema';
import { mayExportScope } from './export-access';

export interface ScopeContext {
  scope: ExportScope;
  schoolName: string;
  /** "滨江实验小学" / "滨江实验小学 三年级" / "滨江实验小学 三年级1班". */
  scopeName: string;
  grades: Map<string, GradeDoc>;
  classes: Map<string, ClassDoc>;
  /** Is a record of this class in the export's scope? */
  inScope(classId: string | null | undefined, gradeId?: string | null): boolean;
  /** "三年级1班" */
  className(classId: string | null | undefined): string;
  gradeName(gradeId: string | null | undefined): string;
  /** Sort key of a class: grade order, class order. */
  classOrder(classId: string | null | undefined): number;
}

export async function loadScope(ctx: Ctx, actor: Actor, scope: ExportScope): Promise<ScopeContext> {
  const [school, grades, classes] = await Promise.all([
    findById<SchoolDoc>(ctx.db, C.schools, scope.schoolId),
    findAll<GradeDoc>(ctx.db, C.grades, { schoolId: scope.schoolId }),
    findAll<ClassDoc>(ctx.db, C.classes, { schoolId: scope.schoolId }),
  ]);
  if (!school) fail('SCHOOL_NOT_FOUND');
  const gradeBy = new Map(grades.map((g) => [g._id, g]));
  const classBy = new Map(classes.map((c) => [c._id, c]));
  if (scope.kind === 'alliance') fail('EXPORT_ALLIANCE_SCOPE');
  // A grade or class of another school names nothing here: refused like any other school's record.
  const cls = scope.kind === 'class' ? classBy.get(scope.classId) ?? null : undefined;
  const grade = scope.kind === 'grade' ? gradeBy.get(scope.gradeId) ?? null : undefined;
  if (!mayExportScope(actor, scope, { cls, grade })) fail('FORBIDDEN');
  const classId = scope.kind === 'class' ? scope.classId : undefined;
  const gradeOfScope = cls ? cls.gradeId : grade ? grade._id : undefined;
  const gradeName = (id: string | null | undefined) => (id && gradeBy.get(id)?.name) || '';
  const className = (id: string | null | undefined) => {
    const c = id ? classBy.get(id) : undefined;
    return c ? `${gradeName(c.gradeId)}${c.name}` : '（已调整的班级）';
  };
  const scopeName = classId ? `${school.name} ${className(classId)}` : gradeOfScope ? `${school.name} ${gradeName(gradeOfScope)}` : school.name;
  return {
    scope,
    schoolName: school.name,
    scopeName,
    grades: gradeBy,
    classes: classBy,
    className,
    gradeName,
    inScope(cid, gradeId) {
      if (classId) return cid === classId;
      if (gradeOfScope) return (cid ? classBy.get(cid)?.gradeId : gradeId) === gradeOfScope;
      return true;
    },
    classOrder(classId) {
      const c = classId ? classBy.get(classId) : undefined;
      if (!c) return 1e9;
      return (gradeBy.get(c.gradeId)?.order ?? 999) * 1000 + c.order;
    },
  };
}
