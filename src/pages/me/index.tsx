import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import { call, errorMessage } from '@/services/cloud';
import { guardianLabel, PENDING_GUARDIAN_TEXT, school } from '@/services/school';
import { signOut } from '@/services/session';
import { useSession } from '@/hooks/useSession';
import { currentChild, roleLabels, useProfile } from '@/hooks/useProfile';
import { DEV_SIGN_IN, firstPage } from '@/navigation/pages';
import { mayUseConsole } from '@shared/auth/auth.rules';
import './index.scss';

export default function MePage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const session = useSession();
  const [switching, setSwitching] = useState<string | null>(null);

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;

  const selected = currentChild(data);
  const privacyPage = firstPage('school', 'privacy', 'consent');
  const sessionsPage = firstPage('auth', 'sessions');

  async function switchTo(childId: string) {
    if (childId === selected?.childId || switching) return;
    setSwitching(childId);
    try {
      await call('school', 'switchChild', { childId });
      await refresh();
      void Taro.showToast({ title: '已切换', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setSwitching(null);
    }
  }

  async function decide(childId: string, userId: string, accept: boolean) {
    if (switching) return;
    setSwitching(`${childId}_${userId}`);
    try {
      await (accept ? school.confirmGuardian(childId, userId) : school.rejectGuardian(childId, userId));
      await refresh();
      void Taro.showToast({ title: accept ? '已确认' : '已拒绝', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setSwitching(null);
    }
  }

  function changeUser() {
    signOut();
    void Taro.reLaunch({ url: DEV_SIGN_IN });
  }

  return (
    <View className="ps-page me">
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
                extra={c.childId === selected?.childId ? '当前' : switching === c.childId ? '切换中…' : ''}
                clickable={data.children.length > 1}
                onClick={() => void switchTo(c.childId)}
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
                    <Text className="me__link" onClick={() => void decide(g.childId, g.userId, true)} data-testid={`confirm-${g.userId}`}>确认</Text>
                    <Text className="me__link me__link--danger" onClick={() => void decide(g.childId, g.userId, false)} data-testid={`reject-${g.userId}`}>　拒绝</Text>
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

      <Text className="ps-section-title">隐私与授权</Text>
      <CellGroup>
        {privacyPage ? (
          <Cell title="隐私保护指引与监护人授权" clickable onClick={() => void Taro.navigateTo({ url: privacyPage })} />
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
