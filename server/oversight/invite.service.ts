/**
 * inviteBelowGoal: the families of a scope below the goal get a notice (inbox + subscribe message
 * where accepted) through server/notice deliverNotice, once per request key.
 */
import { createHash } from 'crypto';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findAll, findByIds } from '../core/persistence';
import { deliverNotice } from '../notice/deliver';
import type { InviteBelowGoalOutput, Scope } from '../../types/oversight/oversight.schema';
import { canViewGrade, isSchoolLeader, scopeShowsPersonalData } from '../../types/oversight/oversight.rules';
import { canManageClass } from '../../types/school/school.rules';
import { requireScope } from './access';
import { drillList } from './list.service';

export async function inviteBelowGoal(ctx: Ctx, input: { scope: Scope; term?: string; title: string; body: string; requestKey: string }): Promise<InviteBelowGoalOutput> {
  if (!scopeShowsPersonalData(input.scope)) fail('OVERSIGHT_LIST_NOT_AVAILABLE');
  const { membership: m, facts } = await requireScope(ctx, input.scope);
  // Who may write to these families: the class's 班主任, the grade's 年级主任, school leaders.
  const s = input.scope;
  const may = s.kind === 'school' ? isSchoolLeader(m) : s.kind === 'grade' ? canViewGrade(m, s.gradeId) : canManageClass(m, s.kind === 'class' ? s.classId : '') || canViewGrade(m, facts.cls?.gradeId ?? '');
  if (!may) fail('FORBIDDEN');
  const familyIds: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await drillList(ctx, { scope: s, term: input.term, list: 'familiesBelowGoal', limit: 100, cursor });
    familyIds.push(...page.items.map((r) => r.familyId!).filter(Boolean));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && familyIds.length < 5000);
  const _ = ctx.db.command;
  const guardians: { userId: string; status?: string }[] = [];
  for (let i = 0; i < familyIds.length; i += 100) {
    guardians.push(...(await findAll<{ _id: string; userId: string; status?: string }>(ctx.db, 'guardians', { childId: _.in(familyIds.slice(i, i + 100)) }, 1000)));
  }
  const userIds = [...new Set(guardians.filter((g) => !g.status || g.status === 'active').map((g) => g.userId))];
  const users = await findByIds<{ _id: string; openid: string }>(ctx.db, 'users', userIds);
  if (users.length === 0) fail('OVERSIGHT_NO_ONE_TO_INVITE');
  const actor = await ctx.actor();
  const id = `ov_${createHash('sha256').update(`${actor.userId}:${input.requestKey}`).digest('hex').slice(0, 24)}`;
  const r = await deliverNotice(
    { db: ctx.db, cloud: ctx.cloud, now: ctx.now },
    { schoolId: s.schoolId, kind: 'oversight.invite', category: '课程通知', title: input.title, body: input.body, to: { recipients: users.slice(0, 1000).map((u) => ({ userId: u._id, openid: u.openid })) }, id },
  );
  return { noticeId: r.noticeId, recipients: r.recipients, created: r.created };
}
