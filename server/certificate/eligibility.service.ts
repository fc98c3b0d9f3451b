/** Staff view of a class: who qualifies, what the others still need, and who already holds one. */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findById } from '../core/persistence';
import { canManageClass } from '../access/actor';
import { maskName } from '../../types/common/privacy';
import { termOf, DEFAULT_THRESHOLDS } from '../../types/credit/credit.rules';
import { loadSettings } from '../credit/credit.service';
import type { EligibilityOutput, HolderEligibility, MissingItem } from '../../types/certificate/certificate.schema';
import { holdersOf, type Holder } from './holders';
import { loadRule } from './settings.service';
import { toSummary } from './issue.service';

export const NAME_MISSING: MissingItem = { kind: 'realName', need: 1, have: 0, text: '家长尚未确认证书姓名' };

export function holderView(h: Holder): HolderEligibility {
  const cert = h.current && h.current.status !== 'pending' ? toSummary(h.current) : null;
  return {
    familyId: h.child.childId,
    userId: h.userId,
    childName: h.child.childName,
    relation: h.child.relation,
    holderNameMasked: h.realName ? maskName(h.realName) : '',
    nameConfirmed: !!h.realName,
    totals: h.totals,
    starLevel: h.starLevel,
    eligible: h.eligibility.eligible,
    missing: h.realName ? h.eligibility.missing : [...h.eligibility.missing, NAME_MISSING],
    certificate: cert,
  };
}

export async function eligibility(ctx: Ctx, input: { schoolId: string; classId: string; schoolYear?: string }): Promise<EligibilityOutput> {
  const actor = await ctx.actor();
  if (!canManageClass(actor, input.schoolId, input.classId)) fail('FORBIDDEN');
  const cls = await findById<{ schoolId: string; name: string; gradeId: string }>(ctx.db, 'classes', input.classId);
  if (!cls) fail('CLASS_NOT_FOUND');
  if (cls.schoolId !== input.schoolId) fail('FORBIDDEN');
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const [{ rule }, credit, grade] = await Promise.all([
    loadRule(ctx.db, input.schoolId, schoolYear),
    loadSettings(ctx.db, input.schoolId, schoolYear),
    findById<{ name: string }>(ctx.db, 'grades', cls.gradeId),
  ]);
  const holders = (await holdersOf(ctx.db, { schoolId: input.schoolId, schoolYear, scope: { kind: 'class', classId: input.classId }, rule, thresholds: credit.thresholds ?? DEFAULT_THRESHOLDS })).map(holderView);
  // A register by the child's name, not a ranking.
  holders.sort((a, b) => a.childName.localeCompare(b.childName, 'zh') || a.relation.localeCompare(b.relation, 'zh') || a.userId.localeCompare(b.userId));
  return {
    schoolId: input.schoolId,
    classId: input.classId,
    className: `${grade?.name ?? ''}${cls.name}`,
    schoolYear,
    rule,
    holders,
    counts: {
      holders: holders.length,
      eligible: holders.filter((h) => h.eligible).length,
      issued: holders.filter((h) => h.certificate?.status === 'valid').length,
      waitingName: holders.filter((h) => h.eligible && !h.nameConfirmed && !h.certificate).length,
    },
  };
}
