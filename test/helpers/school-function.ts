/**
 * Shared by the tests of the `school` function on the demo seed (cloudfunctions/school/*.test.ts):
 * the seeded schools and staff by what they are, result helpers, and a new consenting user made
 * through the real function.
 */
import { SCHOOL_SEED } from '../../scripts/seed';
import type { Result } from '../../types/common/result';
import { PRIVACY_VERSION } from '../../types/school/school.rules';
import type { TestCloud } from './local-cloud';

export const A = SCHOOL_SEED.schoolA;
export const B = SCHOOL_SEED.schoolB;
/** 班主任 of 三年级1班 / 三年级2班 of school A. */
export const HEAD_A31 = 'demo-teacher-001';
export const HEAD_A32 = 'demo-teacher-002';
export const ADMIN_A = 'demo-admin-001';
export const ADMIN_B = 'demo-admin-002';
/** 班主任 of 七年级1班 of school B. */
export const HEAD_B71 = 'demo-teacher-101';

/** The data of an ok result; a failed one throws with its code and details, so the test says why. */
export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code} ${JSON.stringify(r.error.details ?? '')}`);
  return r.data;
}

/** 'OK' for an ok result, otherwise its error code. */
export function code(r: Result<unknown>): string {
  return r.ok ? 'OK' : r.error.code;
}

/** A brand-new WeChat user `openid` who opened the app and accepted the privacy notice. */
export async function consentingUser(cloud: TestCloud, openid: string): Promise<string> {
  ok(await cloud.call('school', openid, 'ensureUser', {}));
  ok(await cloud.call('school', openid, 'acceptConsent', { version: PRIVACY_VERSION, guardianConsent: true }));
  return openid;
}
