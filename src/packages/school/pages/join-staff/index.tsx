import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useProfile } from '@/hooks/useProfile';
import { useAction } from '@/hooks/useAction';
import { codeFromParams, school } from '@/services/school';
import { TABS } from '@/navigation/pages';
import { isWellFormedJoinCode, normaliseJoinCode } from '@shared/school/school.rules';
import FailureAlert from '@/components/FailureAlert';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import '../../school.scss';

/** A staff member opens the invite the school admin gave them; their WeChat account becomes that staff record. */
export default function JoinStaffPage() {
  const profile = useProfile();
  const { data, refresh } = profile;
  const [code, setCode] = useState('');
  const { busy, failure, run } = useAction();
  useLoad((params: Record<string, string | undefined>) => {
    const c = codeFromParams(params ?? {});
    if (c) setCode(normaliseJoinCode(c));
  });
  const wait = waitFor(profile);
  if (wait || !data) return wait;
  const normalised = normaliseJoinCode(code);

  const join = () =>
    run(async () => {
      await school.joinAsStaff(normalised);
      await refresh();
      void Taro.showToast({ title: '已加入学校', icon: 'success' });
      void Taro.switchTab({ url: TABS.home });
    });

  return (
    <View className={`ps-page${elderClass()}`}>
      <View className="ps-card">
        <Text className="school-field__label">教职工邀请码（由学校管理员提供）</Text>
        <Input className="school-field__input" value={code} maxlength={12} placeholder="6位邀请码" onInput={(e) => setCode(e.detail.value)} />
        <View className="school-actions">
          <Button block type="primary" disabled={!isWellFormedJoinCode(normalised) || busy || data.needsConsent} loading={busy} onClick={() => void join()}>
            加入学校
          </Button>
        </View>
        {data.needsConsent ? <Text className="school-error">请先在“我的”中同意隐私保护指引。</Text> : null}
        <FailureAlert failure={failure} />
      </View>
    </View>
  );
}
