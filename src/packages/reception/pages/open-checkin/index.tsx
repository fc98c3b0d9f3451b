/**
 * 开放日签到 (staff, on a phone or a projector): opens the activity's check-in and shows the
 * rotating QR code and typed code (the attendance domain's; signed on the server), the count of
 * signed-up families checked in, 结束签到 and the sign-up list (where staff correct a check-in).
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import RotatingQr from '@/components/RotatingQr';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { usePageData } from '@/hooks/usePageData';
import { useRotatingCode } from '@/hooks/useRotatingCode';
import { openDays } from '@/services/reception';
import { openPage } from '@/navigation/pages';
import type { OpenCheckinCodeView, OpenCheckinView } from '@shared/reception/open-day.schema';
import '../../reception.scss';

export default function OpenCheckinPage() {
  const activityId = decodeURIComponent(useRouter().params.activityId ?? '');
  // Opening the page opens the activity's check-in; `latest` is the window as 结束签到 / 重新开启签到 left it.
  const opened = usePageData(() => openDays.openCheckin(activityId), [activityId], { enabled: !!activityId });
  const [latest, setLatest] = useState<OpenCheckinView | null>(null);
  const win = latest ?? opened.data ?? null;
  const action = useAction({ toast: true });
  const { code, qr, secondsLeft, error: pollError } = useRotatingCode<OpenCheckinCodeView>(() => openDays.checkinCode(activityId), !!win, activityId);

  if (!activityId) return <ErrorState error={null} title="缺少活动编号" />;
  const wait = waitFor(opened);
  if (wait) return wait;
  const reopen = () => action.run(async () => setLatest(await openDays.openCheckin(activityId)));
  if (pollError && !code) return <ErrorState error={pollError} onRetry={() => void reopen()} />;
  if (!win || !code) return <Loading text="正在开启签到…" />;

  const close = () =>
    action.run(async () => {
      setLatest(await openDays.closeCheckin(activityId));
      void Taro.showToast({ title: '签到已结束', icon: 'success' });
    });
  return (
    <View className="rc-projector" data-testid="open-checkin">
      <Text className="rc-projector__title">{win.title}</Text>
      {win.status === 'closed' ? (
        <Text className="rc-projector__title">签到已结束</Text>
      ) : (
        <>
          <RotatingQr code={code} qr={qr} secondsLeft={secondsLeft} />
          {!code.open ? <Text className="rc-projector__hint">当前不在签到时间内（活动开始前30分钟至结束后15分钟）</Text> : null}
        </>
      )}
      <Text className="rc-projector__count" data-testid="open-checked-in">
        已签到 {code.checkedIn} / {code.signedUp} 个报名家庭
      </Text>
      <View className="rc-projector__actions">
        {win.status === 'open' ? (
          <Button type="default" style={{ background: '#fff', color: '#10251c' }} loading={action.busy} disabled={action.busy} onClick={() => void close()}>
            结束签到
          </Button>
        ) : (
          <Button type="default" style={{ background: '#fff', color: '#10251c' }} loading={action.busy} disabled={action.busy} onClick={() => void reopen()}>
            重新开启签到
          </Button>
        )}
        <Button type="default" style={{ background: '#fff', color: '#10251c' }} onClick={() => openPage('reception.openSignups', { id: activityId, title: win.title })}>
          报名名单
        </Button>
      </View>
    </View>
  );
}
