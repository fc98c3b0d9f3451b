/**
 * Projector page (H5-friendly, also works on a phone): opens check-in for the session and shows
 * the rotating QR code with the typed code under it, a countdown to the next code and the count
 * of families checked in. Polls the server; the code is signed there (a photo of it expires).
 */
import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import ErrorState from '@/components/ErrorState';
import RotatingQr from '@/components/RotatingQr';
import { useRotatingCode } from '@/hooks/useRotatingCode';
import Loading from '@/components/Loading';
import { useRequireSignIn } from '@/hooks/useSession';
import { closeCheckin, currentToken, openCheckin } from '@/services/attendance';
import type { CheckinWindowView, CurrentTokenView } from '@shared/attendance/attendance.schema';
import '../../credit.scss';
import { openPage, pageUrl } from '@/navigation/pages';
import Pending from '@/components/Pending';
import { useAction } from '@/hooks/useAction';

export default function ProjectorPage() {
  const signedIn = useRequireSignIn();
  const sessionId = decodeURIComponent(useRouter().params.sessionId ?? '');
  const [win, setWin] = useState<CheckinWindowView | null>(null);
  const [openError, setOpenError] = useState<unknown>(null);
  const closing = useAction({ toast: true });
  useEffect(() => {
    if (!signedIn || !sessionId) return;
    let stop = false;
    openCheckin(sessionId)
      .then((w) => !stop && setWin(w))
      .catch((e) => !stop && setOpenError(e));
    return () => {
      stop = true;
    };
  }, [signedIn, sessionId]);
  const { code: tok, qr, secondsLeft, error: pollError } = useRotatingCode<CurrentTokenView>(() => currentToken(sessionId), !!win, sessionId);
  const error = openError ?? pollError;

  if (!signedIn) return <Pending signedIn={false} loading error={null} />;
  if (!sessionId) return <ErrorState error={null} title="缺少课次" />;
  if (error && !tok) return <ErrorState error={error} onRetry={() => Taro.reLaunch({ url: pageUrl('credit.projector', { sessionId })! })} />;
  if (!win || !tok) return <Loading text="正在开启签到…" />;

  const close = () =>
    closing.run(async () => {
      await closeCheckin(sessionId);
      setWin({ ...win, status: 'closed' });
      void Taro.showToast({ title: '签到已关闭', icon: 'success' });
    });
  return (
    <View className="cr-projector" data-testid="projector">
      <Text className="cr-projector__title">{win.courseTitle}</Text>
      {win.status === 'closed' ? (
        <Text className="cr-projector__code">签到已关闭</Text>
      ) : (
        <>
          <RotatingQr code={tok} qr={qr} secondsLeft={secondsLeft} />
          {!tok.open ? <Text className="cr-projector__hint">当前不在签到时间内（开课前 30 分钟至结束后 15 分钟）</Text> : null}
        </>
      )}
      <Text className="cr-projector__count" data-testid="checked-in-count">
        已签到 {tok.checkedIn} / {tok.enrolled} 个家庭
      </Text>
      <View className="cr-actions">
        {win.status === 'open' ? (
          <Button type="default" style={{ background: "#fff", color: "#10251c" }} onClick={() => void close()}>
            结束签到
          </Button>
        ) : null}
        <Button type="default" style={{ background: "#fff", color: "#10251c" }} onClick={() => openPage('credit.roster', { sessionId })}>
          考勤名册
        </Button>
      </View>
    </View>
  );
}
