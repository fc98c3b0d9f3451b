/**
 * Public certificate verification (no sign-in): opened from the certificate's QR (the mini-program
 * code's scene "<number>.<code>", or ?scene= on H5), or by typing the number and the code.
 */
import { useEffect, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { verifyCertificate } from '@/services/certificate';
import { shanghai } from '@shared/common/time';
import type { VerifyOutput } from '@shared/certificate/certificate.schema';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import '../../certificate.scss';

export default function VerifyPage() {
  const router = useRouter();
  const scene = router.params.scene ? decodeURIComponent(router.params.scene) : '';
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const action = useAction();
  const { busy, setFailure: setProblem } = action;
  const [result, setResult] = useState<VerifyOutput | null>(null);

  const run = (input: { scene: string } | { number: string; code: string }) => {
    setResult(null);
    return action.run(async () => setResult(await verifyCertificate(input)));
  };

  useEffect(() => {
    if (scene) void run({ scene });
    // once per scanned scene: `run` is a new function every render and must not re-run the check
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scene]);

  const submit = () => {
    if (!number.trim() || !code.trim()) {
      setProblem('请填写证书编号和验证码');
      return;
    }
    void run({ number, code });
  };

  return (
    <View className="ps-page" data-testid="verify-page">
      {result ? (
        <View className="ps-card ce-result" data-testid="verify-result">
          <Text className={`ce-result__status ${result.status === 'valid' ? 'ce-result__status--ok' : 'ce-result__status--bad'}`}>
            {result.status === 'valid' ? '✓ 证书有效' : '✕ 证书已撤销'}
          </Text>
          <Text className="ce-strong">持证人：{result.holderNameMasked}</Text>
          <Text className="ce-line">发证学校：{result.schoolName}</Text>
          <Text className="ce-line">学年：{result.schoolYear}学年</Text>
          <Text className="ce-line">累计学时：{Number.isInteger(result.hours) ? result.hours : result.hours.toFixed(1)} 课时</Text>
          {result.excellent ? <Text className="ce-tag ce-tag--gold">优秀家长</Text> : null}
          <Text className="ce-line">证书编号：{result.number}</Text>
          <Text className="ce-line">发证日期：{shanghai(result.issuedAt).format('YYYY年M月D日')}</Text>
          {result.revokedAt ? <Text className="ce-line">撤销日期：{shanghai(result.revokedAt).format('YYYY年M月D日')}</Text> : null}
        </View>
      ) : null}
      {action.failure ? (
        <View className="ps-card">
          <FailureAlert failure={action.failure} testId="verify-error" />
        </View>
      ) : null}
      <View className="ps-card">
        <Text className="ce-title">查验结业证书</Text>
        <Text className="ce-line">扫描证书上的二维码即可查验；也可输入证书下方的编号和验证码。</Text>
        <Input className="ce-input" placeholder="证书编号，如 2026-K7QM-000123" value={number} maxlength={32} onInput={(e) => setNumber(e.detail.value)} data-testid="verify-number" />
        <Input className="ce-input" placeholder="验证码（12位）" value={code} maxlength={24} onInput={(e) => setCode(e.detail.value)} data-testid="verify-code" />
        <View className="ce-actions">
          <Button type="primary" block loading={busy} onClick={submit} data-testid="verify-submit">
            查验
          </Button>
        </View>
        {process.env.TARO_ENV === 'weapp' ? (
          <View className="ce-actions">
            <Button
              block
              onClick={() =>
                void Taro.scanCode({ onlyFromCamera: false })
                  .then((r) => {
                    const m = /scene=([^&]+)/.exec(r.path ?? r.result ?? '');
                    if (m) void run({ scene: decodeURIComponent(m[1]) });
                    else setProblem('未识别到证书二维码，请输入编号和验证码');
                  })
                  .catch(() => undefined)
              }
            >
              扫描证书二维码
            </Button>
          </View>
        ) : null}
      </View>
    </View>
  );
}
