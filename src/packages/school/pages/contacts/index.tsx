import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import Pending from '@/components/Pending';
import EmptyState from '@/components/EmptyState';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { school, type Staff } from '@/services/school';
import Choice from '../../components/Choice';
import { elderClass } from '@/services/elder-mode';
import '../../school.scss';

function positionLine(s: Staff, classId: string | null): string {
  return s.positions
    .map((p) => {
      if (p.title === '任课教师') return `${p.subject ?? ''}老师${p.classId === classId ? '（本班）' : ''}`;
      if (p.title === '班主任') return `班主任${p.classId === classId ? '（本班）' : ''}`;
      return p.title;
    })
    .filter((v, i, a) => a.indexOf(v) === i)
    .join('、');
}

/** 家长联络卡: the school's staff with positions and 接待时间; phones in full only where the caller needs them. */
export default function ContactsPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const [schoolId, setSchoolId] = useState<string | null>(null);
  const child = currentChild(data);
  const schools = data?.memberships ?? [];
  const sid = schoolId ?? child?.schoolId ?? schools[0]?.schoolId ?? '';
  const staff = useAsync(() => school.listStaff(sid), [sid], { enabled: !!sid && !!data && !data.needsConsent });

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  if (!sid) return <EmptyState title="还没有加入学校" description="绑定孩子后即可查看学校老师的联系方式" />;

  const classId = child && child.schoolId === sid ? child.classId : null;
  return (
    <View className={`ps-page${elderClass()}`}>
      {schools.length > 1 ? (
        <View className="ps-card">
          <Choice options={schools.map((m) => ({ value: m.schoolId, label: m.schoolName }))} value={sid} onChange={setSchoolId} />
        </View>
      ) : null}
      {staff.loading && !staff.data ? (
        <Loading />
      ) : staff.error && !staff.data ? (
        <ErrorState error={staff.error} onRetry={staff.refresh} />
      ) : (staff.data ?? []).length === 0 ? (
        <EmptyState title="学校还没有登记教职工" />
      ) : (
        <View className="ps-card" data-testid="contacts">
          {(staff.data ?? []).map((s) => (
            <View key={s._id} className="school-row">
              <View>
                <Text>{s.name}　</Text>
                <Text className="ps-muted">{positionLine(s, classId)}</Text>
                {s.officeHours ? (
                  <View>
                    <Text className="ps-muted">接待时间：{s.officeHours}</Text>
                  </View>
                ) : null}
              </View>
              {s.phoneMasked ? (
                <Text className="ps-muted">{s.phone}</Text>
              ) : (
                <Text className="school-link" onClick={() => void Taro.makePhoneCall({ phoneNumber: s.phone })}>
                  {s.phone}
                </Text>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
