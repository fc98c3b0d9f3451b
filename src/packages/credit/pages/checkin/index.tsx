/**
 * Parent check-in: scan the code on the projector with WeChat (weapp), or type the code shown under
 * it (H5). The result says who was checked in and what it counts for.
 */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import { useRequireSignIn } from '@/hooks/useSession';
import { checkIn, statusLabel } from '@/services/attendance';
import type { CheckInOutput } from '@shared/attendance/attendance.schema';
import { tooManyAttemptsText } from '@shared/attendance/attendance.rules';
import { elderClass } from '@/services/elder-mode';
import { openPage } from '@/navigation/pages';
import '../../credit.scss';

export default function CheckinPage() {
  const signedIn = useRequireSignIn();
  const [code, setCode] = useState('');
  const action = useAction();
  const { busy } = action;
  const [result, setResult] = useState<CheckInOutput | null>(null);
  const error = action.failure ?? '';

  const submit = async (raw: string) => {
    if (busy) return;
    await action.run(
      async () => setResult(await checkIn(raw.trim())),
      (e) => {
        setResult(null);
        // A blocked parent is told the exact time to try again (details.retryAt from the server).
        const retryAt = (e as { code?: string; details?: { retryAt?: string } }).details?.retryAt;
        return (e as { code?: string }).code === 'ATTENDANCE_TOO_MANY_ATTEMPTS' && retryAt ? tooManyAttemptsText(retryAt) : null;
      },
    );
  };

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      if (r.result) await submit(r.result);
    } catch {
      // The user closed the scanner.
    }
  };

  if (!signedIn) return <Pending signedIn={false} loading error={null} />;
  return (
    <View className={`ps-page${elderClass()}`}>
      <View className="ps-card">
        <Text className="cr-title">现场签到</Text>
        <Text className="cr-line">到达课程现场后，扫描老师投屏的签到二维码即可签到，学时自动计入学习档案。</Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button type="primary" block loading={busy} onClick={() => void scan()}>
            扫码签到
          </Button>
        ) : null}
        <Text className="cr-line">{process.env.TARO_ENV === 'weapp' ? '无法扫码时，也可输入二维码下方的签到码：' : '请输入投屏二维码下方的签到码（如 K7Q2 384912）：'}</Text>
        <Input className="cr-input" data-testid="checkin-code" value={code} placeholder="签到码" maxlength={300} onInput={(e) => setCode(e.detail.value)} />
        <Button type={process.env.TARO_ENV === 'weapp' ? 'default' : 'primary'} block loading={busy} disabled={code.trim().length < 6} data-testid="checkin-submit" onClick={() => void submit(code)}>
          提交签到
        </Button>
        <FailureAlert failure={error} testId="checkin-error" />
      </View>
      {result ? (
        <View className="ps-card" data-testid="checkin-result">
          <Text className="cr-title">{result.courseTitle}</Text>
          {result.items.map((i) => (
            <Text key={i.familyId} className="cr-success">
              {i.childName ? `${i.childName}家庭：` : ''}
              {i.created ? `签到成功（${statusLabel(i.status)}），计入 ${i.creditedHours} 课时` : `已签到（${statusLabel(i.status)}），不会重复计算学时`}
            </Text>
          ))}
          <Button size="small" data-testid="go-archive" onClick={() => openPage('credit.summary')}>
            查看学习档案
          </Button>
        </View>
      ) : null}
    </View>
  );
}
