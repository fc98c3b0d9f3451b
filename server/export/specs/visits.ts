/**
 * 家访记录台账: the year's visits of the scope the reader may read (canReadVisit: the recording
 * teacher, or whoever oversees the class). The 重点关注 column is filled only for classes the
 * reader oversees (canOverseeClass, as on the coverage page) and that read is logged in
 * focus_views, like every other read of 重点关注.
 */
import type { Doc } from '../../core/db-types';
import { findAll } from '../../core/persistence';
import { membershipIn } from '../../access/actor';
import { canOverseeClass, canReadVisit } from '../../../types/contact/contact.rules';
import { CC, type FocusDoc, type VisitDoc } from '../../contact/model';
import type { ExportSpec } from '../spec';
import { childrenOf, staffNamesOf, cmp } from './lookups';

export const visitsSpec: ExportSpec = {
  async plan() {
    return { plan: [{ phase: 'visits', items: [''] }] };
  },
  phases: {
    visits: {
      name: 'visits',
      collection: CC.visits,
      where(_item, run) {
        const _ = run.ctx.db.command;
        const y = Number(run.job.params.schoolYear.slice(0, 4));
        return { schoolId: run.job.schoolId, date: _.gte(`${y}-08-01`).and(_.lte(`${y + 1}-07-31`)) };
      },
      map(docs: Doc[], run) {
        const m = membershipIn(run.actor, run.job.schoolId);
        return (docs as VisitDoc[])
          .filter((v) => run.scope.inScope(v.classId) && canReadVisit(m, run.actor.userId, v))
          .map((v) => [v.date, v.classId, v.gradeId, v.childIds, v.form, v.participants, v.topics, v.notes, v.followUps.map((f) => `${f.text}（${f.dueDate}前）`).join('；'), v.recordedByStaffId ?? '', v._id]);
      },
    },
  },
  note(run) {
    return mayOverseeAny(run) ? '重点关注一栏仅对您负责督导的班级显示，本次查看已记入重点关注查看日志' : '';
  },
  async finish(run, chunks) {
    const { ctx, scope, actor } = run;
    const m = membershipIn(actor, run.job.schoolId);
    type Row = [string, string, string, string[], string, string[], string[], string, string, string, string];
    const visits = (chunks.visits ?? []).flat() as Row[];
    const [children, staff] = await Promise.all([childrenOf(ctx.db, run.job.schoolId), staffNamesOf(ctx.db, run.job.schoolId)]);
    const overseen = [...scope.classes.values()].filter((c) => scope.inScope(c._id) && canOverseeClass(m, c));
    const focused = new Set<string>();
    for (const c of overseen) for (const f of await findAll<FocusDoc>(ctx.db, CC.focus, { classId: c._id, active: true })) focused.add(f.childId);
    const showFocus = overseen.length > 0;
    if (showFocus) {
      await ctx.db.collection(CC.focusViews).add({ data: { schoolId: run.job.schoolId, classId: scope.scope.kind === 'class' ? scope.scope.classId : '', viewerId: actor.userId, action: 'export', childIds: [...focused], at: ctx.now } });
    }
    const overseenIds = new Set(overseen.map((c) => c._id));
    visits.sort((a, b) => cmp(a[0], b[0]) || scope.classOrder(a[1]) - scope.classOrder(b[1]) || cmp(a[10], b[10]));
    const columns = [
      { header: '家访日期', width: 12 },
      { header: '班级', width: 14 },
      { header: '家庭（学生姓名）', width: 24 },
      { header: '形式', width: 8 },
      { header: '参与人', width: 16 },
      { header: '主题', width: 20 },
      { header: '记录', width: 40 },
      { header: '跟进事项', width: 30 },
      { header: '记录人', width: 12 },
      ...(showFocus ? [{ header: '重点关注', width: 10 }] : []),
    ];
    const rows = visits.map((v) => {
      const names = v[3].map((id) => children.get(id)?.name ?? '（已转出）').join('、');
      const row: (string | number)[] = [v[0], scope.className(v[1]), names, v[4], v[5].join('、'), v[6].join('、'), v[7], v[8], staff.get(v[9]) ?? '老师'];
      if (showFocus) row.push(overseenIds.has(v[1]) ? (v[3].some((id) => focused.has(id)) ? '是' : '') : '—');
      return row;
    });
    return [{ name: '家访记录', columns, rows }];
  },
};

function mayOverseeAny(run: Parameters<NonNullable<ExportSpec['note']>>[0]): boolean {
  const m = membershipIn(run.actor, run.job.schoolId);
  return [...run.scope.classes.values()].some((c) => run.scope.inScope(c._id) && canOverseeClass(m, c));
}
