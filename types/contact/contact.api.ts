import type { ActionSpec } from '../common/api-spec';
import type { Publication } from './contact.rules';
import type {
  ClassCard,
  CommitteeMemberView,
  CoverageView,
  FocusView,
  PrintResult,
  PublicationView,
  RecordVisitInput,
  SchoolInfoView,
  VisitView,
} from './contact.schema';

export interface ContactApi {
  /** A family: one card per class of the caller's children (several children → several cards). */
  myCards: ActionSpec<Record<string, never>, ClassCard[]>;
  /** Any member of the class's school (a shared card): only what this viewer may see. */
  classCard: ActionSpec<{ classId: string }, ClassCard>;
  /** The staff member themself or an admin: how their number is published, and who chose it when. */
  getPublication: ActionSpec<{ staffId: string }, PublicationView>;
  setPublication: ActionSpec<{ staffId: string; publication: Publication }, PublicationView>;
  getSchoolInfo: ActionSpec<{ schoolId: string }, SchoolInfoView>;
  setSchoolInfo: ActionSpec<{ schoolId: string; address: string; officePhone: string; officeHours?: string }, SchoolInfoView>;
  /** 家访 */
  recordVisit: ActionSpec<Omit<RecordVisitInput, 'participants' | 'notes' | 'followUps'> & Partial<Pick<RecordVisitInput, 'participants' | 'notes' | 'followUps'>>, VisitView>;
  listVisits: ActionSpec<{ classId: string; schoolYear?: string }, VisitView[]>;
  coverage: ActionSpec<{ classId: string; schoolYear?: string }, CoverageView>;
  /** 重点关注 (一生一策): head teacher or leader; every read is logged. */
  setFocus: ActionSpec<{ childId: string; focus: boolean; reason?: string }, { childId: string; focus: boolean }>;
  listFocus: ActionSpec<{ classId: string }, FocusView[]>;
  /** 印制家长联络卡: an A4 PDF of the class, one card per family, in cloud storage. */
  printCards: ActionSpec<{ classId: string }, PrintResult>;
  /** 家委会 */
  appointCommittee: ActionSpec<{ level: 'class' | 'grade' | 'school'; childId: string; userId: string; role: '主任' | '副主任' | '秘书长' | '委员'; term: string }, CommitteeMemberView>;
  removeCommittee: ActionSpec<{ memberId: string }, { memberId: string }>;
  listCommittee: ActionSpec<{ classId: string }, CommitteeMemberView[]>;
  myCommitteeSeats: ActionSpec<Record<string, never>, CommitteeMemberView[]>;
  setCommitteePublication: ActionSpec<{ memberId: string; displayName?: string; phone?: string | null }, CommitteeMemberView>;
}
