import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { openPage, pagePath } from '@/navigation/pages';
import Pending from '@/components/Pending';
import EmptyState from '@/components/EmptyState';
import { useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { usePullToRefresh } from '@/hooks/useRefresh';
import { useAction } from '@/hooks/useAction';
import { guardianLabel, school } from '@/services/school';
import { guardianRequestWarning } from '@shared/school/school.rules';
import { formatDateTime } from '@shared/common/time';
import Choice from '@/components/Choice';
import { useClassPicker } from '../../components/useClassPicker';
import { elderClass } from '@/services/elder-mode';
import { waitFor } from '@/components/Pending';
import '../../school.scss';

/** The class roster: children and their guardians; the head teacher can remove a guardian and confirm or reject pending requests. */
export default function RosterPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const [initialClass, setInitialClass] = useState<string | undefined>(undefined);
  useLoad((params: Record<string, string | undefined>) => setInitialClass(params?.classId));
  const picker = useClassPicker(data, 'view', initialClass);
  const classId = picker.chosen?._id ?? null;
  const roster = useAsync(() => school.classRoster(classId!), [classId], { enabled: !!classId });
  const action = useAction({ toast: true });
  const removing = action.key;
  usePullToRefresh(roster.refresh);

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  const waitGrades = waitFor(picker.grades);
  if (waitGrades) return waitGrades;
  if (!picker.chosen) return <EmptyState title="没有可查看的班级" description="班主任、任课教师、年级主任和学校管理员可以查看班级名单" />;

  async function remove(childId: string, userId: string, label: string) {
    const answer = await Taro.showModal({ title: '移除监护人', content: `确定将“${label}”移出班级吗？对方将无法再查看该孩子的信息。`, confirmText: '移除', confirmColor: '#d4380d' });
    if (!answer.confirm) return;
    await action.runFor(`${childId}_${userId}`, async () => {
      await school.removeGuardian(childId, userId);
      await roster.refresh();
      void Taro.showToast({ title: '已移除', icon: 'success' });
    });
  }

  async function decide(childId: string, userId: string, label: string, accept: boolean) {
    if (!accept) {
      const answer = await Taro.showModal({ title: '拒绝申请', content: `确定拒绝“${label}”的绑定申请吗？`, confirmText: '拒绝', confirmColor: '#d4380d' });
      if (!answer.confirm) return;
    }
    await action.runFor(`${childId}_${userId}`, async () => {
      await (accept ? school.confirmGuardian(childId, userId) : school.rejectGuardian(childId, userId));
      await roster.refresh();
      void Taro.showToast({ title: accept ? '已确认' : '已拒绝', icon: 'success' });
    });
  }

  const r = roster.data;
  const warningOf = (p: { childId: string; relation: string }) => guardianRequestWarning(p.relation, r?.children.find((c) => c.childId === p.childId)?.guardians ?? []);
  const guardianCount = r ? r.children.reduce((n, c) => n + c.guardians.length, 0) : 0;
  return (
    <View className={`ps-page${elderClass()}`}>
      <View className="ps-card">
        <Choice options={picker.options.map((c) => ({ value: c._id, label: c.label }))} value={picker.chosen._id} onChange={picker.setClassId} testId="class-choice" />
      </View>
      {waitFor(roster) ?? (!r || r.children.length === 0 ? (
        <EmptyState
          title="班级里还没有学生"
          description="生成班级邀请码发给家长，家长绑定孩子后会出现在这里"
          action={
            pagePath('school.joinCode') ? (
              <Button type="primary" fill="outline" onClick={() => openPage('school.joinCode')}>
                生成班级邀请码
              </Button>
            ) : null
          }
        />
      ) : (
        <>
          {r.pendingRequests?.length ? (
            <>
              <Text className="ps-section-title">待确认的监护人申请</Text>
              <View className="ps-card" data-testid="pending-requests">
                {r.pendingRequests.map((p) => {
                  const label = guardianLabel(p.childName, p.relation);
                  const busyHere = removing === `${p.childId}_${p.userId}`;
                  return (
                    <View key={`${p.childId}_${p.userId}`} className="school-row" data-testid={`request-${label}`}>
                      <View className="school-row__main">
                        <Text>{label}（申请绑定）</Text>
                        <Text className="ps-muted school-block">申请时间：{formatDateTime(p.createdAt)}</Text>
                        {warningOf(p) ? (
                          <Text className="school-warning" data-testid={`request-warning-${label}`}>
                            {warningOf(p)}
                          </Text>
                        ) : null}
                      </View>
                      <View className="school-struct__actions">
                        <Text className="school-link" onClick={() => void decide(p.childId, p.userId, label, true)} data-testid={`confirm-${label}`}>
                          {busyHere ? '处理中…' : '确认'}
                        </Text>
                        <Text className="school-link school-link--danger" onClick={() => void decide(p.childId, p.userId, label, false)} data-testid={`reject-${label}`}>
                          拒绝
                        </Text>
                      </View>
                    </View>
                  );
                })}
              </View>
            </>
          ) : null}
          <Text className="ps-section-title" data-testid="roster-summary">
            {r.schoolName} {r.gradeName}{r.className} · {r.children.length} 名学生 · {guardianCount} 位监护人
          </Text>
          <View className="ps-card" data-testid="roster">
            {r.children.map((c) => (
              <View key={c.childId} className="school-row" data-testid={`child-${c.name}`}>
                <View>
                  <Text>{c.name}</Text>
                  {c.guardians.length === 0 ? <Text className="ps-muted">　暂无监护人</Text> : null}
                </View>
                <View>
                  {c.guardians.map((g) => {
                    const label = guardianLabel(c.name, g.relation);
                    return (
                      <View key={g.userId} className="school-row" data-testid={`guardian-${label}`}>
                        <Text>{label}</Text>
                        {r.canManage ? (
                          <Text className="school-link school-link--danger" onClick={() => void remove(c.childId, g.userId, label)} data-testid={`remove-${label}`}>
                            　{removing === `${c.childId}_${g.userId}` ? '移除中…' : '移除'}
                          </Text>
                        ) : null}
                      </View>
                    );
                  })}
                </View>
              </View>
            ))}
          </View>
        </>
      ))}
    </View>
  );
}
