/**
 * Typed calls of the `credit` function (学习档案, stars, settings) and view helpers.
 */
import { call, type InputOf } from './cloud';
import { stars, termLabel } from '@shared/credit/credit.rules';

export const myArchive = (familyId?: string) => call('credit', 'myArchive', familyId ? { familyId } : {});
export const familyArchive = (schoolId: string, familyId: string) => call('credit', 'familyArchive', { schoolId, familyId });
export const classStars = (schoolId: string, classId: string) => call('credit', 'classStars', { schoolId, classId });
export const schoolStars = (schoolId: string) => call('credit', 'schoolStars', { schoolId });
export const classInactive = (schoolId: string, classId: string) => call('credit', 'classInactive', { schoolId, classId });
export const getCreditSettings = (schoolId: string) => call('credit', 'getSettings', { schoolId });
export const saveCreditSettings = (input: InputOf<'credit', 'saveSettings'>) => call('credit', 'saveSettings', input);
export const adjustCredit = (input: InputOf<'credit', 'adjust'>) => call('credit', 'adjust', input);

export { stars, termLabel };

export function hoursLabel(h: number): string {
  const v = Number.isInteger(h) ? String(h) : h.toFixed(1);
  return `${h > 0 ? '' : ''}${v} 课时`;
}

export function signedHours(h: number): string {
  const v = Number.isInteger(Math.abs(h)) ? String(Math.abs(h)) : Math.abs(h).toFixed(1);
  return `${h < 0 ? '−' : '+'}${v}`;
}

/** A random request key for an adjustment (the same key twice credits once). */
export function newRequestKey(): string {
  return `adj-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
