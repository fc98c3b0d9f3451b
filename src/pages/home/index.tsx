import { View, Text } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import { currentChild, useProfile, type Profile } from '@/hooks/useProfile';
import { TABS, firstPage } from '@/navigation/pages';
import './index.scss';

interface Step {
  key: string;
  title: string;
  description: string;
  url: string;
  tab?: boolean;
}

function go(step: Step) {
  if (step.tab) void Taro.switchTab({ url: step.url });
  else void Taro.navigateTo({ url: step.url });
}

/** What this user can do next, in the order a newcomer needs it. Links to pages not built yet are left out. */
function nextSteps(profile: Profile): Step[] {
  const steps: Step[] = [];
  const add = (key: string, title: string, description: string, url: string | null, tab = false) => {
    if (url) steps.push({ key, title, description, url, tab });
  };
  const isParent = profile.children.length > 0 || profile.memberships.some((m) => m.roles.includes('parent'));
  const isStaff = profile.memberships.some((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const isHeadTeacher = profile.memberships.some((m) => m.positions.some((p) => p.title === '班主任'));
  const isAdmin = profile.memberships.some((m) => m.roles.includes('admin'));

  if (profile.needsConsent) add('consent', '阅读并同意隐私保护指引', '使用前请先确认监护人授权', firstPage('school', 'consent', 'privacy'));
  if (profile.children.length === 0 && !isStaff) {
    add('bind', '绑定孩子', '输入班主任提供的班级邀请码，加入孩子所在班级', firstPage('school', 'bind-child', 'join'));
    add('join-staff', '我是老师', '输入学校提供的教职工邀请码，加入学校', firstPage('school', 'join-staff'));
  }
  if (isHeadTeacher) add('join-code', '班级邀请码', '生成邀请码，邀请家长加入班级', firstPage('school', 'join-code', 'join-codes'));
  if (isStaff) add('roster', '班级名单', '查看班级学生与监护人', firstPage('school', 'roster', 'class-roster'));
  if (isAdmin) add('admin', '学校管理', '年级、班级、教职工与角色', firstPage('school', 'admin', 'manage'));
  if (isParent || isStaff) add('courses', '家长课程', '浏览并报名本学期课程', TABS.courses, true);
  if (isParent) add('credits', '学习档案', '查看学时、星级与证书', TABS.credits, true);
  if (isParent) add('contacts', '联系老师', '班主任、任课教师的电话与接待时间', firstPage('school', 'contacts'));
  return steps;
}

export default function HomePage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  if (!signedIn) return <Loading text="正在前往登录…" />;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;
  if (!data) return <Loading />;

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
