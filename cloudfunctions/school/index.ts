/** The `school` function: identity, consent, school structure, staff, join codes, guardians. */
import { createHandler, route } from '../../server/core/handler';
import * as S from '../../types/school/school.schema';
import * as account from '../../server/school/account.service';
import * as structure from '../../server/school/structure.service';
import * as staff from '../../server/school/staff.service';
import * as joinCodes from '../../server/school/join-code.service';
import * as guardians from '../../server/school/guardian.service';
import { importStaff } from '../../server/school/import.service';

export const routes = {
  // account & consent
  ensureUser: route(S.EmptyInputSchema, (ctx) => account.ensureUser(ctx), { withoutConsent: true }),
  acceptConsent: route(S.AcceptConsentInputSchema, account.acceptConsent, { withoutConsent: true }),
  withdrawConsent: route(S.EmptyInputSchema, (ctx) => account.withdrawConsent(ctx)),
  me: route(S.EmptyInputSchema, (ctx) => account.me(ctx)),
  switchChild: route(S.SwitchChildInputSchema, account.switchChild),
  // structure
  getSchool: route(S.SchoolIdInputSchema, structure.getSchool),
  listGrades: route(S.SchoolIdInputSchema, structure.listGrades),
  createGrade: route(S.CreateGradeInputSchema, structure.createGrade),
  updateGrade: route(S.UpdateGradeInputSchema, structure.updateGrade),
  deleteGrade: route(S.GradeIdInputSchema, structure.deleteGrade),
  createClass: route(S.CreateClassInputSchema, structure.createClass),
  updateClass: route(S.UpdateClassInputSchema, structure.updateClass),
  deleteClass: route(S.ClassIdInputSchema, structure.deleteClass),
  // staff & roles
  listStaff: route(S.SchoolIdInputSchema, staff.listStaff),
  upsertStaff: route(S.UpsertStaffInputSchema, staff.upsertStaff),
  deleteStaff: route(S.StaffIdInputSchema, staff.deleteStaff),
  createStaffInvite: route(S.CreateStaffInviteInputSchema, joinCodes.createStaffInvite),
  joinAsStaff: route(S.JoinCodeInputSchema, staff.joinAsStaff),
  listMembers: route(S.SchoolIdInputSchema, staff.listMembers),
  setMemberRoles: route(S.SetMemberRolesInputSchema, staff.setMemberRoles),
  importStaff: route(S.ImportStaffInputSchema, importStaff),
  // classes, join codes, guardians
  createJoinCode: route(S.CreateJoinCodeInputSchema, joinCodes.createJoinCode),
  listJoinCodes: route(S.ClassIdInputSchema, joinCodes.listJoinCodes),
  revokeJoinCode: route(S.JoinCodeInputSchema, joinCodes.revokeJoinCode),
  previewJoinCode: route(S.JoinCodeInputSchema, joinCodes.previewJoinCode),
  bindChild: route(S.BindChildInputSchema, joinCodes.bindChild),
  classRoster: route(S.ClassIdInputSchema, guardians.classRoster),
  listGuardians: route(S.ChildIdInputSchema, guardians.listGuardians),
  removeGuardian: route(S.RemoveGuardianInputSchema, guardians.removeGuardian),
  confirmGuardian: route(S.RemoveGuardianInputSchema, guardians.confirmGuardian),
  rejectGuardian: route(S.RemoveGuardianInputSchema, guardians.rejectGuardian),
};

export const main = createHandler(routes);
