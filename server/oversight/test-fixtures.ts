/** A small school for the oversight tests, on top of the attendance fixtures (people, courses). */
import type { Database } from '../core/cloud';
import { CLASS_A1, CLASS_A2, SCHOOL_A, childId, seedPeople } from '../attendance/test-fixtures';

export const GRADE_A = 'fx-grade-7';

export async function seedOversightSchool(db: Database, families: number): Promise<void> {
  await seedPeople(db, families);
  const now = new Date();
  await db.collection('schools').doc(SCHOOL_A).set({ data: { name: '测试实验学校', district: '测试区', allianceId: null, createdAt: now } });
  await db.collection('grades').doc(GRADE_A).set({ data: { schoolId: SCHOOL_A, name: '七年级', order: 7, createdAt: now } });
  for (const [id, n] of [[CLASS_A1, 1], [CLASS_A2, 2]] as const) {
    await db.collection('classes').doc(id).set({ data: { schoolId: SCHOOL_A, gradeId: GRADE_A, name: `${n}班`, order: n, createdAt: now } });
  }
  for (let i = 1; i <= families; i++) {
    await db.collection('children').doc(childId(i)).set({ data: { schoolId: SCHOOL_A, gradeId: GRADE_A, classId: i % 2 ? CLASS_A1 : CLASS_A2, name: `学生${i}`, guardianCount: 1, createdAt: now } });
  }
}
