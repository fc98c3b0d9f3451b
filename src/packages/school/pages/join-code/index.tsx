import { useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import EmptyState from '@/components/EmptyState';
import { useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { errorMessage } from '@/services/cloud';
import { describeExpiry, formatJoinCode, school, type NewJoinCode } from '@/services/school';
import Choice from '@/components/Choice';
import { useClassPicker } from '../../components/useClassPicker';
import FailureAlert from '@/components/FailureAlert';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import '../../school.scss';

const VALIDITY = [
  { value: '1', label: '1天' },
  { value: '7', label: '7天' },
  { value: '30', label: '30天' },
];

/** The head teacher issues a class join code (text + QR, expires, can be revoked). */
export default function JoinCodePage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const picker = useClassPicker(data, 'manage');
  const classId = picker.chosen?._id ?? null;
  const codes = useAsync(() => school.listJoinCodes(classId!), [classId], { enabled: !!classId });
  const [days, setDays] = useState('7');
  const [fresh, setFresh] = useState<NewJoinCode | null>(null);
  const { busy, failure, run } = useAction();

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  const waitGrades = waitFor(picker.grades);
  if (waitGrades) return waitGrades;
  if (!picker.chosen) return <EmptyState title="没有可管理的班级" description="只有班主任和学校管理员可以生成班级邀请码" />;

  async function create() {
    if (!classId || busy) return;
    await run(async () => {
      setFresh(await school.createJoinCode(classId, Number(days)));
      await codes.refresh();
    });
  }

  async function revoke(code: string) {
    const answer = await Taro.showModal({ title: '撤销邀请码', content: `撤销后家长将无法再用 ${formatJoinCode(code)} 加入班级，已加入的不受影响。`, confirmText: '撤销' });
    if (!answer.confirm) return;
    try {
      await school.revokeJoinCode(code);
      if (fresh?.code === code) setFresh(null);
      await codes.refresh();
      void Taro.showToast({ title: '已撤销', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  }

  return (
    <View className={`ps-page${elderClass()}`}>
      {picker.schools.length > 1 ? (
        <View className="ps-card">
          <Choice options={picker.schools.map((s) => ({ value: s.schoolId, label: s.schoolName }))} value={picker.school?.schoolId ?? null} onChange={picker.setSchoolId} />
        </View>
      ) : null}
      <View className="ps-card">
        <Text className="school-field__label">班级</Text>
        <Choice options={picker.options.map((c) => ({ value: c._id, label: c.label }))} value={picker.chosen._id} onChange={(id) => { picker.setClassId(id); setFresh(null); }} testId="class-choice" />
        <Text className="school-field__label" style={{ marginTop: '24px' }}>有效期</Text>
        <Choice options={VALIDITY} value={days} onChange={setDays} testId="validity" />
        <View className="school-actions">
          <Button block type="primary" loading={busy} disabled={busy} onClick={() => void create()} data-testid="create-code">
            生成邀请码
          </Button>
        </View>
        <FailureAlert failure={failure} />
      </View>

      {fresh ? (
        <View className="ps-card" data-testid="fresh-code">
          <Text className="ps-muted">请让家长在“绑定孩子”中输入或扫描：</Text>
          <Text className="school-code" data-testid="fresh-code-text" data-code={fresh.code}>
            {formatJoinCode(fresh.code)}
          </Text>
          {fresh.qrDataUrl ? <Image className="school-qr" src={fresh.qrDataUrl} mode="aspectFit" data-testid="fresh-code-qr" /> : <Text className="ps-muted">二维码暂时无法生成，可直接告知家长邀请码。</Text>}
          <Text className="ps-muted">{describeExpiry(fresh)}</Text>
        </View>
      ) : null}

      <Text className="ps-section-title">{picker.chosen.label}的邀请码</Text>
      <View className="ps-card">
        {waitFor(codes) ?? ((codes.data ?? []).length === 0 ? (
          <EmptyState title="还没有邀请码" description="生成后发给家长即可加入班级" />
        ) : (
          (codes.data ?? []).map((c) => (
            <View key={c.code} className="school-row" data-testid={`code-${c.code}`}>
              <View>
                <Text>{formatJoinCode(c.code)}</Text>
                <Text className="ps-muted">　{describeExpiry(c)}</Text>
              </View>
              {c.status === 'active' ? (
                <Text className="school-link school-link--danger" onClick={() => void revoke(c.code)} data-testid={`revoke-${c.code}`}>
                  撤销
                </Text>
              ) : null}
            </View>
          ))
        ))}
      </View>
    </View>
  );
}
