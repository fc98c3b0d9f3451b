/**
 * 结业证书发放登记表: every issued (valid or revoked) certificate of the school year in the scope,
 * with its number, holder, class, hours, star level, who issued it when, and any revocation.
 * Pending reservations of an unfinished run are not certificates and are left out.
 */
import type { Doc } from '../../core/db-types';
import type { CertificateDoc } from '../../../types/certificate/certificate.schema';
import { operatorLabels } from '../../credit/school-port';
import type { ExportSpec } from '../spec';
import { childrenOf, dt, cmp } from './lookups';

export const certificatesSpec: ExportSpec = {
  async plan() {
    return { plan: [{ phase: 'certs', items: [''] }] };
  },
  phases: {
    certs: {
      name: 'certs',
      collection: 'certificates',
      where(_item, run) {
        const s = run.job.params.scope;
        const _ = run.ctx.db.command;
        return { schoolId: s.schoolId, schoolYear: run.job.params.schoolYear, status: _.in(['valid', 'revoked']), ...(s.kind === 'class' ? { classId: s.classId } : {}) };
      },
      map(docs: Doc[], run) {
        return (docs as CertificateDoc[])
          .filter((c) => run.scope.inScope(c.classId, c.gradeId))
          .map((c) => [c.number ?? '', c.holderName ?? '', c.familyId, c.classId, c.hours ?? 0, c.sessions ?? 0, c.starLevel ?? 0, c.excellent ? '是' : '', c.status, c.issuedAt ? new Date(c.issuedAt).getTime() : 0, c.issuedBy ?? '', c.revokedAt ? new Date(c.revokedAt).getTime() : 0, c.revokeReason ?? '', c.override?.reason ?? '', c.seq ?? 0]);
      },
    },
  },
  async finish(run, chunks) {
    const { ctx, scope } = run;
    type Row = [string, string, string, string, number, number, number, string, string, number, string, number, string, string, number];
    const certs = ((chunks.certs ?? []).flat() as Row[]).sort((a, b) => a[14] - b[14] || cmp(a[0], b[0]));
    const [children, issuers] = await Promise.all([childrenOf(ctx.db, run.job.schoolId), operatorLabels(ctx.db, run.job.schoolId, certs.map((c) => c[10]))]);
    return [
      {
        name: '结业证书',
        columns: [
          { header: '证书编号', width: 20 },
          { header: '持证人', width: 12 },
          { header: '学生姓名', width: 12 },
          { header: '班级', width: 14 },
          { header: '学时', width: 8 },
          { header: '参加次数', width: 10 },
          { header: '星级', width: 8 },
          { header: '优秀学员', width: 10 },
          { header: '状态', width: 8 },
          { header: '发放时间', width: 18 },
          { header: '发放人', width: 16 },
          { header: '撤销时间', width: 18 },
          { header: '撤销原因', width: 24 },
          { header: '特批说明', width: 24 },
        ],
        rows: certs.map((c) => [c[0], c[1], children.get(c[2])?.name ?? '', scope.className(c[3]), c[4], c[5], c[6], c[7], c[8] === 'valid' ? '有效' : '已撤销', c[9] ? dt(c[9]) : '', issuers.get(c[10]) ?? '', c[11] ? dt(c[11]) : '', c[12], c[13]]),
      },
    ];
  },
};
