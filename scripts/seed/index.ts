/**
 * Demo data for the local cloud: `npm run cloud -- seed` and `npm start` call seedDemo(db).
 * Each domain contributes one seed function; they run in this order (later ones build on the
 * ids of earlier ones, e.g. SCHOOL_SEED from the school seed). Every seed must be deterministic
 * (same ids every run) and idempotent (insert what is missing; see insertMissing).
 *
 * To add a domain: append one line to DOMAIN_SEEDS.
 */
import type { Database } from '../../server/core/cloud';
import { seedSchool } from '../../server/school/school.seed';
import { seedCourses } from '../../server/course/course.seed';
import { seedAttendance } from '../../server/attendance/attendance.seed';
import { seedLessonMedia, type SeedContext } from './lesson-media';
import { seedReception } from '../../server/reception/reception.seed';
import { seedCertificates } from '../../server/certificate/certificate.seed';
import { seedNotices } from '../../server/notice/notice.seed';
import { seedContact } from '../../server/contact/contact.seed';
import { seedOversight } from '../../server/oversight/oversight.seed';

export { SCHOOL_SEED, SEED_EPOCH } from '../../server/school/school.seed';
export { insertMissing, rng, pick } from '../../server/school/seed-util';

export interface DomainSeed {
  name: string;
  /** ctx.sdk: the SDK instance when the caller has one (cloud storage uploads). */
  run(db: Database, ctx?: SeedContext): Promise<Record<string, number>>;
}

export const DOMAIN_SEEDS: DomainSeed[] = [
  { name: 'school', run: (db) => seedSchool(db) },
  { name: 'course', run: (db) => seedCourses(db) },
  { name: 'attendance', run: seedAttendance },
  { name: 'lesson-media', run: seedLessonMedia },
  { name: 'reception', run: (db) => seedReception(db) },
  { name: 'certificate', run: (db) => seedCertificates(db) },
  { name: 'notice', run: seedNotices },
  { name: 'contact', run: seedContact },
  { name: 'oversight', run: (db) => seedOversight(db) },
  // course, attendance, … : add `{ name: '<domain>', run: seed<Domain> },` here
];

/** Runs every domain seed in order; returns the documents inserted per domain and collection. */
export async function seedDemo(db: unknown, ctx: SeedContext = {}): Promise<Record<string, Record<string, number>>> {
  const summary: Record<string, Record<string, number>> = {};
  for (const seed of DOMAIN_SEEDS) summary[seed.name] = await seed.run(db as Database, ctx);
  return summary;
}
