/**
 * Typed calls of the `school` function and the view helpers its pages share.
 * Pages never call Taro.cloud: they call these.
 */
import Taro from '@tarojs/taro';
import { call, type ActionName, type InputOf, type OutputOf } from './cloud';
import type { Membership } from '@shared/school/roles';
import { canManageClass, canManageSchool, canViewClass, formatJoinCode, guardianLabel, RELATIONS } from '@shared/school/school.rules';
import { formatDateTime } from '@shared/common/time';

type In<A extends ActionName<'school'>> = InputOf<'school', A>;
type Out<A extends ActionName<'school'>> = OutputOf<'school', A>;

export type Profile = Out<'me'>;
export type Grade = Out<'listGrades'>[number];
export type SchoolClass = Grade['classes'][number];
export type Staff = Out<'listStaff'>[number];
export type JoinCode = Out<'listJoinCodes'>[number];
export type NewJoinCode = Out<'createJoinCode'>;
export type Roster = Out<'classRoster'>;
export type ImportResult = Out<'importStaff'>;

export const school = {
  ensureUser: () => call('school', 'ensureUser', {}),
  me: () => call('school', 'me', {}),
  acceptConsent: (input: In<'acceptConsent'>) => call('school', 'acceptConsent', input),
  withdrawConsent: () => call('school', 'withdrawConsent', {}),
  switchChild: (childId: string) => call('school', 'switchChild', { childId }),
  getSchool: (schoolId: string) => call('school', 'getSchool', { schoolId }),
  listGrades: (schoolId: string) => call('school', 'listGrades', { schoolId }),
  createGrade: (input: In<'createGrade'>) => call('school', 'createGrade', input),
  updateGrade: (input: In<'updateGrade'>) => call('school', 'updateGrade', input),
  deleteGrade: (gradeId: string) => call('school', 'deleteGrade', { gradeId }),
  createClass: (input: In<'createClass'>) => call('school', 'createClass', input),
  updateClass: (input: In<'updateClass'>) => call('school', 'updateClass', input),
  deleteClass: (classId: string) => call('school', 'deleteClass', { classId }),
  listStaff: (schoolId: string) => call('school', 'listStaff', { schoolId }),
  upsertStaff: (input: In<'upsertStaff'>) => call('school', 'upsertStaff', input),
  deleteStaff: (staffId: string) => call('school', 'deleteStaff', { staffId }),
  createStaffInvite: (staffId: string) => call('school', 'createStaffInvite', { staffId }),
  joinAsStaff: (code: string) => call('school', 'joinAsStaff', { code }),
  importStaff: (input: In<'importStaff'>) => call('school', 'importStaff', input),
  listMembers: (schoolId: string) => call('school', 'listMembers', { schoolId }),
  setMemberRoles: (input: In<'setMemberRoles'>) => call('school', 'setMemberRoles', input),
  createJoinCode: (classId: string, validDays = 7) => call('school', 'createJoinCode', { classId, validDays }),
  listJoinCodes: (classId: string) => call('school', 'listJoinCodes', { classId }),
  revokeJoinCode: (code: string) => call('school', 'revokeJoinCode', { code }),
  previewJoinCode: (code: string) => call('school', 'previewJoinCode', { code }),
  bindChild: (input: In<'bindChild'>) => call('school', 'bindChild', input),
  classRoster: (classId: string) => call('school', 'classRoster', { classId }),
  removeGuardian: (childId: string, userId: string) => call('school', 'removeGuardian', { childId, userId }),
  confirmGuardian: (childId: string, userId: string) => call('school', 'confirmGuardian', { childId, userId }),
  rejectGuardian: (childId: string, userId: string) => call('school', 'rejectGuardian', { childId, userId }),
};

export { RELATIONS, formatJoinCode, guardianLabel };

/** Shown to a parent whose request to join an existing child waits for confirmation. */
export const PENDING_GUARDIAN_TEXT = '等待班主任或其他监护人确认';

/** Schools where the user is staff (teacher or admin). */
export function staffSchools(profile: Profile | undefined): Profile['memberships'] {
  return (profile?.memberships ?? []).filter((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
}

export function adminSchools(profile: Profile | undefined): Profile['memberships'] {
  return (profile?.memberships ?? []).filter((m) => canManageSchool(m));
}

export interface ClassOption {
  _id: string;
  label: string;
  schoolId: string;
  gradeId: string;
}

/** Classes of the grades list that the membership may manage (join codes) or view (roster). */
export function classOptions(grades: Grade[], m: Membership, need: 'manage' | 'view'): ClassOption[] {
  const out: ClassOption[] = [];
  for (const g of grades) {
    for (const c of g.classes) {
      const ok = need === 'manage' ? canManageClass(m, c._id) : canViewClass(m, { _id: c._id, gradeId: c.gradeId });
      if (ok) out.push({ _id: c._id, label: `${g.name}${c.name}`, schoolId: c.schoolId, gradeId: c.gradeId });
    }
  }
  return out;
}

export function describeExpiry(code: { status: string; expiresAt: string; revokedAt: string | null }): string {
  if (code.status === 'revoked') return `已撤销（${formatDateTime(code.revokedAt)}）`;
  if (code.status === 'expired') return `已过期（${formatDateTime(code.expiresAt)}）`;
  return `有效期至 ${formatDateTime(code.expiresAt)}`;
}

/** A join code from a scanned mini-program code (`scene=c%3DABC234`) or a `code` query. */
export function codeFromParams(params: Record<string, string | undefined>): string {
  if (params.code) return params.code;
  const scene = params.scene ? decodeURIComponent(params.scene) : '';
  const m = /(?:^|&)c=([^&]+)/.exec(scene);
  return m ? m[1] : '';
}

/** Scan a class QR code (weapp only); resolves to the code or ''. */
export async function scanJoinCode(): Promise<string> {
  const res = await Taro.scanCode({ onlyFromCamera: false });
  const raw = `${(res as { path?: string }).path ?? ''}&${res.result ?? ''}`;
  const scene = /scene=([^&]+)/.exec(raw);
  if (scene) return codeFromParams({ scene: scene[1] });
  const plain = /([2-9A-HJKMNP-Z]{6})/i.exec(res.result ?? '');
  return plain ? plain[1].toUpperCase() : '';
}

/** Reads a picked file as base64 (H5: a File from <input type=file>; weapp: a temp path). */
export async function fileToBase64(file: File | string): Promise<string> {
  if (typeof file === 'string') {
    const fs = Taro.getFileSystemManager();
    return fs.readFileSync(file, 'base64') as string;
  }
  const buf = await file.arrayBuffer();
  let binary = '';
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
