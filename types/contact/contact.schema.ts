/**
 * Zod schemas of the `contact` function: 家长联络卡, number publication, 家访, 重点关注, printed
 * cards and 家委会. Inputs are validated by the function; outputs are the DTOs the app receives.
 */
import { z } from 'zod';
import { COMMITTEE_LEVELS, COMMITTEE_ROLES, PUBLICATIONS, VISIT_FORMS } from './contact.rules';
import { PhoneSchema } from '../school/school.schema';
import { calendarDay as day } from '../common/fields';

const id = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().max(max);
const schoolYear = z.string().regex(/^\d{4}-\d{4}$/, '学年格式应为 2026-2027');

export const EmptyInputSchema = z.object({}).strict();
export const ClassIdInputSchema = z.object({ classId: id }).strict();
export const ClassYearInputSchema = z.object({ classId: id, schoolYear: schoolYear.optional() }).strict();
export const StaffIdInputSchema = z.object({ staffId: id }).strict();
export const SchoolIdInputSchema = z.object({ schoolId: id }).strict();
export const PublicationSchema = z.enum(PUBLICATIONS);

export const SetPublicationInputSchema = z.object({ staffId: id, publication: PublicationSchema }).strict();

/** Office line: a mainland mobile or a landline such as 0571-88886666 (extension allowed). */
export const OfficePhoneSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, '请输入手机号或座机号（如 0571-88886666）'));

export const SetSchoolInfoInputSchema = z
  .object({
    schoolId: id,
    address: text(100).min(1, '请填写学校地址'),
    officePhone: OfficePhoneSchema,
    officeHours: text(60).default(''),
  })
  .strict();

export const VisitFormSchema = z.enum(VISIT_FORMS);

export const RecordVisitInputSchema = z
  .object({
    classId: id,
    childIds: z.array(id).min(1, '请至少选择一个家庭').max(60),
    date: day,
    form: VisitFormSchema,
    participants: z.array(text(30).min(1)).max(20).default([]),
    topics: z.array(text(40).min(1)).min(1, '请至少填写一个话题').max(20),
    notes: text(2000).default(''),
    followUps: z.array(z.object({ text: text(200).min(1, '请填写跟进事项'), dueDate: day }).strict()).max(20).default([]),
    /** Idempotency: the same key records one visit, however often it is sent. */
    requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  })
  .strict();
export type RecordVisitInput = z.infer<typeof RecordVisitInputSchema>;

export const SetFocusInputSchema = z.object({ childId: id, focus: z.boolean(), reason: text(200).default('') }).strict();

export const CommitteeLevelSchema = z.enum(COMMITTEE_LEVELS);
export const CommitteeRoleSchema = z.enum(COMMITTEE_ROLES);
export const AppointCommitteeInputSchema = z
  .object({
    level: CommitteeLevelSchema,
    /** The class of the guardian's child (for every level: it names the guardian's family and its grade). */
    childId: id,
    userId: id,
    role: CommitteeRoleSchema,
    term: z.string().trim().regex(/^\d{4}-\d{4}学年$/, '任期格式应为 2026-2027学年'),
  })
  .strict();
export const CommitteeMemberIdInputSchema = z.object({ memberId: id }).strict();
export const SetCommitteePublicationInputSchema = z
  .object({
    memberId: id,
    /** What the member agrees to be called on the card, e.g. 王女士; empty: not shown by name. */
    displayName: text(20).default(''),
    /** The number the member agrees to publish to the families of the committee; null: none. */
    phone: PhoneSchema.nullable().default(null),
  })
  .strict();

// ---------- outputs ----------
const Shown = { phone: z.string().nullable(), phoneMasked: z.string().nullable(), viaOffice: z.boolean() };
export const CardEntrySchema = z.object({ staffId: z.string(), name: z.string(), group: z.string(), label: z.string(), officeHours: z.string(), ...Shown });
export const OtherEntrySchema = z.object({ staffId: z.string(), name: z.string(), label: z.string(), officeHours: z.string(), ...Shown });
export const OfficeSchema = z.object({ phone: z.string().nullable(), address: z.string(), hours: z.string() });
export const CommitteeCardEntrySchema = z.object({
  memberId: z.string(),
  /** class / grade / school ('tier': the card's word for the committee level). */
  tier: CommitteeLevelSchema,
  tierLabel: z.string(),
  role: CommitteeRoleSchema,
  term: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
});
export const ClassCardSchema = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  classId: z.string(),
  className: z.string(),
  /** The viewer's own children in this class (a parent's card); empty for staff. */
  childNames: z.array(z.string()),
  entries: z.array(CardEntrySchema),
  services: z.array(CardEntrySchema),
  office: OfficeSchema,
  committee: z.array(CommitteeCardEntrySchema),
  others: z.array(OtherEntrySchema),
});
export type ClassCard = z.infer<typeof ClassCardSchema>;
export type CardEntryDto = z.infer<typeof CardEntrySchema>;
export type OtherEntryDto = z.infer<typeof OtherEntrySchema>;
export type CommitteeCardEntry = z.infer<typeof CommitteeCardEntrySchema>;

export interface PublicationView {
  staffId: string;
  name: string;
  publication: z.infer<typeof PublicationSchema>;
  /** Who chose it: 'self' | 'admin' | null (never chosen: the default). */
  setBy: 'self' | 'admin' | null;
  setAt: string | null;
  history: { publication: z.infer<typeof PublicationSchema>; setBy: 'self' | 'admin'; setAt: string }[];
}

export interface SchoolInfoView {
  schoolId: string;
  address: string;
  officePhone: string;
  officeHours: string;
}

export interface VisitView {
  visitId: string;
  classId: string;
  childIds: string[];
  childNames: string[];
  date: string;
  form: z.infer<typeof VisitFormSchema>;
  participants: string[];
  topics: string[];
  notes: string;
  followUps: { text: string; dueDate: string }[];
  recordedByName: string;
  mine: boolean;
  createdAt: string;
}

export interface CoverageView {
  classId: string;
  className: string;
  schoolYear: string;
  total: number;
  visited: number;
  missing: { childId: string; name: string }[];
  families: { childId: string; name: string; visits: number; focus: boolean }[];
}

export interface FocusView {
  childId: string;
  name: string;
  reason: string;
  markedAt: string;
}

export interface PrintResult {
  fileID: string;
  url: string;
  cards: number;
  pages: number;
  bytes: number;
}

export interface CommitteeMemberView {
  memberId: string;
  tier: z.infer<typeof CommitteeLevelSchema>;
  tierLabel: string;
  scopeName: string;
  role: z.infer<typeof CommitteeRoleSchema>;
  term: string;
  displayName: string;
  /** The member's own view only: the number they agreed to publish. */
  phone: string | null;
  agreedAt: string | null;
}
