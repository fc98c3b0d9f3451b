/**
 * 接待与开放日设置 (school admin): the suggestion answer deadline in working days, the default
 * booking / cancel deadlines of reception days and open-day activities, and whether an attended
 * open-day activity counts toward 学时. The server validates; a rejected field is marked and named.
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Choice from '@/components/Choice';
import { waitFor } from '@/components/Pending';
import { NumberFields, numberTexts, SaveCard, typedNumber, type NumberFieldDef } from '@/components/SettingsForm';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { useProfile } from '@/hooks/useProfile';
import { receptionSettings } from '@/services/reception';
import { OPEN_DAY_CREDIT_MODE_LABELS, OPEN_DAY_CREDIT_MODES, type OpenDayCreditMode } from '@shared/credit/credit.schema';
import { openDayCreditText } from '@shared/credit/credit.rules';
import type { ReceptionSettings } from '@shared/reception/settings.schema';
import '../../reception.scss';

type NumKey = 'suggestionAnswerDays' | 'bookingClosesHours' | 'cancelClosesHours' | 'openDaySignUpClosesHours' | 'openDayCancelClosesHours';
const NUMS: NumberFieldDef<NumKey>[] = [
  { key: 'suggestionAnswerDays', label: '意见建议答复期限', unit: '工作日', hint: '家长提交后须在这么多个工作日内答复，逾期的事项在校长的列表中标红' },
  { key: 'bookingClosesHours', label: '接待日预约截止', unit: '开始前小时数', hint: '发布接待日时默认使用，0 表示开始前都可预约' },
  { key: 'cancelClosesHours', label: '接待日取消截止', unit: '开始前小时数', hint: '超过后家长不能自行取消预约' },
  { key: 'openDaySignUpClosesHours', label: '开放日报名截止', unit: '活动开始前小时数', hint: '发布开放日时默认使用' },
  { key: 'openDayCancelClosesHours', label: '开放日取消截止', unit: '活动开始前小时数', hint: '超过后家长不能自行取消报名' },
];

export default function ReceptionSettingsPage() {
  const profile = useProfile();
  const admin = profile.data?.memberships.find((m) => m.roles.includes('admin'));
  const schoolId = admin?.schoolId ?? '';
  const settings = useAsync(() => receptionSettings.get(schoolId), [schoolId], { enabled: !!schoolId });
  const wait = waitFor(profile);
  if (wait) return wait;
  if (!admin) return <EmptyState title="仅学校管理员可设置" description="请联系学校管理员修改接待与开放日规则" />;
  const waitSettings = waitFor(settings);
  if (waitSettings || !settings.data) return waitSettings;
  // The form starts from the stored rules (mounted once they are loaded: no value changes right after mount).
  return <SettingsForm schoolId={schoolId} saved={settings.data} onSaved={() => void settings.refresh()} />;
}

function SettingsForm({ schoolId, saved, onSaved }: { schoolId: string; saved: ReceptionSettings; onSaved(): void }) {
  const [nums, setNums] = useState(() => numberTexts(NUMS, saved));
  const [mode, setMode] = useState<OpenDayCreditMode>(saved.openDayCredit.mode);
  const [hours, setHours] = useState(String(saved.openDayCredit.hours));
  const action = useAction();

  const save = () =>
    action.run(async () => {
      await receptionSettings.save({
        schoolId,
        suggestionAnswerDays: typedNumber(nums.suggestionAnswerDays) as number,
        bookingClosesHours: typedNumber(nums.bookingClosesHours),
        cancelClosesHours: typedNumber(nums.cancelClosesHours),
        openDaySignUpClosesHours: typedNumber(nums.openDaySignUpClosesHours),
        openDayCancelClosesHours: typedNumber(nums.openDayCancelClosesHours),
        openDayCredit: { mode, hours: mode === 'fixed' ? (typedNumber(hours) as number) : saved.openDayCredit.hours },
      });
      onSaved();
      void Taro.showToast({ title: '已保存', icon: 'success' });
    });
  const hoursNum = Number(hours);
  const preview = openDayCreditText({ mode, hours: Number.isFinite(hoursNum) && hoursNum > 0 ? hoursNum : 1 });
  return (
    <View className="ps-page" data-testid="reception-settings">
      <View className="rc-card">
        <Text className="rc-title">期限</Text>
        <NumberFields fields={NUMS} values={nums} onChange={setNums} invalid={(k) => action.invalid(k)} testIdPrefix="set-" />
      </View>
      <View className="rc-card">
        <Text className="rc-title">开放日计入学时</Text>
        <Field label="学时规则" invalid={action.invalid('openDayCredit.mode')}>
          <Choice options={OPEN_DAY_CREDIT_MODES.map((m) => ({ value: m, label: OPEN_DAY_CREDIT_MODE_LABELS[m] }))} value={mode} onChange={(v) => setMode(v as OpenDayCreditMode)} testId="set-credit-mode" />
        </Field>
        {mode === 'fixed' ? (
          <Field label="每项活动计（课时）" type="digit" value={hours} onInput={setHours} counter={false} max={4} hint="0.5 至 8，以 0.5 为单位" invalid={action.invalid('openDayCredit.hours')} testId="set-credit-hours" />
        ) : null}
        <Text className="rc-meta" data-testid="credit-preview">{preview}。家长在活动现场扫码签到后计入学习档案；签到被更正时学时随之撤销。</Text>
      </View>
      <SaveCard className="rc-card" action={action} onSave={() => void save()} label="保存设置" testId="settings-save" />
    </View>
  );
}
