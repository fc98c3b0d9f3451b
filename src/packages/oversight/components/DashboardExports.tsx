/**
 * 导出表格 under the dashboard: the exports function's workbooks for this scope and the term's
 * school year (考勤登记表, 学时统计, 课程完整档案 for a chosen course, 接待与意见建议台账, 家访台账,
 * 证书登记表), each with its progress; weapp opens it, H5 downloads it. Not for 教联体 views
 * (a lead school exports only its own records).
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Chips from '@/components/Chips';
import ExportButton from '@/components/ExportButton';
import { useAsync } from '@/hooks/useAsync';
import { listManagedCourses } from '@/services/course';
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
  const schoolYear = schoolYearOfTerm(term);
  const courses = useAsync(() => listManagedCourses({ schoolId: scope.schoolId, semester: term, pageSize: 50 }), [scope.schoolId, term], { enabled: !!target });
  const [courseId, setCourseId] = useState<string | null>(null);
  if (!target) return null;
  const items = courses.data?.items ?? [];
  const chosen = items.find((c) => c.courseId === courseId) ?? null;
  return (
    <View className="ps-card" data-testid="dashboard-exports">
      <Text className="ov-section">导出表格（{schoolYear}学年）</Text>
      <Text className="ps-muted">供督导检查使用。表格不含家长手机号；生成后仅您本人可下载。</Text>
      {KINDS.map((kind) => (
        <ExportButton key={kind} kind={kind} params={{ scope: target, schoolYear }} />
      ))}
      <View className="ov-export">
        <Text className="ov-export__title">课程完整档案：选择课程</Text>
        {items.length ? (
          <Chips options={items.map((c) => ({ value: c.courseId, label: c.title }))} value={courseId ? [courseId] : []} onChange={(v) => setCourseId(v[0] ?? null)} wrap testId="archive-course" />
        ) : (
          <Text className="ov-export__desc">{courses.loading ? '正在读取本学期课程…' : courses.error ? '课程列表读取失败，请下拉刷新后重试' : '本学期还没有课程'}</Text>
        )}
        {chosen ? <ExportButton key={chosen.courseId} kind="archive" label={`课程完整档案：${chosen.title}`} params={{ scope: target, schoolYear, courseId: chosen.courseId }} /> : null}
      </View>
    </View>
  );
}
