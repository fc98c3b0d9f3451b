/** 角色: who is 学校管理员 among the school's staff accounts. */
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { school } from '@/services/school';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';

const ROLE_NAMES: Record<string, string> = { admin: '学校管理员', teacher: '教师', parent: '家长' };

/** Roles per school: who is 学校管理员 among the school's staff accounts. */
export default function RolesPanel({ schoolId, myUserId }: { schoolId: string; myUserId: string }) {
  const members = useAsync(() => school.listMembers(schoolId), [schoolId]);
  const action = useAction({ toast: true });
  const busy = action.key;

  function toggleAdmin(userId: string, roles: string[]) {
    const next = roles.includes('admin') ? roles.filter((r) => r !== 'admin') : [...roles, 'admin'];
    return action.runFor(userId, async () => {
      await school.setMemberRoles({ schoolId, userId, roles: next as ('parent' | 'teacher' | 'admin')[] });
      await members.refresh();
      void Taro.showToast({ title: '已更新', icon: 'success' });
    });
  }

  const wait = waitFor(members);
  if (wait) return wait;
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

