import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { waitFor } from '@/components/Pending';
import { usePageData } from '@/hooks/usePageData';
import { auth } from '@/services/auth';
import { TABS } from '@/navigation/pages';
import { ticketOfScene } from '@shared/auth/auth.rules';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import InfoRow from '../../components/InfoRow';
import '../auth.scss';

const time = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/**
 * Opened by scanning the desktop console's code (scene t=<ticket>): shows which computer asks to
 * sign in as you, and signs it in only when you confirm.
 */
export default function ConfirmLoginPage() {
  const params = useRouter().params;
  // WeChat opens the page with ?scene=<url-encoded t=…>; a link may carry ?t=<ticket> instead.
  const ticketId = ticketOfScene(params.scene ?? (params.t ? `t=${params.t}` : null));
  const page = usePageData(() => auth.describeLoginTicket(ticketId!), [ticketId], { enabled: !!ticketId });
  const { data } = page;
  const action = useAction();
  const { busy } = action;
  const [done, setDone] = useState<'confirmed' | 'rejected' | null>(null);

  const leave = () => void Taro.switchTab({ url: TABS.me });

  async function act(kind: 'confirm' | 'reject') {
    if (!ticketId || busy) return;
    await action.run(async () => {
      if (kind === 'confirm') await auth.confirmLoginTicket(ticketId);
      else await auth.rejectLoginTicket(ticketId);
      setDone(kind === 'confirm' ? 'confirmed' : 'rejected');
    });
  }

  if (!ticketId) {
    return (
      <View className="ps-page auth-page">
        <FailureAlert boxed failure="这不是有效的登录二维码。请在电脑上打开家长学校管理后台，用微信扫描页面上的二维码。" />
        <Button type="primary" onClick={leave}>
          返回我的
        </Button>
      </View>
    );
  }
  const wait = waitFor(page);
  if (wait || !data) return wait;

  const usable = data.phase === 'waiting';
  return (
    <View className="ps-page auth-page">
      <Text className="auth-page__title">在电脑上登录家长学校管理后台？</Text>
      <View className="ps-card">
        <InfoRow label="电脑">{data.device}</InfoRow>
        <InfoRow label="网络地址">{data.ip}</InfoRow>
        <InfoRow label="二维码生成于">{time(data.createdAt)}</InfoRow>
      </View>
      {done === 'confirmed' ? (
        <View className="auth-page__done" role="status">
          <Text>已确认，电脑上即将进入管理后台。用完请在「我的 → 已登录的电脑」中退出。</Text>
        </View>
      ) : done === 'rejected' ? (
        <View className="auth-page__done" role="status">
          <Text>已取消，这台电脑不会登录。</Text>
        </View>
      ) : !usable ? (
        <FailureAlert boxed failure={data.phase === 'expired' ? '二维码已过期，请在电脑上刷新二维码后重新扫码。' : '该二维码已使用或已取消，请在电脑上刷新二维码。'} />
      ) : (
        <View className="auth-page__notice">
          <Text>确认后，这台电脑将以您的身份使用管理后台 8 小时。如果不是您本人在操作，请点「取消」。</Text>
        </View>
      )}
      <FailureAlert boxed failure={action.failure} />
      <View className="auth-page__actions">
        {usable && !done ? (
          <>
            <Button type="primary" loading={busy} disabled={busy} onClick={() => void act('confirm')}>
              确认登录
            </Button>
            <Button fill="outline" disabled={busy} onClick={() => void act('reject')}>
              取消
            </Button>
          </>
        ) : (
          <Button type="primary" onClick={leave}>
            返回我的
          </Button>
        )}
      </View>
    </View>
  );
}
