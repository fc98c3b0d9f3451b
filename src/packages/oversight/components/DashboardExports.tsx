/**
 * 导出表格 under the dashboard: the exports function's workbooks for this scope and the term's
 * school year (考勤登记表, 学时统计, 接待与意见建议台账, 家访台账,
 * 证书登记表) for the whole year, each with its progress; weapp opens it, H5 downloads it. One
 * course or session (and the course archive) from the export center. Not for 教联体 views (a lead
 * school exports only its own records).
 */
import { View, Text } from '@tarojs/components';
import ExportButton from '@/components/ExportButton';
import { openPage, pagePath } from '@/navigation/pages';
import type { ExportKind, ExportParams } from '@/services/export';
import type { Scope } from '@shared/oversight/oversight.schema';

const KINDS: ExportKind[] = ['attendance', 'hours', 'reception', 'visits', 'certificates'];

/** The exports take the dashboard's scope as it is; a 教联体 view has none (aggregates only). */
export function exportScope(scope: Scope): ExportParams['scope'] | null {
  return scope.kind === 'alliance' ? null : scope;
}

/** '2026-2027-1' → '2026-2027' */
export const schoolYearOfTerm = (term: string) => term.slice(0, 9);

export default function DashboardExports({ scope, term }: { scope: Scope; term: string }) {
  const target = exportScope(scope);
  if (!target) return null;
  const schoolYear = schoolYearOfTerm(term);
  const center = pagePath('export.center');
  return (
    <View className="ps-card" data-testid="dashboard-exports">
      <Text className="ov-section">导出表格（{schoolYear}学年）</Text>
      <Text className="ps-muted">供督导检查使用。表格不含家长手机号；生成后仅您本人可下载。</Text>
      {KINDS.map((kind) => (
        <ExportButton key={kind} kind={kind} params={{ scope: target, schoolYear }} />
      ))}
      {center ? (
        <Text
          className="ov-link"
          data-testid="open-export-center"
          onClick={() =>
            openPage('export.center', {
              schoolId: target.schoolId,
              gradeId: target.kind === 'grade' ? target.gradeId : undefined,
              classId: target.kind === 'class' ? target.classId : undefined,
            })
          }
        >
          按课程或课次导出考勤登记表、课程完整档案 ›
        </Text>
      ) : null}
    </View>
  );
}
