import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { useSession } from '@/hooks/useSession';
import { listDemoUsers, signIn, type DemoUser } from '@/services/session';
import { CONSOLE_SIGN_IN, TABS } from '@/navigation/pages';
import { groupDemoUsers } from './roles';
import { elderClass } from '@/services/elder-mode';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import './index.scss';

function describe(u: DemoUser): string {
  const desc = u.description ?? '';
  // the seed's descriptions often start with the school's name already
  return u.schoolName && !desc.includes(u.schoolName) ? [u.schoolName, desc].filter(Boolean).join(' · ') : desc;
}

/**
 * H5 development sign-in (the mini-program never shows it: WeChat identifies the user).
 * Lists the local cloud's demo users by role; tapping one acts as that user.
 */
export default function DevLoginPage() {
  const session = useSession();
  const { loading, error, data, refresh } = useAsync(listDemoUsers, []);
  const action = useAction();
  const pending = action.key;

  async function choose(user: DemoUser) {
    if (action.busy) return;
    await action.runFor(user.openid, async () => {
      await signIn(user);
      void Taro.switchTab({ url: TABS.home });
    });
  }

  return (
    <View className={`ps-page dev-login${elderClass()}`}>
      <View className="dev-login__intro">
        <Text className="dev-login__title">选择一个演示账号</Text>
        <Text className="ps-muted">本页面仅在本地开发环境出现，用于以不同身份体验家长学校。</Text>
        {session.label ? <Text className="ps-muted">当前：{session.label}</Text> : null}
        <Text className="dev-login__console" onClick={() => void Taro.navigateTo({ url: CONSOLE_SIGN_IN })}>
          学校教职工：用微信扫码登录电脑端管理后台 ›
        </Text>
      </View>
      <View className="dev-login__failure">
        <FailureAlert boxed failure={action.failure} />
      </View>
      {loading && !data ? (
        <Loading text="正在读取演示账号…" />
      ) : error && !data ? (
        <ErrorState error={error} onRetry={refresh} title="无法读取演示账号" />
      ) : !data || data.length === 0 ? (
        <EmptyState title="还没有演示账号" description="请先运行 npm start（首次启动会写入演示数据）" />
      ) : (
        groupDemoUsers(data).map((group) => (
          <View key={group.title} className="dev-login__group" data-testid={`role-group-${group.title}`}>
            <Text className="ps-section-title">
              {group.title}（{group.users.length}）
            </Text>
            <CellGroup>
              {group.users.map((u) => (
                <View key={u.openid} data-openid={u.openid}>
                  <Cell
                    className="dev-login__user"
                    title={u.label}
                    description={describe(u)}
                    extra={pending === u.openid ? '登录中…' : session.openid === u.openid ? '当前' : '进入'}
                    clickable
                    onClick={() => void choose(u)}
                  />
                </View>
              ))}
            </CellGroup>
          </View>
        ))
      )}
    </View>
  );
}
