/** School admin: star thresholds for the school year, the policy profile (city preset or own) and the class-hour rule for courses. */
import { useEffect, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { getCreditSettings, saveCreditSettings } from '@/services/credit';
import { METRIC_UNITS, type ProfileId, type Requirement } from '@shared/credit/credit.schema';
import { CLASS_HOUR_ROUNDINGS, CLASS_HOUR_ROUNDING_LABELS, type ClassHourRounding } from '@shared/course/course.schema';
import { classHourRuleText, classHoursFor } from '@shared/course/course.rules';
import { elderClass } from '@/services/elder-mode';
import { openPage } from '@/navigation/pages';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import Chips from '@/components/Chips';
import '../../credit.scss';

export default function SettingsPage() {
  const profile = useProfile();
  const admin = profile.data?.memberships.find((m) => m.roles.includes('admin'));
  const schoolId = admin?.schoolId ?? '';
  const settings = useAsync(() => getCreditSettings(schoolId), [schoolId], { enabled: !!schoolId });
  const { data, refresh } = settings;
  const [basis, setBasis] = useState<'hours' | 'sessions'>('hours');
  const [levels, setLevels] = useState<string[]>(['4', '8', '16', '24', '32']);
  const [profileId, setProfileId] = useState<ProfileId>('guangzhou');
  const [custom, setCustom] = useState<Requirement[]>([{ period: 'term', metric: 'hours', target: 8 }]);
  const action = useAction({ toast: true });
  const { busy } = action;
  const [minutes, setMinutes] = useState('45');
  const [rounding, setRounding] = useState<ClassHourRounding>('half');
  /**
   * The inputs mount only once the loaded settings are in the state above. Mounting them with the
   * defaults and overwriting the values right after (the effect below) changes a Taro <Input>'s
   * `value` before the component has rendered its inner <input>, and Taro 4.2.1's Input.watchValue
   * then reads `this.inputRef.value` of undefined (a TypeError in the H5 console, issue 8).
   */
  const [filled, setFilled] = useState(false);

  useEffect(() => {
    if (!data) return;
    setBasis(data.thresholds.basis);
    setLevels(data.thresholds.levels.map(String));
    setProfileId(data.profileId);
    if (data.customRequirements.length) setCustom(data.customRequirements);
    setMinutes(String(data.classHourRule.minutesPerClassHour));
    setRounding(data.classHourRule.rounding ?? 'half');
    setFilled(true);
  }, [data]);

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!admin) return <EmptyState title="仅学校管理员可设置" />;
  const waitSettings = waitFor(settings);
  if (waitSettings || !data) return waitSettings;
  if (!filled) return <Loading />;

  const save = () =>
    action.run(async () => {
      await saveCreditSettings({
        schoolId,
        thresholds: { basis, levels: levels.map(Number) },
        profileId,
        customRequirements: profileId === 'custom' ? custom : [],
        classHourRule: { minutesPerClassHour: Number(minutes), rounding },
      });
      await refresh();
      void Taro.showToast({ title: '已保存，全校星级已按新门槛重新计算', icon: 'none' });
    });
  const unit = basis === 'hours' ? '课时' : '次活动';
  const rule = { minutesPerClassHour: Number(minutes) || 0, rounding };
  return (
    <View className={`ps-page${elderClass()}`} data-testid="credit-settings">
      <View className="ps-card">
        <Text className="cr-title">{data.schoolYear} 学年星级门槛</Text>
        <Chips
          wrap
          options={[
            { value: 'hours', label: '按课时' },
            { value: 'sessions', label: '按活动次数' },
          ]}
          value={[basis]}
          onChange={(v) => v[0] && setBasis(v[0])}
        />
        {levels.map((v, i) => (
          <View key={i} className="cr-row">
            <Text className="cr-level__stars">{'★'.repeat(i + 1)}</Text>
            <Input
              className="cr-input cr-level__input"
              type="digit"
              value={v}
              onInput={(e) => setLevels(levels.map((x, k) => (k === i ? e.detail.value : x)))}
            />
            <Text>{unit}</Text>
          </View>
        ))}
        <Text className="ps-muted">各星级门槛须逐级递增。修改后按学时流水重新计算，所有家庭的星级一致更新。</Text>
      </View>
      <View className="ps-card">
        <Text className="cr-title">学习要求方案</Text>
        {data.profiles.map((p) => (
          <View key={p.id} className="cr-list-item" onClick={() => setProfileId(p.id)}>
            <Text className={`cr-tag ${profileId === p.id ? 'cr-tag--ok' : ''}`}>{profileId === p.id ? '已选' : '选择'}</Text>
            <Text>{p.name}</Text>
            <Text className="cr-line">{p.description}</Text>
          </View>
        ))}
        <View className="cr-list-item" onClick={() => setProfileId('custom')}>
          <Text className={`cr-tag ${profileId === 'custom' ? 'cr-tag--ok' : ''}`}>{profileId === 'custom' ? '已选' : '选择'}</Text>
          <Text>本校自定义</Text>
        </View>
        {profileId === 'custom'
          ? custom.map((r, i) => (
              <View key={i} className="cr-row">
                <Text onClick={() => setCustom(custom.map((x, k) => (k === i ? { ...x, period: x.period === 'term' ? 'year' : 'term' } : x)))}>{r.period === 'term' ? '每学期' : '每学年'}</Text>
                <Input className="cr-input" type="digit" value={String(r.target)} onInput={(e) => setCustom(custom.map((x, k) => (k === i ? { ...x, target: Number(e.detail.value) || 0 } : x)))} />
                <Text onClick={() => setCustom(custom.map((x, k) => (k === i ? { ...x, metric: x.metric === 'hours' ? 'sessions' : x.metric === 'sessions' ? 'collective' : 'hours' } : x)))}>{METRIC_UNITS[r.metric]}</Text>
              </View>
            ))
          : null}
        {profileId === 'custom' ? (
          <Button size="small" onClick={() => setCustom([...custom, { period: 'year', metric: 'sessions', target: 4 }])}>
            增加一项要求
          </Button>
        ) : null}
      </View>
      <View className="ps-card" data-testid="class-hour-rule-settings">
        <Text className="cr-title">课程课时规则</Text>
        <View className="cr-row">
          <Input className="cr-input" type="number" value={minutes} onInput={(e) => setMinutes(e.detail.value)} data-testid="minutes-per-class-hour" />
          <Text>分钟 = 1课时（20–120）</Text>
        </View>
        <Chips wrap options={CLASS_HOUR_ROUNDINGS.map((r) => ({ value: r, label: CLASS_HOUR_ROUNDING_LABELS[r] }))} value={[rounding]} onChange={(v) => v[0] && setRounding(v[0])} />
        <Text className="ps-muted">
          {rule.minutesPerClassHour >= 20 && rule.minutesPerClassHour <= 120
            ? `${classHourRuleText(rule)}：例如一次90分钟的课计${classHoursFor(90, rule)}课时，70分钟计${classHoursFor(70, rule)}课时。`
            : '请填写20–120之间的整数'}
          新建或修改课程时按此规则计算并随课程保存；已保存的课程不受影响。
        </Text>
      </View>
      <View className="ps-card">
        <Button type="primary" block loading={busy} onClick={() => void save()}>
          保存设置
        </Button>
      </View>
      <View className="ps-card" data-testid="certificate-settings-link">
        <Text className="cr-title">结业证书</Text>
        <Text className="cr-line">结业条件（学时、活动次数、集体授课、星级）与证书落款在单独的页面设置。</Text>
        <Button size="small" onClick={() => openPage('certificate.settings')}>
          前往结业证书设置
        </Button>
      </View>
    </View>
  );
}
