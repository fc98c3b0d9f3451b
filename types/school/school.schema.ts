/**
 * Zod schemas of every `school` action: input (validated by the function) and output (the DTO
 * the app receives). Pure: no Taro, no SDK.
 */
import { z } from 'zod';
import { POSITIONS, ROLES } from './roles';
import { normaliseChildName, RELATIONS } from './school.rules';
import { withLabels } from '../common/validation';

const id = z.string().trim().min(1).max(64);
const name = (max: number) => z.string().trim().min(1).max(max);

/** Mainland mobile numbers only (11 digits starting with 1). */
export const PhoneSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号'));

export const RoleSchema = z.enum(ROLES);
export const PositionTitleSchema = z.enum(POSITIONS);
export const RelationSchema = z.enum(RELATIONS);

export const PositionSchema = z
  .object({
    title: PositionTitleSchema,
    gradeId: id.optional(),
    classId: id.optional(),
    subject: z.string().trim().min(1).max(20).optional(),
  })
  .strict();

const MembershipSchema = z.object({
  schoolId: z.string(),
  roles: z.array(RoleSchema),
  staffId: z.string().optional(),
  positions: z.array(PositionSchema),
});

const ChildLinkSchema = z.object({
  childId: z.string(),
  schoolId: z.string(),
  gradeId: z.string(),
  classId: z.string(),
  childName: z.string(),
  relation: z.string(),
});

// ---------- outputs ----------
/** Dates cross the wire as ISO strings (the function converts before returning). */
const isoDate = z.string();
/** A pending guardian link (who asked: user id and relation only, never a name or phone). */
export const GuardianRequestSchema = z.object({
  childId: z.string(),
  childName: z.string(),
  className: z.string(),
  userId: z.string(),
  relation: z.string(),
  createdAt: isoDate,
  isMe: z.boolean(),
});
export type GuardianRequest = z.infer<typeof GuardianRequestSchema>;

export const ProfileSchema = z.object({
  userId: z.string(),
  needsConsent: z.boolean(),
  consentVersion: z.string(),
  consent: z.object({ version: z.string(), acceptedAt: isoDate, guardianConsent: z.boolean() }).nullable(),
  deletionDueAt: isoDate.nullable(),
  memberships: z.array(MembershipSchema.extend({ schoolName: z.string() })),
  children: z.array(ChildLinkSchema.extend({ schoolName: z.string(), className: z.string() })),
  currentChildId: z.string().nullable(),
  /** The caller's own requests waiting for the 班主任 or another guardian (等待确认). */
  pendingChildren: z.array(GuardianRequestSchema).optional(),
  /** The caller's requests that were rejected (the last 30 days), so that they are told. */
  rejectedRequests: z.array(z.object({ childId: z.string(), childName: z.string(), className: z.string(), relation: z.string(), requestedAt: isoDate, rejectedAt: isoDate })).optional(),
  /** Requests by others to become guardians of the caller's children (to confirm or reject). */
  guardianRequests: z.array(GuardianRequestSchema).optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const SchoolInfoSchema = z.object({
  _id: z.string(),
  name: z.string(),
  district: z.string(),
  alliance: z.object({ _id: z.string(), name: z.string(), leadSchoolId: z.string(), schools: z.array(z.object({ _id: z.string(), name: z.string() })) }).nullable(),
});
export type SchoolInfo = z.infer<typeof SchoolInfoSchema>;

export const ClassSchema = z.object({ _id: z.string(), schoolId: z.string(), gradeId: z.string(), name: z.string(), order: z.number() });
export type ClassDto = z.infer<typeof ClassSchema>;
export const GradeSchema = z.object({ _id: z.string(), schoolId: z.string(), name: z.string(), order: z.number(), classes: z.array(ClassSchema) });
export type GradeDto = z.infer<typeof GradeSchema>;

export const StaffSchema = z.object({
  _id: z.string(),
  schoolId: z.string(),
  name: z.string(),
  /** Full number only for callers who need it, otherwise masked (138****5678). */
  phone: z.string(),
  phoneMasked: z.boolean(),
  positions: z.array(PositionSchema),
  officeHours: z.string(),
  linked: z.boolean(),
});
export type StaffDto = z.infer<typeof StaffSchema>;

export const JoinCodeSchema = z.object({
  code: z.string(),
  kind: z.enum(['class', 'staff']),
  schoolId: z.string(),
  classId: z.string().nullable(),
  staffId: z.string().nullable(),
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
  createdAt: isoDate,
});
export type JoinCodeDto = z.infer<typeof JoinCodeSchema>;

export const GuardianSchema = z.object({ userId: z.string(), childId: z.string(), relation: z.string(), createdAt: isoDate, isMe: z.boolean() });
export type GuardianDto = z.infer<typeof GuardianSchema>;

export const RosterChildSchema = z.object({ childId: z.string(), name: z.string(), guardians: z.array(GuardianSchema) });
export const RosterSchema = z.object({
  classId: z.string(),
  className: z.string(),
  gradeName: z.string(),
  schoolName: z.string(),
  canManage: z.boolean(),
  children: z.array(RosterChildSchema),
  /** Pending guardian requests of the class (only to those who may confirm them). */
  pendingRequests: z.array(GuardianRequestSchema).optional(),
});
export type Roster = z.infer<typeof RosterSchema>;

export const MemberSchema = z.object({ userId: z.string(), roles: z.array(RoleSchema), staffId: z.string().nullable(), staffName: z.string().nullable(), positions: z.array(PositionSchema) });
export type MemberDto = z.infer<typeof MemberSchema>;

export const ImportRowErrorSchema = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;
export const ImportResultSchema = z.object({
  rows: z.number(),
  staffCreated: z.number(),
  staffUpdated: z.number(),
  gradesCreated: z.number(),
  classesCreated: z.number(),
  dryRun: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

// ---------- inputs ----------
export const EmptyInputSchema = z.object({}).strict();
export const SchoolIdInputSchema = z.object({ schoolId: id }).strict();
export const ClassIdInputSchema = z.object({ classId: id }).strict();

export const AcceptConsentInputSchema = z
  .object({ version: z.string().trim().min(1).max(20), guardianConsent: z.boolean() })
  .strict();
export const SwitchChildInputSchema = z.object({ childId: id }).strict();

export const CreateGradeInputSchema = withLabels(z.object({ schoolId: id, name: name(20), order: z.number().int().min(0).max(99) }).strict(), { name: '年级名称' });
export const UpdateGradeInputSchema = withLabels(z.object({ gradeId: id, name: name(20).optional(), order: z.number().int().min(0).max(99).optional() }).strict(), { name: '年级名称' });
export const GradeIdInputSchema = z.object({ gradeId: id }).strict();
export const CreateClassInputSchema = withLabels(z.object({ gradeId: id, name: name(20) }).strict(), { name: '班级名称' });
export const UpdateClassInputSchema = withLabels(z.object({ classId: id, name: name(20) }).strict(), { name: '班级名称' });

export const UpsertStaffInputSchema = withLabels(
  z
    .object({
      schoolId: id,
      staffId: id.optional(),
      name: name(20),
      phone: PhoneSchema,
      positions: z.array(PositionSchema).max(10),
      officeHours: z.string().trim().max(100).default(''),
    })
    .strict(),
  { name: '姓名' },
);
export const StaffIdInputSchema = z.object({ staffId: id }).strict();

export const SetMemberRolesInputSchema = z.object({ schoolId: id, userId: id, roles: z.array(RoleSchema).max(3) }).strict();

export const CreateJoinCodeInputSchema = z.object({ classId: id, validDays: z.number().int().min(1).max(30).default(7) }).strict();
export const JoinCodeInputSchema = z.object({ code: z.string().trim().min(4).max(20) }).strict();
export const BindChildInputSchema = z
  .object({ code: z.string().trim().min(4).max(20), childName: z.string().max(40).transform(normaliseChildName).pipe(z.string().min(2, '孩子姓名至少 2 个字').max(20).regex(/^[\u4e00-\u9fa5·A-Za-z]+( [A-Za-z]+)*$/, '孩子姓名只能包含汉字、英文字母和“·”，请输入真实姓名')), relation: RelationSchema })
  .strict();
export const CreateStaffInviteInputSchema = z.object({ staffId: id, validDays: z.number().int().min(1).max(30).default(7) }).strict();

export const ChildIdInputSchema = z.object({ childId: id }).strict();
export const RemoveGuardianInputSchema = z.object({ childId: id, userId: id }).strict();

export const ImportStaffInputSchema = z
  .object({
    schoolId: id,
    fileId: z.string().min(1).max(300).optional(),
    /** The xlsx file itself, base64 (≤ 2 MB). */
    base64: z.string().min(1).max(2_800_000).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .refine((v) => !!v.fileId !== !!v.base64, { message: '请上传一个表格文件', path: ['fileId'] });

export const CreatedSchema = z.object({ _id: z.string() });
export const CreateJoinCodeOutputSchema = JoinCodeSchema.extend({ qrFileId: z.string().nullable(), qrDataUrl: z.string().nullable() });
export const JoinCodePreviewSchema = z.object({ schoolName: z.string(), gradeName: z.string(), className: z.string(), kind: z.enum(['class', 'staff']) });
export const WithdrawConsentOutputSchema = z.object({ deletionDueAt: z.string() });
