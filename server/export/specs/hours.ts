/**
 * 家庭学时统计: every family of the scope (current class) with its hours, activities and collective
 * lessons in the autumn and spring term of the year, the year's total and star level. Read from the
 * ledger (append-only, ~300k entries a year) page by page; a page keeps only per-family partial
 * sums, so the kept data stays small whatever the year holds. A class scope counts what was earned
 * while in that class (the ledger's classId, as the class view does); school and grade count by family.
 */
import type { Doc } from '../../core/db-types';
import { loadSettings } from '../../credit/credit.service';
import { starLevelFor } from '../../../types/credit/credit.rules';
import { round2 } from '../../../types/export/export.rules';
import type { ExportSpec } from '../spec';
import { childrenOf, zh, cmp } from './lookups';

/** familyId → [autumn hours, spring hours, autumn sessions, spring sessions, autumn collective, spring collective, last classId] */
type Partial = Record<string, [number, number, number, number, number, number, string]>;

export const hoursSpec: ExportSpec = {
  async plan() {
    return { plan: [{ phase: 'ledger', items: [''] }] };
  },
  phases: {
    ledger: {
      name: 'ledger',
      collection: 'credit_ledger',
      where: (_item, run) => {
        const s = run.job.params.scope;
        return s.kind === 'class' ? { schoolId: s.schoolId, classId: s.classId, schoolYear: run.job.params.schoolYear } : { schoolId: s.schoolId, schoolYear: run.job.params.schoolYear };
      },
      field: { familyId: true, classId: true, term: true, hours: true, sessions: true, collective: true },
      map(docs: Doc[]): Partial {
        const out: Partial = {};
        for (const d of docs) {
          const p = (out[d.familyId] ??= [0, 0, 0, 0, 0, 0, '']);
          const spring = String(d.term).endsWith('-2') ? 1 : 0;
          p[spring] += d.hours ?? 0;
          p[2 + spring] += d.sessions ?? 0;
          p[4 + spring] += d.collective ?? 0;
          p[6] = d.classId ?? p[6];
        }
        return out;
      },
    },
  },
  async finish(run, chunks) {
    const { ctx, scope } = run;
    const [children, settings] = await Promise.all([childrenOf(ctx.db, run.job.schoolId), loadSettings(ctx.db, run.job.schoolId, run.job.params.schoolYear)]);
    const sums = new Map<string, [number, number, number, number, number, number, string]>();
    for (const page of chunks.ledger ?? []) {
      for (const [familyId, p] of Object.entries(page as Partial)) {
        const s = sums.get(familyId) ?? [0, 0, 0, 0, 0, 0, ''];
        for (let i = 0; i < 6; i++) (s[i] as number) += p[i] as number;
        s[6] = p[6] || s[6];
        sums.set(familyId, s);
      }
    }
    const families = new Map<string, { name: string; classId: string }>();
    for (const c of children.values()) if (scope.inScope(c.classId)) families.set(c._id, { name: c.name, classId: c.classId });
    // A family that left the scope after earning hours in it (class scope) still shows what it earned there.
    if (scope.scope.kind === 'class') for (const [id, s] of sums) if (!families.has(id)) families.set(id, { name: children.get(id)?.name ?? '（已转出）', classId: s[6] });
    const rows = [...families.entries()]
      .map(([familyId, f]) => {
        const s = sums.get(familyId) ?? [0, 0, 0, 0, 0, 0, ''];
        const total = { hours: round2(s[0] + s[1]), sessions: s[2] + s[3], collective: s[4] + s[5] };
        return {
          key: [scope.classOrder(f.classId), f.name, familyId] as const,
          row: [
            scope.gradeName(scope.classes.get(f.classId)?.gradeId),
            scope.className(f.classId),
            f.name,
            round2(s[0]),
            round2(s[1]),
            total.hours,
            s[2],
            s[3],
            total.sessions,
            total.collective,
            starLevelFor(total, settings.thresholds).level,
          ],
        };
      })
      .sort((a, b) => a.key[0] - b.key[0] || zh(a.key[1], b.key[1]) || cmp(a.key[2], b.key[2]))
      .map((r) => r.row);
    return [
      {
        name: '家庭学时',
        columns: [
          { header: '年级', width: 10 },
          { header: '班级', width: 14 },
          { header: '学生姓名', width: 12 },
          { header: '秋季学期学时', width: 14 },
          { header: '春季学期学时', width: 14 },
          { header: '学年合计学时', width: 14 },
          { header: '秋季参加次数', width: 14 },
          { header: '春季参加次数', width: 14 },
          { header: '学年参加次数', width: 14 },
          { header: '集体授课次数', width: 14 },
          { header: '星级', width: 8 },
        ],
        rows,
      },
    ];
  },
};
