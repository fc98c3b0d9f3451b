/** Stored shapes of the school collections (server side; DTOs live in types/school). */
import type { Membership, Role } from '../../types/school/roles';
import type { StaffLike } from '../../types/contact/contact.rules';

export interface AllianceDoc {
  _id: string;
  name: string;
  leadSchoolId: string;
  schoolIds: string[];
  createdAt: Date;
}

export interface SchoolDoc {
  _id: string;
  name: string;
  district: string;
  allianceId: string | null;
  createdAt: Date;
}

export interface GradeDoc {
  _id: string;
  schoolId: string;
  name: string;
  order: number;
  createdAt: Date;
}

export interface ClassDoc {
  _id: string;
  schoolId: string;
  gradeId: string;
  name: string;
  order: number;
  createdAt: Date;
}

/** A staff record: the card fields (StaffLike, shared with the contact rules) and who claimed it. */
export interface StaffDoc extends StaffLike {
  /** The WeChat user who claimed this staff record (joinAsStaff), if any. */
  userId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberDoc extends Membership {
  _id: string;
  userId: string;
  roles: Role[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ChildDoc {
  _id: string;
  schoolId: string;
  gradeId: string;
  classId: string;
  name: string;
  /**
   * Active guardians, kept in the same transactions as the guardian records. Missing on records
   * written before it existed: counted as "has guardians" (a new binder then waits for confirmation).
   */
  guardianCount?: number;
  createdAt: Date;
}

/** 'pending': asked through a class code for a child who already has guardians; grants nothing until confirmed. */
export type GuardianStatus = 'active' | 'pending';

export interface GuardianDoc {
  _id: string;
  childId: string;
  userId: string;
  schoolId: string;
  gradeId: string;
  classId: string;
  relation: string;
  joinCode: string;
  /** Missing means active (records written before confirmation existed). */
  status?: GuardianStatus;
  createdAt: Date;
  confirmedBy?: string;
  confirmedAt?: Date;
}

/** guardian_rejections/{childId}_{userId}: a rejected request, so that the parent who asked is told. */
export interface GuardianRejectionDoc {
  _id: string;
  userId: string;
  childId: string;
  childName: string;
  schoolId: string;
  gradeId: string;
  classId: string;
  relation: string;
  requestedAt: Date;
  rejectedAt: Date;
}

export const isActiveGuardian = (g: Pick<GuardianDoc, 'status'>) => g.status !== 'pending';

export interface JoinCodeDoc {
  _id: string;
  kind: 'class' | 'staff';
  schoolId: string;
  gradeId: string | null;
  classId: string | null;
  staffId: string | null;
  createdBy: string;
  expiresAt: Date;
  revokedAt: Date | null;
  qrFileId: string | null;
  createdAt: Date;
}

export interface DeletionJobDoc {
  _id: string;
  userId: string;
  /** 'running': claimed by a timer run (claimedAt), so that overlapping runs never purge twice. */
  status: 'scheduled' | 'running' | 'cancelled' | 'done';
  claimedAt?: Date;
  withdrawnAt: Date;
  dueAt: Date;
  doneAt?: Date;
  removed?: Record<string, number>;
}

export const C = {
  alliances: 'alliances',
  schools: 'schools',
  grades: 'grades',
  classes: 'classes',
  staff: 'staff',
  members: 'members',
  children: 'children',
  guardians: 'guardians',
  guardianRejections: 'guardian_rejections',
  joinCodes: 'join_codes',
  consents: 'consents',
  deletionJobs: 'deletion_jobs',
  joinAttempts: 'join_attempts',
  users: 'users',
} as const;

export const memberId = (schoolId: string, userId: string) => `${schoolId}_${userId}`;
export const guardianId = (childId: string, userId: string) => `${childId}_${userId}`;
