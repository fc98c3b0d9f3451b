/**
 * The demo micro-lessons' video: uploads scripts/seed/assets/demo-lesson.mp4 (15 minutes, made by
 * scripts/make-demo-video.ts) to cloud storage and makes the seeded video lessons and recorded
 * courses of the demo schools play it. Needs the SDK instance (ctx.sdk, as `npm run cloud -- seed`
 * and the e2e harness pass it); without one the lessons stay readable (their transcript) and the
 * recorded courses keep their link. Idempotent: the same path and the same updates every run.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Database } from '../../server/core/cloud';
import { SCHOOL_SEED } from '../../server/school/school.seed';
import { VIDEO_LESSON_KEYS } from '../../server/attendance/attendance.seed';

export interface SeedContext {
  sdk?: { uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }> };
}

export const DEMO_VIDEO_PATH = 'lesson-media/demo/demo-lesson.mp4';

export async function seedLessonMedia(db: Database, ctx: SeedContext = {}): Promise<Record<string, number>> {
  if (!ctx.sdk?.uploadFile) return {};
  const { fileID } = await ctx.sdk.uploadFile({ cloudPath: DEMO_VIDEO_PATH, fileContent: readFileSync(join(__dirname, 'assets', 'demo-lesson.mp4')) });
  let lessons = 0;
  let courses = 0;
  const schools = [SCHOOL_SEED.schoolA, SCHOOL_SEED.schoolB];
  for (const schoolId of schools) {
    for (const key of VIDEO_LESSON_KEYS) {
      const r = await db.collection('online_lessons').doc(`lesson-${schoolId}-${key}`).update({ data: { kind: 'video', mediaUrl: fileID } });
      lessons += (r as { stats?: { updated?: number } }).stats?.updated ?? 0;
    }
  }
  const _ = db.command;
  const recorded = await db.collection<{ _id: string }>('courses').where({ schoolId: _.in(schools), 'mode.kind': 'recorded' }).limit(100).get();
  for (const c of recorded.data) {
    const r = await db.collection('courses').doc(c._id).update({ data: { mode: { kind: 'recorded', fileId: fileID } } });
    courses += (r as { stats?: { updated?: number } }).stats?.updated ?? 0;
  }
  return { lesson_media: 1, online_lessons: lessons, courses };
}
