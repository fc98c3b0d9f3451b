/**
 * Completion certificates (结业证书): the school's eligibility rule per school year, the
 * certificates themselves, and the inputs/outputs of the `certificate` function.
 */
import { z } from 'zod';
import { SchoolYear } from '../credit/credit.schema';

const Id = z.string().trim().min(1).max(128);

/** Verification codes and numbers use this alphabet (no 0/O, 1/I): easy to read and type. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** The school's certificate rule and certificate face for one school year. */
export const CertificateRuleSchema = z.object({
  /** The school issues certificates this year. */
  enabled: z.boolean(),
  /** Minimum 课时 in the school year. */
  minHours: z.number().min(0).max(200).multipleOf(0.5),
  /** Minimum sessions attended (现场签到 + 线上微课 + 老师补录). */
  minSessions: z.number().int().min(0).max(100),
  /** Minimum collective lessons (集体授课, one session of ≥ 45 minutes). */
  minCollective: z.number().int().min(0).max(50),
  /** Minimum completed online micro-lessons. */
  minOnlineLessons: z.number().int().min(0).max(50),
  /** Minimum star level (0: none). */
  minStarLevel: z.number().int().min(0).max(5),
  /** Mark the top star level (★★★★★) as 优秀家长 on the certificate. */
  excellentAtTopLevel: z.boolean(),
  /** 校长 name printed on the certificate. */
  principalName: z.string().trim().max(20),
  /** The school's seal image (cloud storage fileID under certificate-seals/<schoolId>/), or null: a drawn seal. */
  sealFileId: z.string().trim().max(400).nullable(),
});
export type CertificateRule = z.infer<typeof CertificateRuleSchema>;

export const DEFAULT_CERTIFICATE_RULE: CertificateRule = {
  enabled: false,
  minHours: 8,
  minSessions: 4,
  minCollective: 1,
  minOnlineLessons: 0,
  minStarLevel: 0,
  excellentAtTopLevel: true,
  principalName: '',
  sealFileId: null,
};

/** certificate_settings/{schoolId}_{schoolYear} */
export interface CertificateSettingsDoc {
  _id: string;
  schoolId: string;
  schoolYear: string;
  rule: CertificateRule;
  copiedFrom?: string;
  updatedAt: Date;
  updatedBy: string;
}

/** certificate_names/{userId}: the real name a guardian confirmed for their certificates. */
export interface CertificateNameDoc {
  _id: string;
  realName: string;
  /** The purpose statement version the guardian agreed to. */
  purpose: string;
  confirmedAt: Date;
}

export type CertificateStatus = 'pending' | 'valid' | 'revoked';

/**
 * certificates/{schoolYear}_{familyId}_{userId}_{rev}: one holder (a guardian, for one child's
 * school) per school year; rev 1 is the first issue, a reissue writes rev + 1 and revokes rev.
 * `pending` while a batch run holds it and has not yet given it a number.
 */
export interface CertificateDoc {
  _id: string;
  holderKey: string;
  rev: number;
  schoolId: string;
  schoolYear: string;
  familyId: string;
  userId: string;
  classId: string;
  gradeId: string;
  status: CertificateStatus;
  /** The batch run (or single issue) that created it; a pending doc of a dead run is taken over. */
  runId: string;
  claimedAt: Date;
  /** Set when the number is given (status valid). */
  seq?: number;
  number?: string;
  code?: string;
  keyId?: string;
  holderName?: string;
  schoolName?: string;
  className?: string;
  hours?: number;
  sessions?: number;
  starLevel?: number;
  excellent?: boolean;
  override?: { reason: string; by: string } | null;
  issuedAt?: Date;
  issuedBy?: string;
  revokedAt?: Date | null;
  revokedBy?: string | null;
  revokeReason?: string | null;
  /** Set on the old certificate when a reissue replaced it. */
  replacedBy?: string | null;
  imageFileId?: string | null;
}

export const SCOPE_KINDS = ['class', 'grade', 'school'] as const;

export const ScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('class'), classId: Id }),
  z.object({ kind: z.literal('grade'), gradeId: Id }),
  z.object({ kind: z.literal('school') }),
]);
export type Scope = z.infer<typeof ScopeSchema>;

/** The purpose the parent agrees to when confirming the name (shown on the page; version stored). */
export const CERTIFICATE_NAME_PURPOSE_VERSION = 'cert-name-v1' as const;
export const CERTIFICATE_NAME_PURPOSE =
  '您的真实姓名仅用于印在您本人的结业证书上，并在他人扫码验证证书时以“张*明”的形式部分显示；不会向其他家庭展示。确认后证书将使用此姓名。';

const Reason = z.string().trim().min(2, '请填写原因（至少 2 个字）').max(200);

export const GetRuleInputSchema = z.object({ schoolId: Id, schoolYear: SchoolYear.optional() });
export const SaveRuleInputSchema = z.object({ schoolId: Id, schoolYear: SchoolYear.optional(), rule: CertificateRuleSchema });
export const EligibilityInputSchema = z.object({ schoolId: Id, classId: Id, schoolYear: SchoolYear.optional() });
export const IssueBatchInputSchema = z.object({ schoolId: Id, scope: ScopeSchema, schoolYear: SchoolYear.optional() });
export const IssueOneInputSchema = z.object({
  schoolId: Id,
  familyId: Id,
  userId: Id,
  schoolYear: SchoolYear.optional(),
  /** Required when the holder does not meet the rule (an override). */
  reason: Reason.optional(),
});
export const RevokeInputSchema = z.object({ certificateId: Id, reason: Reason });
export const ReissueInputSchema = z.object({ certificateId: Id, reason: Reason });
export const ListIssuedInputSchema = z.object({ schoolId: Id, classId: Id, schoolYear: SchoolYear.optional() });
/** A real name: 2–20 Chinese characters (· allowed) or letters and spaces. */
export const RealNameSchema = z
  .string()
  .trim()
  .regex(/^(?:[\u3400-\u9fff·]{2,20}|[A-Za-z][A-Za-z .'-]{1,38}[A-Za-z])$/, '请填写真实姓名（2–20 个汉字，或英文名）');
export const ConfirmNameInputSchema = z.object({ realName: RealNameSchema, purpose: z.literal(CERTIFICATE_NAME_PURPOSE_VERSION) });
export const MineInputSchema = z.object({ schoolYear: SchoolYear.optional() });
export const ImageInputSchema = z.object({ certificateId: Id });
export const VerifyInputSchema = z.union([
  z.object({ scene: z.string().trim().min(3).max(32) }),
  z.object({ number: z.string().trim().min(3).max(32), code: z.string().trim().min(4).max(24) }),
]);


// ---- outputs ----
export interface MissingItem {
  kind: 'hours' | 'sessions' | 'collective' | 'onlineLessons' | 'starLevel' | 'realName';
  need: number;
  have: number;
  text: string;
}
export interface HolderEligibility {
  familyId: string;
  userId: string;
  childName: string;
  relation: string;
  /** Masked real name (张*明) when confirmed, else ''. */
  holderNameMasked: string;
  nameConfirmed: boolean;
  totals: CertificateTotals;
  starLevel: number;
  eligible: boolean;
  missing: MissingItem[];
  certificate: CertificateSummary | null;
}
export interface CertificateTotals {
  hours: number;
  sessions: number;
  collective: number;
  onlineLessons: number;
}
export interface CertificateSummary {
  id: string;
  number: string;
  status: Exclude<CertificateStatus, 'pending'>;
  issuedAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
  excellent: boolean;
  override: boolean;
}
export interface EligibilityOutput {
  schoolId: string;
  classId: string;
  className: string;
  schoolYear: string;
  rule: CertificateRule;
  holders: HolderEligibility[];
  counts: { holders: number; eligible: number; issued: number; waitingName: number };
}
export interface IssueOutput {
  /** The first run of this call ('' when nothing was issued). */
  runId: string;
  /** Each run of the call: its numbers are consecutive (firstNumber … lastNumber). */
  runs: { runId: string; issued: number; firstNumber: string | null; lastNumber: string | null }[];
  issued: number;
  alreadyIssued: number;
  notEligible: number;
  waitingName: number;
  /** The first number of the call's first run and the last of its last run. */
  firstNumber: string | null;
  lastNumber: string | null;
  /** Eligible holders left for the next call (a call stops starting runs after 20 s; call again while > 0). */
  remaining: number;
}
export interface RuleOutput {
  schoolId: string;
  schoolYear: string;
  rule: CertificateRule;
  isDefault: boolean;
  copiedFrom: string | null;
  sealUrl: string | null;
}
export interface MyCertificateItem {
  familyId: string;
  childName: string;
  schoolId: string;
  schoolName: string;
  className: string;
  schoolYear: string;
  enabled: boolean;
  totals: CertificateTotals;
  starLevel: number;
  eligible: boolean;
  missing: MissingItem[];
  certificate: (CertificateSummary & { holderName: string; hours: number; scene: string; code: string }) | null;
}
export interface MineOutput {
  schoolYear: string;
  realName: string | null;
  purpose: string;
  items: MyCertificateItem[];
}
export interface ImageOutput {
  certificateId: string;
  fileId: string;
  url: string;
}
export interface VerifyOutput {
  status: 'valid' | 'revoked';
  number: string;
  holderNameMasked: string;
  schoolName: string;
  schoolYear: string;
  hours: number;
  excellent: boolean;
  issuedAt: string;
  revokedAt: string | null;
}
