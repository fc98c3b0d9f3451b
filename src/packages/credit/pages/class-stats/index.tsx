/**
 * Head teacher / admin: the class's star distribution and families (alphabetical, never ranked),
 * the families with nothing attended this term (to invite), and adjustments with a reason.
 * Admins also see the school's distribution.
 */
import { useMemo, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { school as schoolApi } from '@/services/school';
import { adjustCredit, classInactive, classStars, newRequestKey, schoolStars, stars } from '@/services/credit';
import Distribution from '../../components/Distribution';
import '../../credit.scss';
import { openPage } from '@/navigation/pages';
import { elderClass } from '@/services/elder-mode';
import Chips from '@/components/Chips';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';

export default function ClassStatsPage() {
  const profile = useProfile();
  const staff = profile.data?.memberships.find((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const schoolId = staff?.schoolId ?? '';
  const isAdmin = !!staff?.roles.includes('admin');
  const grades = useAsync(() => schoolApi.listGrades(schoolId), [schoolId], { enabled: !!schoolId });
  const classes = useMemo(() => {
    const all = (grades.data ?? []).flatMap((g) => g.classes.map((c) => ({ classId: c._id, name: `${g.name}${c.name}` })));
    if (isAdmin) return all;
    const mine = new Set((staff?.positions ?? []).filter((p) => p.title === '班主任' && p.classId).map((p) => p.classId));
    return all.filter((c) => mine.has(c.classId));
  }, [grades.data, isAdmin, staff]);
  const [picked, setPicked] = useState<string | null>(null);
  const classId = picked ?? classes[0]?.classId ?? '';
  const stats = useAsync(() => classStars(schoolId, classId), [schoolId, classId], { enabled: !!classId });
  const inactive = useAsync(() => classInactive(schoolId, classId), [schoolId, classId], { enabled: !!classId });
  const school = useAsync(() => schoolStars(schoolId), [schoolId], { enabled: isAdmin });
  const [adjusting, setAdjusting] = useState<string | null>(null);
  const adjust = useAction({ toast: true });
  const [hours, setHours] = useState('');
  const [reason, setReason] = useState('');

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!staff) return <EmptyState title="仅班主任和学校管理员可查看" />;
  const waitGrades = waitFor(grades);
  if (waitGrades) return waitGrades;
  const sessionsCard = (
    <View className="ps-card">
      <Text className="cr-title">课次签到与考勤</Text>
      <Text className="cr-line">开课当天投屏签到码、查看和更正考勤名册。</Text>
      <Button size="small" type="primary" data-testid="go-sessions" onClick={() => openPage('credit.sessions')}>
        进入课次签到
      </Button>
    </View>
  );
  if (!classes.length)
    return (
      <View className={`ps-page${elderClass()}`}>
        {sessionsCard}
        <EmptyState title="您还没有担任班主任的班级" description="班主任可在这里查看本班家庭的学时与星级" />
      </View>
    );

  const submitAdjust = async (familyId: string) => {
    const h = Number(hours);
    if (!Number.isFinite(h) || h === 0 || Math.round(h * 2) !== h * 2) {
      Taro.showToast({ title: '学时须为 0.5 的倍数且不为 0', icon: 'none' });
      return;
    }
    await adjust.run(async () => {
      await adjustCredit({ schoolId, familyId, hours: h, reason: reason.trim(), requestKey: newRequestKey() });
      setAdjusting(null);
      setHours('');
      setReason('');
      await Promise.all([stats.refresh(), inactive.refresh()]);
      void Taro.showToast({ title: '已记录', icon: 'success' });
    });
  };

  return (
    <View className={`ps-page${elderClass()}`} data-testid="class-stats">
      {sessionsCard}
      {isAdmin && school.data ? (
        <View className="ps-card">
          <Text className="cr-title">全校星级分布（{school.data.families} 个家庭）</Text>
          <Distribution counts={school.data.distribution} />
          <Button size="small" onClick={() => openPage('credit.settings')}>
            星级与学习要求设置
          </Button>
        </View>
      ) : null}
      <View className="ps-card">
        <Chips wrap options={classes.map((c) => ({ value: c.classId, label: c.name }))} value={[classId]} onChange={(v) => v[0] && setPicked(v[0])} testId="class-chips" />
      </View>
      {waitFor(stats) ?? (
        <View className="ps-card">
          <Text className="cr-title">本班星级分布</Text>
          <Distribution counts={stats.data!.distribution} />
        </View>
      )}
      {inactive.data ? (
        <View className="ps-card" data-testid="inactive">
          <Text className="cr-title">
            {inactive.data.termName}尚未参加活动的家庭（{inactive.data.inactive.length}/{inactive.data.total}）
          </Text>
          <Text className="ps-muted">可以私下邀请这些家庭参加近期课程或线上微课；请勿公开点名。</Text>
          {inactive.data.inactive.length === 0 ? <Text className="cr-success">本学期全班家庭都已参加过活动</Text> : null}
          <View>
            {inactive.data.inactive.map((f) => (
              <Text key={f.familyId} className="cr-tag">
                {f.childName}家庭
              </Text>
            ))}
          </View>
        </View>
      ) : null}
      {stats.data ? (
        <View className="ps-card">
          <Text className="cr-title">家庭学时（按姓名排列）</Text>
          {stats.data.families.map((f) => (
            <View key={f.familyId} className="cr-list-item">
              <View className="cr-row" onClick={() => setAdjusting(adjusting === f.familyId ? null : f.familyId)}>
                <Text>{f.childName}家庭</Text>
                <Text>
                  {stars(f.level) || '—'} 本学期 {f.termTotals.hours} / 本学年 {f.yearTotals.hours} 课时
                </Text>
              </View>
              {adjusting === f.familyId ? (
                <View>
                  <Input className="cr-input" type="digit" value={hours} placeholder="调整学时（如 2 或 -1.5）" onInput={(e) => setHours(e.detail.value)} />
                  <Input className="cr-input" value={reason} placeholder="调整原因（必填）" maxlength={200} onInput={(e) => setReason(e.detail.value)} />
                  <Button size="small" type="primary" disabled={reason.trim().length < 2 || adjust.busy} loading={adjust.busy} onClick={() => void submitAdjust(f.familyId)}>
                    记录调整
                  </Button>
                </View>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
