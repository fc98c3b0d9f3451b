/**
 * Building reception records: the family fields every booking, sign-up and case copies from the
 * caller's child link, and a new case document with every field of the loop at its start value.
 * Used by the booking and case services and the demo seed (one shape, no hand-built cases).
 */
import type { ChildLink } from '../../types/school/roles';
import type { FamilyFields, ReceptionCaseDoc } from '../../types/reception/reception.schema';

export type { FamilyFields };

/** The family of `child` as recorded by `actor` (the guardian who books or writes). */
export function familyFieldsOf(child: Pick<ChildLink, 'childId' | 'childName' | 'gradeId' | 'classId'>, actor: { userId: string; openid: string }): FamilyFields {
  return { familyId: child.childId, childName: child.childName, gradeId: child.gradeId, classId: child.classId, userId: actor.userId, openid: actor.openid };
}

/** The family fields of a record that already has them (a booking → its case). */
export const familyFieldsFrom = (r: FamilyFields): FamilyFields => ({ familyId: r.familyId, childName: r.childName, gradeId: r.gradeId, classId: r.classId, userId: r.userId, openid: r.openid });

type Required = Pick<ReceptionCaseDoc, '_id' | 'kind' | 'schoolId' | 'topic' | 'description' | 'status'>;

/** A new case: the loop's fields at their start value, then `c` (what this case starts with). */
export function newCase(c: Required & FamilyFields & Partial<ReceptionCaseDoc>, now: Date): ReceptionCaseDoc {
  return {
    hideFromClassTeacher: false,
    receptionist: null,
    assigneeStaffId: null,
    outcome: null,
    followUpDoneAt: null,
    followUpNote: null,
    rating: null,
    reopenReason: null,
    reopenedAt: null,
    dueAt: null,
    closedReason: null,
    closedBy: null,
    closedAt: null,
    dayId: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...c,
  };
}
