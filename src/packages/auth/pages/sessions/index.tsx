import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { waitFor } from '@/components/Pending';
import EmptyState from '@/components/EmptyState';
import { usePageData } from '@/hooks/usePageData';
import { auth } from '@/services/auth';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import InfoRow from '../../components/InfoRow';
import '../auth.scss';

const when = (iso: string) => {
  const d = new Date(iso);
  return `${d.getMonth() + 1}月${d.getDate()}日 ${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** 我的 → 已登录的电脑: every computer signed in to the admin console as you, each can be signed out. */
export default function SessionsPage() {
  const page = usePageData(() => auth.listSessions(), []);
  const { data, refresh } = page;
  const action = useAction();
  const busy = action.key;

  async function revoke(sessionId: string) {
    if (action.busy) return;
    await action.runFor(sessionId, async () => {
      await auth.revokeSession(sessionId);
      void refresh();
    });
  }

  const wait = waitFor(page);
  if (wait || !data) return wait;
  return (
    <View className="ps-page auth-page">
      <Text className="ps-muted">在电脑上扫码登录的管理后台。不是您本人登录的，请立即退出。</Text>
      <FailureAlert boxed failure={action.failure} />
      {data.sessions.length === 0 ? (
        <EmptyState title="没有电脑登录着您的账号" description="在电脑上打开管理后台，用微信扫码即可登录" />
      ) : (
        data.sessions.map((s) => (
          <View key={s.sessionId} className="ps-card" data-testid="console-session">
            <InfoRow label="电脑">
              {s.device}
              {s.current ? '（本机）' : ''}
            </InfoRow>
            <InfoRow label="网络地址">{s.ip}</InfoRow>
            <InfoRow label="登录于">{when(s.createdAt)}</InfoRow>
            <InfoRow label="有效至">{when(s.expiresAt)}</InfoRow>
            <Button type="danger" fill="outline" loading={busy === s.sessionId} disabled={!!busy} onClick={() => void revoke(s.sessionId)}>
              退出这台电脑
            </Button>
          </View>
        ))
      )}
    </View>
  );
}
