/**
 * A signed-up parent's 现场签到 for an open-day activity: scan the QR staff show (weapp), or type
 * the code under it (H5, or when the camera fails). The answer says what was credited.
 */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import { openDays } from '@/services/reception';
import { tooManyAttemptsText } from '@shared/attendance/attendance.rules';

export default function OpenCheckinBox({ onDone }: { onDone(): void }) {
  const [code, setCode] = useState('');
  const [done, setDone] = useState('');
  const action = useAction();
  const weapp = process.env.TARO_ENV === 'weapp';

  const submit = async (raw: string) => {
    let retryAt: string | undefined;
    const ok = await action.run(
      async () => {
        const r = await openDays.checkIn(raw.trim());
        const hours = r.items.reduce((n, i) => Math.max(n, i.creditedHours), 0);
        const fresh = r.items.some((i) => i.created);
        const text = `${fresh ? '签到成功' : '已签到过，不会重复计算'}${hours > 0 ? `，计入 ${hours} 课时` : ''}`;
        setDone(text);
        void Taro.showToast({ title: text, icon: 'none', duration: 3000 });
        // The list shows the activity as 已现场签到 (with its 课时) once refreshed.
        onDone();
      },
      (e) => {
        if ((e as { code?: string }).code === 'ATTENDANCE_TOO_MANY_ATTEMPTS') retryAt = (e as { details?: { retryAt?: string } }).details?.retryAt;
      },
    );
    // A blocked parent is told the exact time to try again (details.retryAt from the server).
    if (!ok && retryAt) action.setFailure(tooManyAttemptsText(retryAt));
  };

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      if (r.result) await submit(r.result);
    } catch {
      // The user closed the scanner.
    }
  };

  if (done) {
    return (
      <Text className="rc-meta rc-ok" data-testid="open-checkin-done">
        {done}
      </Text>
    );
  }
  return (
    <View className="rc-checkin" data-testid="open-checkin-box">
      <Text className="rc-meta">到达活动现场后，{weapp ? '扫描工作人员展示的签到二维码' : '输入工作人员展示的二维码下方的签到码（如 K7Q2 384912）'}完成签到。</Text>
      {weapp ? (
        <Button size="small" type="primary" loading={action.busy} onClick={() => void scan()}>
          扫码签到
        </Button>
      ) : null}
      <View className="rc-row">
        <Input className="rc-input" data-testid="open-checkin-code" value={code} placeholder="签到码" maxlength={300} onInput={(e) => setCode(e.detail.value)} />
        <Button size="small" type={weapp ? 'default' : 'primary'} loading={action.busy} disabled={code.trim().length < 6} onClick={() => void submit(code)} data-testid="open-checkin-submit">
          提交签到
        </Button>
      </View>
      <FailureAlert failure={action.failure} />
    </View>
  );
}
