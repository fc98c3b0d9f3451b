import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import NoticeEntry from '@/components/NoticeEntry';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { usePullToRefresh } from '@/hooks/useRefresh';
import { TABS } from '@/navigation/pages';
import { nextSteps, type Step } from './next-steps';
import './index.scss';

function go(step: Step) {
  if (step.tab) void Taro.switchTab({ url: step.url });
  else void Taro.navigateTo({ url: step.url });
}

export default function HomePage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  usePullToRefresh(refresh);

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;

  const child = currentChild(data);
  const steps = nextSteps(data);
  const schools = data.memberships.map((m) => m.schoolName).filter(Boolean);

  return (
    <View className="ps-page home">
      <View className="home__hero">
        <Text className="home__greeting">您好，欢迎来到家长学校</Text>
        {child ? (
          <View className="home__child" data-testid="current-child">
            <Text className="home__child-name">{child.childName}</Text>
            <Text className="home__child-class">
              {child.schoolName} · {child.className}
            </Text>
            {data.children.length > 1 ? (
              <Text className="home__switch" onClick={() => void Taro.switchTab({ url: TABS.me })}>
                切换孩子
              </Text>
            ) : null}
          </View>
        ) : schools.length > 0 ? (
          <Text className="home__school">{schools.join('、')}</Text>
        ) : (
          <Text className="home__school">还没有加入任何学校或班级</Text>
        )}
      </View>

      {data.deletionDueAt ? (
        <View className="ps-card home__notice">
          <Text>您已撤回授权，相关数据将于 {data.deletionDueAt.slice(0, 10)} 删除。</Text>
        </View>
      ) : null}

      <NoticeEntry
        isParent={data.children.length > 0}
        staffSchoolId={data.memberships.find((m) => m.roles.includes('teacher') || m.roles.includes('admin'))?.schoolId ?? null}
      />

      <Text className="ps-section-title">下一步</Text>
      {steps.length > 0 ? (
        <CellGroup>
          {steps.map((s) => (
            <View key={s.key} data-testid={`step-${s.key}`}>
              <Cell title={s.title} description={s.description} clickable onClick={() => go(s)} />
            </View>
          ))}
        </CellGroup>
      ) : (
        <View className="ps-card">
          <Text className="ps-muted">暂时没有需要处理的事项。</Text>
          <View className="home__refresh">
            <Button size="small" fill="outline" onClick={() => void refresh()}>
              刷新
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
