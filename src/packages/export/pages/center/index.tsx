import { useMemo, useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import EmptyState from '@/components/EmptyState';
import ExportButton from '@/components/ExportButton';
import { useProfile } from '@/hooks/useProfile';
import type { ExportKind, ExportParams } from '@/services/export';
import { shanghai } from '@shared/common/time';
import './index.scss';

/** The current school year and the one before it ("2026-2027"). */
function schoolYears(): string[] {
  const d = shanghai();
  const start = d.month() >= 8 ? d.year() : d.year() - 1;
  return [`${start}-${start + 1}`, `${start - 1}-${start}`];
}

type ScopeParam = ExportParams['scope'];

/** The scope named by the link (the dashboard's), or the school of the caller's first staff membership. */
function scopeOf(params: Record<string, string | undefined>, fallbackSchool: string | undefined): ScopeParam | null {
  const schoolId = params.schoolId || fallbackSchool;
  if (!schoolId) return null;
  if (params.classId) return { kind: 'class', schoolId, classId: params.classId };
  if (params.gradeId) return { kind: 'grade', schoolId, gradeId: params.gradeId };
  return { kind: 'school', schoolId };
}

const YEAR_KINDS: ExportKind[] = ['attendance', 'hours', 'reception', 'visits', 'certificates'];

/**
 * 导出报表: every export of one scope for a school year (the course archive and one course's
 * register when the link names a course). Each says what it contains; the period shows once made.
 */
export default function ExportCenter() {
  const { params } = useRouter();
  const profile = useProfile();
  const years = useMemo(schoolYears, []);
  const [yearIndex, setYearIndex] = useState(0);
  if (profile.loading && !profile.data) return <Loading />;
  if (profile.error) return <ErrorState error={profile.error} onRetry={profile.refresh} />;
  const staff = profile.data?.memberships.find((m) => (!params.schoolId || m.schoolId === params.schoolId) && (m.roles.includes('teacher') || m.roles.includes('admin')));
  const scope = staff ? scopeOf(params, staff.schoolId) : null;
  if (!scope) return <EmptyState title="没有可导出的范围" description="导出报表供学校教职工使用，请以教职工身份登录后从工作台进入" />;
  const schoolYear = years[yearIndex];
  const base: ExportParams = { scope, schoolYear };
  const courseId = params.courseId || undefined;
  return (
    <View className="ps-page ex-center" data-testid="export-center">
      <View className="ex-center__intro">
        <Text className="ex-center__lead">导出的表格写明内容、范围与时段、制表人和时间；不含任何手机号码，文件仅您本人可下载，保留24小时。</Text>
        <Picker mode="selector" range={years.map((y) => `${y}学年`)} value={yearIndex} onChange={(e) => setYearIndex(Number(e.detail.value))}>
          <View className="ex-center__year" data-testid="export-year">
            学年：{schoolYear}学年 ▾
          </View>
        </Picker>
      </View>
      {courseId ? (
        <>
          <ExportButton kind="archive" params={{ ...base, courseId }} />
          <ExportButton kind="attendance" params={{ ...base, courseId }} label="本课程考勤登记表" testId="export-attendance-course" />
        </>
      ) : null}
      {YEAR_KINDS.map((k) => (
        <ExportButton key={`${k}-${schoolYear}`} kind={k} params={base} />
      ))}
    </View>
  );
}
