/**
 * Projector page (H5-friendly, also works on a phone): opens check-in for the session and shows
 * the rotating QR code with the typed code under it, a countdown to the next code and the count
 * of families checked in. Polls the server; the code is signed there (a photo of it expires).
 */
import { useEffect, useRef, useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import QRCode from 'qrcode/lib/browser';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useRequireSignIn } from '@/hooks/useSession';
import { closeCheckin, currentToken, openCheckin } from '@/services/attendance';
import type { CheckinWindowView, CurrentTokenView } from '@shared/attendance/attendance.schema';
import '../../credit.scss';
import { openPage, pageUrl } from '@/navigation/pages';
import Pending from '@/components/Pending';
import { useAction } from '@/hooks/useAction';

const POLL_MS = 2000;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A base64 data URL of the (ASCII) SVG: works in the H5 <img> and in the weapp <image>, neither needs btoa. */
function svgDataUrl(svg: string): string {
  let out = '';
  for (let i = 0; i < svg.length; i += 3) {
    const a = svg.charCodeAt(i) & 0xff;
    const b = i + 1 < svg.length ? svg.charCodeAt(i + 1) & 0xff : NaN;
    const c = i + 2 < svg.length ? svg.charCodeAt(i + 2) & 0xff : NaN;
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]) + (Number.isNaN(c) ? '=' : B64[n & 63]);
  }
  return `data:image/svg+xml;base64,${out}`;
}

export default function ProjectorPage() {
  const signedIn = useRequireSignIn();
  const sessionId = decodeURIComponent(useRouter().params.sessionId ?? '');
  const [win, setWin] = useState<CheckinWindowView | null>(null);
  const [tok, setTok] = useState<CurrentTokenView | null>(null);
  const [qr, setQr] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  const fetchedAt = useRef(Date.now());
  const lastToken = useRef('');
  const closing = useAction({ toast: true });

  useEffect(() => {
    if (!signedIn || !sessionId) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const t = await currentToken(sessionId);
        if (stop) return;
        fetchedAt.current = Date.now();
        setTok(t);
        setError(null);
        if (t.token !== lastToken.current) {
          lastToken.current = t.token;
          const svg = await QRCode.toString(t.token, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
          if (!stop) setQr(svgDataUrl(svg));
        }
      } catch (e) {
        if (!stop) setError(e);
      }
      // Poll a little after the next rotation, at least every POLL_MS.
      if (!stop) timer = setTimeout(() => void poll(), POLL_MS);
    };
    openCheckin(sessionId)
      .then((w) => {
        if (stop) return;
        setWin(w);
        void poll();
      })
      .catch((e) => !stop && setError(e));
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
      clearInterval(tick);
    };
  }, [signedIn, sessionId]);

  if (!signedIn) return <Pending signedIn={false} loading error={null} />;
  if (!sessionId) return <ErrorState error={null} title="缺少课次" />;
  if (error && !tok) return <ErrorState error={error} onRetry={() => Taro.reLaunch({ url: pageUrl('credit.projector', { sessionId })! })} />;
  if (!win || !tok) return <Loading text="正在开启签到…" />;

  const left = Math.max(0, Math.ceil((tok.rotatesInMs - (now - fetchedAt.current)) / 1000));
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
          {qr ? <Image className="cr-projector__qr" src={qr} mode="aspectFit" data-testid="checkin-qr" data-token={tok.token} /> : null}
          <Text className="cr-projector__code" data-testid="typed-code">
            {tok.typedCode}
          </Text>
          <Text className="cr-projector__hint">
            请用微信扫一扫扫描二维码签到；网页版请输入上方签到码。签到码每 {tok.stepSeconds} 秒更新（{left} 秒后更新），拍照转发无效。
          </Text>
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
