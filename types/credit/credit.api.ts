import type { ActionSpec } from '../common/api-spec';
import type { ClassHourRule } from '../course/course.schema';
import type {
  AdjustOutput,
  ArchiveOutput,
  ClassInactiveOutput,
  ClassStarsOutput,
  Requirement,
  SchoolStarsOutput,
  SettingsOutput,
  StarThresholds,
  ProfileId,
} from './credit.schema';

export interface CreditApi {
  /** Parent: the 学习档案 of one of their children (family). */
  myArchive: ActionSpec<{ familyId?: string; schoolYear?: string }, ArchiveOutput>;
  /** Head teacher of the family's class or admin. */
  familyArchive: ActionSpec<{ schoolId: string; familyId: string; schoolYear?: string }, ArchiveOutput>;
  classStars: ActionSpec<{ schoolId: string; classId: string; schoolYear?: string }, ClassStarsOutput>;
  schoolStars: ActionSpec<{ schoolId: string; schoolYear?: string }, SchoolStarsOutput>;
  classInactive: ActionSpec<{ schoolId: string; classId: string }, ClassInactiveOutput>;
  getSettings: ActionSpec<{ schoolId: string; schoolYear?: string }, SettingsOutput>;
  saveSettings: ActionSpec<
    { schoolId: string; schoolYear?: string; thresholds: StarThresholds; profileId: ProfileId; customRequirements?: Requirement[]; classHourRule?: ClassHourRule },
    SettingsOutput
  >;
  /** Teacher / admin: a manual adjustment with reason (a new ledger entry). */
  adjust: ActionSpec<{ schoolId: string; familyId: string; hours: number; sessions?: number; reason: string; requestKey: string }, AdjustOutput>;
}
