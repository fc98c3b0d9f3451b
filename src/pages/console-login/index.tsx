import { useCallback, useEffect, useRef, useState } from 'react';
import { View, Text, Button } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { auth, signInWithCustomTicket } from '@/services/auth';
import { errorMessage } from '@/services/cloud';
import { TABS } from '@/navigation/pages';
import FailureAlert from '@/components/FailureAlert';
import './index.scss';

const POLL_MS = 1500;

/**
 * Into the app as the new user. A fresh load of the home page: when this page was the first one
 * opened (a bookmark of the sign-in page), Taro's H5 router cannot switch to a tab page it never
 * created, and a reload also drops anything cached for nobody.
 */
function enterApp(): void {
  if (typeof window !== 'undefined' && window.location) {
    window.location.hash = `#${TABS.home}`;
    window.location.reload();
  } else {
    void Taro.switchTab({ url: TABS.home });
  }
}

type Phase = 'loading' | 'waiting' | 'signingIn' | 'expired' | 'rejected' | 'failed';

/**
 * The admin console's sign-in on a desktop browser (H5): shows a mini-program code; a school staff
 * member scans it with WeChat and confirms in the mini-program; this page then signs in as them.
 * No WeChat Open Platform account is needed. The code lasts 2 minutes and works once.
 */
export default function ConsoleLoginPage() {
  const [phase, setPhase] = useState<Phase>('loading');
  const [qr, setQr] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const ticket = useRef<{ ticketId: string; pollSecret: string; expiresAt: number } | null>(null);
  const generation = useRef(0);

  const start = useCallback(async () => {
    const gen = ++generation.current;
    setPhase('loading');
    setFailure(null);
    try {
      const t = await auth.createLoginTicket(typeof navigator !== 'undefined' ? navigator.userAgent : undefined);
      if (gen !== generation.current) return;
      ticket.current = { ticketId: t.ticketId, pollSecret: t.pollSecret, expiresAt: new Date(t.expiresAt).getTime() };
      setQr(t.qrDataUrl);
      setPhase('waiting');
    } catch (e) {
      if (gen !== generation.current) return;
      setFailure(errorMessage(e));
      setPhase('failed');
    }
  }, []);

  useEffect(() => {
    void start();
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- a generation counter, not a DOM node: the cleanup must bump its live value
      generation.current++;
    };
  }, [start]);

  useEffect(() => {
    if (phase !== 'waiting') return;
    const gen = generation.current;
    let busy = false;
    const timer = setInterval(() => {
      const t = ticket.current;
      if (!t || busy) return;
      setSecondsLeft(Math.max(0, Math.round((t.expiresAt - Date.now()) / 1000)));
      busy = true;
      auth
        .pollLoginTicket(t.ticketId, t.pollSecret)
        .then(async (r) => {
          if (gen !== generation.current) return;
          if (r.phase === 'signedIn') {
            setPhase('signingIn');
            await signInWithCustomTicket(r.customLoginTicket);
            enterApp();
          } else if (r.phase === 'expired' || r.phase === 'rejected') {
            setPhase(r.phase);
          }
        })
        .catch((e) => {
          if (gen !== generation.current) return;
          setFailure(errorMessage(e));
          setPhase('failed');
        })
        .finally(() => {
          busy = false;
        });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [phase]);

  const status =
    phase === 'loading'
      ? '正在生成登录二维码…'
      : phase === 'waiting'
        ? `请用微信扫描二维码，并在小程序中确认登录${secondsLeft ? `（${secondsLeft} 秒后失效）` : ''}`
        : phase === 'signingIn'
          ? '已确认，正在登录…'
          : phase === 'expired'
            ? '二维码已过期，请刷新'
            : phase === 'rejected'
              ? '已在手机上取消登录'
              : '';

  return (
    <View className="ps-page console-login">
      <Text className="console-login__title">家长学校 · 电脑端管理后台</Text>
      <Text className="ps-muted">供学校教职工在电脑上管理班级、课程与统计。</Text>
      {qr && (phase === 'waiting' || phase === 'signingIn') ? (
        // A background image, not Taro's <Image>: its H5 box positions the picture outside a square frame.
        <View className="console-login__qr" style={{ backgroundImage: `url(${qr})` }} role="img" aria-label="登录二维码" data-testid="login-qr" data-src={qr} />
      ) : (
        <View className="console-login__qr" />
      )}
      <Text className="console-login__status" data-testid="login-status">
        {status}
      </Text>
      <FailureAlert boxed failure={failure} />
      {phase === 'expired' || phase === 'rejected' || phase === 'failed' ? (
        <Button className="console-login__refresh" type="primary" onClick={() => void start()}>
          刷新二维码
        </Button>
      ) : null}
      <View className="console-login__steps">
        <Text>1. 打开微信「扫一扫」扫描上方二维码</Text>
        <Text>2. 在家长学校小程序中核对电脑信息后点「确认登录」</Text>
        <Text>3. 用完可在小程序「我的 → 已登录的电脑」中退出</Text>
      </View>
    </View>
  );
}
