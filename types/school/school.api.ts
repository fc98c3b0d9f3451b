/** The `school` function's actions: input as the app sends it, output as the app receives it. */
import type { z } from 'zod';
import type { ActionSpec } from '../common/api-spec';
import type * as S from './school.schema';

type A<I extends z.ZodTypeAny, O> = ActionSpec<z.input<I>, O>;
type Out<T extends z.ZodTypeAny> = z.infer<T>;

export interface SchoolApi {
  // account & consent
  ensureUser: A<typeof S.EmptyInputSchema, Out<typeof S.ProfileSchema>>;
  acceptConsent: A<typeof S.AcceptConsentInputSchema, Out<typeof S.ProfileSchema>>;
  withdrawConsent: A<typeof S.EmptyInputSchema, Out<typeof S.WithdrawConsentOutputSchema>>;
  me: A<typeof S.EmptyInputSchema, Out<typeof S.ProfileSchema>>;
  switchChild: A<typeof S.SwitchChildInputSchema, Out<typeof S.ProfileSchema>>;
  // structure
  getSchool: A<typeof S.SchoolIdInputSchema, Out<typeof S.SchoolInfoSchema>>;
  listGrades: A<typeof S.SchoolIdInputSchema, Out<typeof S.GradeSchema>[]>;
  createGrade: A<typeof S.CreateGradeInputSchema, Out<typeof S.CreatedSchema>>;
  updateGrade: A<typeof S.UpdateGradeInputSchema, Out<typeof S.CreatedSchema>>;
  deleteGrade: A<typeof S.GradeIdInputSchema, Out<typeof S.CreatedSchema>>;
  createClass: A<typeof S.CreateClassInputSchema, Out<typeof S.CreatedSchema>>;
  updateClass: A<typeof S.UpdateClassInputSchema, Out<typeof S.CreatedSchema>>;
  deleteClass: A<typeof S.ClassIdInputSchema, Out<typeof S.CreatedSchema>>;
  // staff & roles
  listStaff: A<typeof S.SchoolIdInputSchema, Out<typeof S.StaffSchema>[]>;
  upsertStaff: A<typeof S.UpsertStaffInputSchema, Out<typeof S.CreatedSchema>>;
  deleteStaff: A<typeof S.StaffIdInputSchema, Out<typeof S.CreatedSchema>>;
  createStaffInvite: A<typeof S.CreateStaffInviteInputSchema, Out<typeof S.CreateJoinCodeOutputSchema>>;
  joinAsStaff: A<typeof S.JoinCodeInputSchema, Out<typeof S.ProfileSchema>>;
  listMembers: A<typeof S.SchoolIdInputSchema, Out<typeof S.MemberSchema>[]>;
  setMemberRoles: A<typeof S.SetMemberRolesInputSchema, Out<typeof S.MemberSchema>>;
  importStaff: A<typeof S.ImportStaffInputSchema, Out<typeof S.ImportResultSchema>>;
  // classes, join codes, guardians
  createJoinCode: A<typeof S.CreateJoinCodeInputSchema, Out<typeof S.CreateJoinCodeOutputSchema>>;
  listJoinCodes: A<typeof S.ClassIdInputSchema, Out<typeof S.JoinCodeSchema>[]>;
  revokeJoinCode: A<typeof S.JoinCodeInputSchema, Out<typeof S.JoinCodeSchema>>;
  previewJoinCode: A<typeof S.JoinCodeInputSchema, Out<typeof S.JoinCodePreviewSchema>>;
  bindChild: A<typeof S.BindChildInputSchema, Out<typeof S.ProfileSchema>>;
  classRoster: A<typeof S.ClassIdInputSchema, Out<typeof S.RosterSchema>>;
  listGuardians: A<typeof S.ChildIdInputSchema, Out<typeof S.GuardianSchema>[]>;
  removeGuardian: A<typeof S.RemoveGuardianInputSchema, Out<typeof S.CreatedSchema>>;
  confirmGuardian: A<typeof S.RemoveGuardianInputSchema, Out<typeof S.CreatedSchema>>;
  rejectGuardian: A<typeof S.RemoveGuardianInputSchema, Out<typeof S.CreatedSchema>>;
}

export type SchoolAction = keyof SchoolApi;
