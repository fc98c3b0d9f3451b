import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup, Switch } from '@nutui/nutui-react-taro';
import { useElderMode } from '@/hooks/useElderMode';
import { elderClass } from '@/services/elder-mode';
import Pending from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useSwitchChild } from '@/hooks/useSwitchChild';
import { guardianLabel, PENDING_GUARDIAN_TEXT, school } from '@/services/school';
import { signOut } from '@/services/session';
import { useSession } from '@/hooks/useSession';
import { currentChild, roleLabels, useProfile } from '@/hooks/useProfile';
import { DEV_SIGN_IN, openPage, pagePath } from '@/navigation/pages';
import { formatDateTime } from '@shared/common/time';
import { mayUseConsole } from '@shared/auth/auth.rules';
import './index.scss';

export default function MePage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const session = useSession();
  const switchChild = useSwitchChild(refresh);
  const decision = useAction({ toast: true });
  const [elder, setElder] = useElderMode();

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;

  const selected = currentChild(data);
  const privacyPage = pagePath('school.consent');
  const sessionsPage = pagePath('auth.sessions');

  const switchTo = (childId: string) => {
    if (childId !== selected?.childId && !switchChild.busy && !decision.busy) void switchChild.to(childId);
  };

  const decide = (childId: string, userId: string, accept: boolean) => {
    if (switchChild.busy || decision.busy) return;
    void decision.runFor(`${childId}_${userId}`, async () => {
      await (accept ? school.confirmGuardian(childId, userId) : school.rejectGuardian(childId, userId));
      await refresh();
      void Taro.showToast({ title: accept ? '已确认' : '已拒绝', icon: 'success' });
    });
  };

  function changeUser() {
    signOut();
    void Taro.reLaunch({ url: DEV_SIGN_IN });
  }

  return (
    <View className={`ps-page me${elderClass()}`}>
      {process.env.TARO_ENV === 'h5' && session.label ? (
        <View className="ps-card me__who" data-testid="current-user">
          <Text className="ps-muted">当前演示账号</Text>
          <Text className="me__who-label">{session.label}</Text>
        </View>
      ) : null}

      {data.children.length > 0 ? (
        <>
          <Text className="ps-section-title">我的孩子{data.children.length > 1 ? '（点击切换）' : ''}</Text>
          <CellGroup>
            {data.children.map((c) => (
              <Cell
                key={c.childId}
                title={`${c.childName}（${c.relation}）`}
                description={`${c.schoolName} · ${c.className}`}
                extra={c.childId === selected?.childId ? '当前' : switchChild.switching === c.childId ? '切换中…' : ''}
                clickable={data.children.length > 1}
                onClick={() => switchTo(c.childId)}
              />
            ))}
          </CellGroup>
        </>
      ) : null}

      {data.pendingChildren?.length ? (
        <>
          <Text className="ps-section-title">等待确认</Text>
          <CellGroup>
            {data.pendingChildren.map((c) => (
              <Cell key={c.childId} title={`${c.childName}（${c.relation}）`} description={`${c.className} · ${PENDING_GUARDIAN_TEXT}`} />
            ))}
          </CellGroup>
        </>
      ) : null}

      {data.rejectedRequests?.length ? (
        <>
          <Text className="ps-section-title">未通过的申请</Text>
          <CellGroup>
            {data.rejectedRequests.map((r) => (
              <View key={r.childId} data-testid={`rejected-${r.childName}`}>
                <Cell title={`成为${guardianLabel(r.childName, r.relation)}的申请未通过`} description={`${r.className} · ${formatDateTime(r.rejectedAt)} 被拒绝。如有疑问请联系班主任，核实后可重新绑定。`} />
              </View>
            ))}
          </CellGroup>
        </>
      ) : null}

      {data.guardianRequests?.length ? (
        <>
          <Text className="ps-section-title">监护人申请</Text>
          <CellGroup>
            {data.guardianRequests.map((g) => (
              <Cell
                key={`${g.childId}_${g.userId}`}
                title={`有人申请成为${guardianLabel(g.childName, g.relation)}`}
                description="请确认是孩子的家人后再确认"
                extra={
                  <View>
                    <Text className="me__link" onClick={() => decide(g.childId, g.userId, true)} data-testid={`confirm-${g.userId}`}>确认</Text>
                    <Text className="me__link me__link--danger" onClick={() => decide(g.childId, g.userId, false)} data-testid={`reject-${g.userId}`}>　拒绝</Text>
                  </View>
                }
              />
            ))}
          </CellGroup>
        </>
      ) : null}

      {data.memberships.length > 0 ? (
        <>
          <Text className="ps-section-title">我的学校</Text>
          <CellGroup>
            {data.memberships.map((m) => (
              <Cell key={m.schoolId} title={m.schoolName} description={roleLabels(m).join('、')} />
            ))}
            {sessionsPage && mayUseConsole(data.memberships) ? (
              <Cell title="已登录的电脑" description="电脑端管理后台：扫码登录的设备，可随时退出" clickable onClick={() => void Taro.navigateTo({ url: sessionsPage })} />
            ) : null}
          </CellGroup>
        </>
      ) : null}

      {/* Always here: a second child, or a parent who is also a teacher, is never a dead end. */}
      <Text className="ps-section-title">添加身份</Text>
      <CellGroup>
        {pagePath('school.bindChild') ? (
          <View data-testid="me-add-child">
            <Cell title={data.children.length ? '添加孩子' : '绑定孩子'} description="输入班主任提供的班级邀请码" clickable onClick={() => openPage('school.bindChild')} />
          </View>
        ) : null}
        {pagePath('school.joinStaff') ? (
          <View data-testid="me-join-staff">
            <Cell title="我是老师" description="输入学校提供的教职工邀请码，加入学校" clickable onClick={() => openPage('school.joinStaff')} />
          </View>
        ) : null}
      </CellGroup>

      <Text className="ps-section-title">显示</Text>
      <CellGroup>
        <View data-testid="elder-mode">
          <Cell
            title="长辈模式"
            description="字更大、按钮更大、对比更强，首页只留最常用的三件事"
            extra={<Switch checked={elder} onChange={(v) => setElder(v)} data-testid="elder-switch" />}
          />
        </View>
      </CellGroup>

      <Text className="ps-section-title">隐私与授权</Text>
      <CellGroup>
        {privacyPage ? (
          <Cell title="隐私保护指引与监护人授权" clickable onClick={() => openPage('school.consent')} />
        ) : null}
        <Cell
          title="授权状态"
          extra={data.consent ? `已同意（${data.consent.version}）` : '未同意'}
          description={data.deletionDueAt ? `已撤回授权，数据将于 ${data.deletionDueAt.slice(0, 10)} 删除` : undefined}
        />
      </CellGroup>

      {process.env.TARO_ENV === 'h5' ? (
        <View className="me__actions">
          <Button block type="primary" fill="outline" onClick={changeUser}>
            切换演示账号 / 退出登录
          </Button>
        </View>
      ) : null}
    </View>
  );
}
