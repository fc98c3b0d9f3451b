/** School admin: grades and classes, staff, roles and the staff spreadsheet import — one panel each. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Pending from '@/components/Pending';
import EmptyState from '@/components/EmptyState';
import Choice from '@/components/Choice';
import { useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { adminSchools, school } from '@/services/school';
import StructurePanel from './StructurePanel';
import StaffPanel from './StaffPanel';
import RolesPanel from './RolesPanel';
import ImportPanel from './ImportPanel';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import '../../school.scss';

type Tab = 'structure' | 'staff' | 'roles' | 'import';
const TABS_LIST: { value: Tab; label: string }[] = [
  { value: 'structure', label: '年级与班级' },
  { value: 'staff', label: '教职工' },
  { value: 'roles', label: '角色' },
  { value: 'import', label: '表格导入' },
];

export default function AdminPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const schools = adminSchools(data);
  const [schoolId, setSchoolId] = useState<string | null>(null);
  const current = schools.find((s) => s.schoolId === schoolId) ?? schools[0] ?? null;
  const sid = current?.schoolId ?? '';
  const grades = useAsync(() => school.listGrades(sid), [sid], { enabled: !!sid });
  const staff = useAsync(() => school.listStaff(sid), [sid], { enabled: !!sid });
  const [tab, setTab] = useState<Tab>('structure');

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  if (!current) return <EmptyState title="您不是学校管理员" description="学校管理员可以维护年级、班级和教职工" />;

  return (
    <View className={`ps-page${elderClass()}`}>
      <View className="ps-card">
        {schools.length > 1 ? <Choice options={schools.map((s) => ({ value: s.schoolId, label: s.schoolName }))} value={sid} onChange={setSchoolId} /> : <Text>{current.schoolName}</Text>}
        <View style={{ marginTop: '16px' }}>
          <Choice options={TABS_LIST} value={tab} onChange={(v) => setTab(v as Tab)} testId="admin-tabs" />
        </View>
      </View>
      {waitFor(grades) ?? (tab === 'structure' ? (
        <StructurePanel schoolId={sid} grades={grades.data ?? []} reload={grades.refresh} />
      ) : tab === 'staff' ? (
        <StaffPanel schoolId={sid} grades={grades.data ?? []} staff={staff} />
      ) : tab === 'roles' ? (
        <RolesPanel schoolId={sid} myUserId={data.userId} />
      ) : (
        <ImportPanel schoolId={sid} onDone={() => void Promise.all([grades.refresh(), staff.refresh()])} />
      ))}
    </View>
  );
}
