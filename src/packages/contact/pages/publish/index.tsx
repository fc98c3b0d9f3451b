import { useEffect, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import EmptyState from '@/components/EmptyState';
import { useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { staffSchools } from '@/services/school';
import { contact } from '@/services/contact';
import { PUBLICATIONS, PUBLICATION_LABELS, type Publication } from '@shared/contact/contact.rules';
import { canManageSchool } from '@shared/school/school.rules';
import { formatDateTime } from '@shared/common/time';
import FailureAlert from '@/components/FailureAlert';
import { waitFor } from '@/components/Pending';
import '../../contact.scss';

const BY = { self: '本人', admin: '学校管理员' } as const;

/** A staff member chooses who may read their number on the 家长联络卡; an admin keeps the school's office line and address. */
export default function PublishPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const memberships = staffSchools(data);
  const m = memberships[0];
  const staffId = m?.staffId ?? '';
  const pub = useAsync(() => contact.getPublication(staffId), [staffId], { enabled: !!staffId });
  const isAdmin = !!m && canManageSchool(m);
  const info = useAsync(() => contact.getSchoolInfo(m!.schoolId), [m?.schoolId, isAdmin], { enabled: isAdmin });
  const [address, setAddress] = useState('');
  const [office, setOffice] = useState('');
  const [hours, setHours] = useState('');
  useEffect(() => {
    if (info.data) {
      setAddress(info.data.address);
      setOffice(info.data.officePhone);
      setHours(info.data.officeHours);
    }
  }, [info.data]);
  const choose = useAction();
  const saveInfo = useAction();

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  if (!m) return <EmptyState title="仅学校教职工可设置" />;

  return (
    <View className="ps-page">
      {staffId ? (
        <View className="ps-card" data-testid="publication">
          <Text className="contact-section">我的电话向谁公开</Text>
          <Text className="ps-muted contact-hours">手机号是您的个人信息。不公开时，家长在联络卡上看到的是学校办公室电话和“请通过学校办公室转接”。同校教职工始终可见。</Text>
          {waitFor(pub)}
          {pub.data ? (
            <>
              {PUBLICATIONS.map((p) => (
                <View
                  key={p}
                  className={`contact-option${pub.data!.publication === p ? ' contact-option--on' : ''}`}
                  data-testid={`publication-${p}`}
                  onClick={() =>
                    void choose.run(async () => {
                      await contact.setPublication({ staffId, publication: p as Publication });
                      await pub.refresh();
                      void Taro.showToast({ title: '已保存', icon: 'success' });
                    })
                  }
                >
                  <Text>{PUBLICATION_LABELS[p]}</Text>
                  {pub.data!.publication === p ? <Text className="contact-tag">当前</Text> : null}
                </View>
              ))}
              <Text className="ps-muted contact-hours">
                {pub.data.setBy ? `由${BY[pub.data.setBy]}于 ${formatDateTime(pub.data.setAt)} 设定` : '尚未设定，按学校默认'}
              </Text>
            </>
          ) : null}
          <FailureAlert failure={choose.failure} />
        </View>
      ) : (
        <EmptyState title="您的账号还没有关联教职工记录" description="请联系学校管理员发送教职工邀请码" />
      )}
      {isAdmin ? (
        <View className="ps-card" data-testid="school-info">
          <Text className="contact-section">学校联络信息（印在联络卡上）</Text>
          <Text className="contact-label">办公室电话</Text>
          <Input className="contact-input" value={office} placeholder="如：0571-86690001" onInput={(e) => setOffice(e.detail.value)} />
          <Text className="contact-label">办公时间</Text>
          <Input className="contact-input" value={hours} placeholder="如：工作日 8:00-17:00" onInput={(e) => setHours(e.detail.value)} />
          <Text className="contact-label">学校地址</Text>
          <Input className="contact-input" value={address} placeholder="学校地址" onInput={(e) => setAddress(e.detail.value)} />
          <Button
            block
            type="primary"
            disabled={saveInfo.busy}
            onClick={() =>
              void saveInfo.run(async () => {
                await contact.setSchoolInfo({ schoolId: m.schoolId, address, officePhone: office, officeHours: hours });
                void Taro.showToast({ title: '已保存', icon: 'success' });
              })
            }
          >
            保存
          </Button>
          <FailureAlert failure={saveInfo.failure} />
        </View>
      ) : null}
    </View>
  );
}
