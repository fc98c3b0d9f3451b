/** The rotating check-in QR code with its typed code and the countdown (see useRotatingCode). */
import { Image, Text, View } from '@tarojs/components';
import type { RotatingCode } from '@/hooks/useRotatingCode';
import './index.scss';

export interface RotatingQrProps {
  code: RotatingCode;
  qr: string;
  secondsLeft: number;
}

export default function RotatingQr({ code, qr, secondsLeft }: RotatingQrProps) {
  return (
    <View className="ps-rqr">
      {qr ? <Image className="ps-rqr__qr" src={qr} mode="aspectFit" data-testid="checkin-qr" data-token={code.token} /> : null}
      <Text className="ps-rqr__code" data-testid="typed-code">
        {code.typedCode}
      </Text>
      <Text className="ps-rqr__hint">
        请用微信扫一扫扫描二维码签到；网页版请输入上方签到码。签到码每 {code.stepSeconds} 秒更新（{secondsLeft} 秒后更新），拍照转发无效。
      </Text>
    </View>
  );
}
