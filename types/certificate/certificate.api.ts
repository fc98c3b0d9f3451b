import type { ActionSpec } from '../common/api-spec';
import type {
  CertificateRule,
  EligibilityOutput,
  ImageOutput,
  IssueOutput,
  MineOutput,
  RuleOutput,
  Scope,
  VerifyOutput,
  CertificateSummary,
} from './certificate.schema';

export interface CertificateApi {
  /** Staff of the school: the year's certificate rule and face (seal, principal). */
  getRule: ActionSpec<{ schoolId: string; schoolYear?: string }, RuleOutput>;
  /** School admin. */
  saveRule: ActionSpec<{ schoolId: string; schoolYear?: string; rule: CertificateRule }, RuleOutput>;
  /** Head teacher of the class or admin: who qualifies and what the others still need. */
  eligibility: ActionSpec<{ schoolId: string; classId: string; schoolYear?: string }, EligibilityOutput>;
  /** School admin: issue to everyone eligible in a class, a grade or the school (idempotent). */
  issueBatch: ActionSpec<{ schoolId: string; scope: Scope; schoolYear?: string }, IssueOutput>;
  /** School admin: issue to one holder; a reason is required when the rule is not met (override). */
  issueOne: ActionSpec<{ schoolId: string; familyId: string; userId: string; schoolYear?: string; reason?: string }, IssueOutput>;
  /** School admin: revoke with a reason (kept). */
  revoke: ActionSpec<{ certificateId: string; reason: string }, CertificateSummary>;
  /** School admin: a new number; the old certificate is revoked. */
  reissue: ActionSpec<{ certificateId: string; reason: string }, CertificateSummary>;
  /** Parent: confirm the real name printed on their certificates (once). */
  confirmName: ActionSpec<{ realName: string; purpose: 'cert-name-v1' }, { realName: string }>;
  /** Parent: my certificates and progress, per child. */
  mine: ActionSpec<{ schoolYear?: string }, MineOutput>;
  /** The holder (or the school's staff): the rendered certificate image. */
  image: ActionSpec<{ certificateId: string }, ImageOutput>;
  /** Anyone, no sign-in: by number + code, or the QR scene. Rate-limited per caller. */
  verify: ActionSpec<{ scene: string } | { number: string; code: string }, VerifyOutput>;
}
