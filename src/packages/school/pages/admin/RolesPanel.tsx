/** 角色: who is 学校管理员 among the school's staff accounts. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { failureText } from '@/services/cloud';
import { school } from '@/services/school';

const ROLE_NAMES: Record<string, string> = { admin: '学校管理员', teacher: '教师', parent: '家长' };

/** Roles per school: who is 学校管理员 among the school's staff accounts. */
export default function RolesPanel({ schoolId, myUserId }: { schoolId: string; myUserId: string }) {
  const members = useAsync(() => school.listMembers(schoolId), [schoolId]);
  const [busy, setBusy] = useState<string | null>(null);

  async function toggleAdmin(userId: string, roles: string[]) {
    const next = roles.includes('admin') ? roles.filter((r) => r !== 'admin') : [...roles, 'admin'];
    setBusy(userId);
    try {
      await school.setMemberRoles({ schoolId, userId, roles: next as ('parent' | 'teacher' | 'admin')[] });
      await members.refresh();
      void Taro.showToast({ title: '已更新', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: failureText(e), icon: 'none' });
    } finally {
      setBusy(null);
    }
  }

  if (members.loading && !members.data) return <Loading />;
  if (members.error && !members.data) return <ErrorState error={members.error} onRetry={members.refresh} />;
  const list = members.data ?? [];
  return (
    <View className="ps-card" data-testid="members">
      <Text className="ps-muted">已绑定微信的教职工账号。教职工通过“邀请”加入后会出现在这里。</Text>
      {list.length === 0 ? (
        <EmptyState title="还没有教职工账号" description="在“教职工”中给老师发送邀请码，老师在“我的 → 我是老师”中输入" />
      ) : (
        list.map((m) => (
          <View key={m.userId} className="school-row">
            <View>
              <Text>{m.staffName ?? '未登记教职工'}{m.userId === myUserId ? '（我）' : ''}　</Text>
              <Text className="ps-muted">{m.roles.map((r) => ROLE_NAMES[r] ?? r).join('、')}</Text>
            </View>
            {m.userId !== myUserId ? (
              <Text className="school-link" onClick={() => void toggleAdmin(m.userId, m.roles)}>
                {busy === m.userId ? '处理中…' : m.roles.includes('admin') ? '取消管理员' : '设为管理员'}
              </Text>
            ) : null}
          </View>
        ))
      )}
    </View>
  );
}

