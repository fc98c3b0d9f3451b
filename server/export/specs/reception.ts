/**
 * 家长接待与意见建议台账: every reception case and suggestion of the year the reader may see
 * (the reception domain's own rule, caseRoles: leaders all; others what they received, were
 * assigned or — for a 班主任 — their class's suggestions unless the parent hid them from the class
 * teacher). Parents' phones and openids are never copied.
 */
import type { Doc } from '../../core/db-types';
import { caseRoles } from '../../reception/reception-access';
import { CASE_STATUS_LABELS } from '../../../types/reception/reception.rules';
import { RATING_LABELS, type ReceptionCaseDoc } from '../../../types/reception/reception.schema';
import type { ExportSpec } from '../spec';
import { dt } from './lookups';

function yearBounds(schoolYear: string): { from: Date; to: Date } {
  const y = Number(schoolYear.slice(0, 4));
  return { from: new Date(`${y}-08-01T00:00:00+08:00`), to: new Date(`${y + 1}-08-01T00:00:00+08:00`) };
}

export const receptionSpec: ExportSpec = {
  async plan() {
    return { plan: [{ phase: 'cases', items: [''] }] };
  },
  phases: {
    cases: {
      name: 'cases',
      collection: 'reception_cases',
      where(_item, run) {
        const _ = run.ctx.db.command;
        const { from, to } = yearBounds(run.job.params.schoolYear);
        return { schoolId: run.job.schoolId, createdAt: _.gte(from).and(_.lt(to)) };
      },
      map(docs: Doc[], run) {
        return (docs as ReceptionCaseDoc[])
          .filter((c) => run.scope.inScope(c.classId, c.gradeId) && caseRoles(run.actor, c).some((r) => r !== 'family'))
          .map((c) => [
            new Date(c.createdAt).getTime(),
            c.kind === 'booking' ? '接待日预约' : c.suggestionKind === 'complaint' ? '投诉' : '意见建议',
            c.classId,
            c.childName,
            c.topic,
            c.description,
            c.receptionist ? `${c.receptionist.name}${c.receptionist.title ? `（${c.receptionist.title}）` : ''}` : '',
            CASE_STATUS_LABELS[c.status],
            c.outcome ? [c.outcome.discussed, c.outcome.actions].filter(Boolean).join('；') : '',
            c.outcome?.assignee?.name ?? '',
            c.outcome?.dueAt ? new Date(c.outcome.dueAt).getTime() : c.dueAt ? new Date(c.dueAt).getTime() : 0,
            c.followUpDoneAt ? new Date(c.followUpDoneAt).getTime() : 0,
            c.followUpNote ?? '',
            c.rating ? `${RATING_LABELS[c.rating.value]}${c.rating.comment ? `：${c.rating.comment}` : ''}` : '',
            c.closedAt ? new Date(c.closedAt).getTime() : 0,
            c.closedReason ?? '',
            c._id,
          ]);
      },
    },
  },
  async finish(run, chunks) {
    const rows = (chunks.cases ?? []).flat() as (string | number)[][];
    rows.sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[16]).localeCompare(String(b[16])));
    return [
      {
        name: '接待与意见建议',
        columns: [
          { header: '提交时间', width: 18 },
          { header: '类型', width: 12 },
          { header: '班级', width: 14 },
          { header: '学生姓名', width: 12 },
          { header: '主题', width: 12 },
          { header: '事由', width: 40 },
          { header: '接待人', width: 16 },
          { header: '状态', width: 12 },
          { header: '处理结果', width: 40 },
          { header: '跟进人', width: 12 },
          { header: '答复/跟进期限', width: 18 },
          { header: '跟进完成', width: 18 },
          { header: '跟进说明', width: 30 },
          { header: '家长评价', width: 20 },
          { header: '办结时间', width: 18 },
          { header: '办结说明', width: 24 },
        ],
        rows: rows.map((r) => [dt(r[0] as number), r[1], run.scope.className(r[2] as string), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10] ? dt(r[10] as number) : '', r[11] ? dt(r[11] as number) : '', r[12], r[13], r[14] ? dt(r[14] as number) : '', r[15]]),
      },
    ];
  },
};
