/**
 * Parent: my 结业证书 per child — progress against the school's rule ("还差 2 课时"), confirming the
 * real name once (purpose stated), the certificate with its number and code, the image, and saving
 * it (album on weapp, download on H5).
 */
import { useState } from 'react';
import { View, Text, Input, Image } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { requestSubscribe } from '@/services/subscribe';
import { certificateImage, confirmCertificateName, displayCode, myCertificates, saveCertificateImage, SAVE_MESSAGES } from '@/services/certificate';
import { RealNameSchema, type MyCertificateItem } from '@shared/certificate/certificate.schema';
import FailureAlert from '@/components/FailureAlert';
import { openPage } from '@/navigation/pages';
import '../../certificate.scss';

const ISSUED_TEMPLATE = 'tpl-certificate-issued';
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function CertificateCard({ item }: { item: MyCertificateItem }) {
  const cert = item.certificate;
  const [url, setUrl] = useState<string | null>(null);
  const action = useAction();
  const busy = action.key;

  const open = () =>
    action.runFor('open', async () => {
      if (cert) setUrl((await certificateImage(cert.id)).url);
    });
  const save = () =>
    action.runFor('save', async () => {
      if (!cert) return;
      const u = url ?? (await certificateImage(cert.id)).url;
      setUrl(u);
      const r = await saveCertificateImage(u, cert.number);
      void Taro.showToast({ title: SAVE_MESSAGES[r], icon: r === 'saved' || r === 'downloaded' ? 'success' : 'none' });
    });

  return (
    <View className="ps-card" data-testid={`certificate-${item.familyId}`}>
      <Text className="ce-title">
        {item.childName}家庭 · {item.schoolYear}学年
      </Text>
      <Text className="ce-line">
        {item.schoolName} {item.className}
      </Text>
      <Text className="ce-line">
        本学年已完成 {fmt(item.totals.hours)} 课时 · {item.totals.sessions} 次活动 · {item.totals.collective} 次集体授课
      </Text>
      {cert?.status === 'valid' ? (
        <View>
          <Text className="ce-tag ce-tag--ok">已获得结业证书</Text>
          {cert.excellent ? <Text className="ce-tag ce-tag--gold">优秀家长</Text> : null}
          <Text className="ce-line">证书编号：{cert.number}</Text>
          <Text className="ce-line">
            验证码：<Text className="ce-code">{displayCode(cert.code)}</Text>
          </Text>
          <View className="ce-actions">
            <Button type="primary" size="small" loading={busy === 'open'} onClick={() => void open()} data-testid="open-certificate">
              查看证书
            </Button>
            <Button size="small" loading={busy === 'save'} onClick={() => void save()} data-testid="save-certificate">
              {process.env.TARO_ENV === 'weapp' ? '保存到相册' : '下载证书图片'}
            </Button>
          </View>
          <FailureAlert failure={action.failure} />
          {url ? <Image className="ce-image" src={url} mode="widthFix" showMenuByLongpress data-testid="certificate-image" /> : null}
          <Text className="ce-line">他人可扫描证书上的二维码，或在“证书查验”中输入编号和验证码核对真伪。</Text>
        </View>
      ) : cert?.status === 'revoked' ? (
        <View>
          <Text className="ce-tag ce-tag--bad">证书已撤销</Text>
          <Text className="ce-line">证书编号 {cert.number} 已由学校撤销{cert.revokeReason ? `（${cert.revokeReason}）` : ''}。如有疑问请联系班主任。</Text>
        </View>
      ) : !item.enabled ? (
        <Text className="ce-line">学校本学年尚未开启结业证书，开启后可在这里查看进度。</Text>
      ) : item.eligible && item.missing.length === 0 ? (
        <View>
          <Text className="ce-tag ce-tag--ok">已达到结业要求</Text>
          <Text className="ce-line">学校发放证书后会通知您。</Text>
        </View>
      ) : (
        <View>
          <Text className="ce-tag ce-tag--warn">{item.eligible ? '待确认姓名' : '尚未达到结业要求'}</Text>
          {item.missing.map((m) => (
            <Text key={m.kind} className="ce-missing">
              · {m.text}
            </Text>
          ))}
        </View>
      )}
    </View>
  );
}

export default function MyCertificatesPage() {
  const profile = useProfile();
  const mine = useAsync(myCertificates, [], { enabled: profile.signedIn });
  const { data, refresh } = mine;
  const [name, setName] = useState('');
  const [editing, setEditing] = useState(false);
  const naming = useAction();

  const wait = waitFor({ ...mine, signedIn: profile.signedIn });
  if (wait || !data) return wait;
  if (!data.items.length) return <EmptyState title="还没有绑定孩子" description="绑定孩子后，可在这里查看结业证书的进度" />;

  const confirm = () => {
    const parsed = RealNameSchema.safeParse(name);
    if (!parsed.success) {
      naming.setFailure(parsed.error.issues[0]?.message ?? '请填写真实姓名');
      return;
    }
    // In the tap, before any await: WeChat shows the subscribe dialog only in direct response to a tap.
    void requestSubscribe([ISSUED_TEMPLATE]);
    void naming.run(async () => {
      await confirmCertificateName(parsed.data);
      setEditing(false);
      void Taro.showToast({ title: '姓名已确认', icon: 'success' });
      await refresh();
    });
  };

  const asking = !data.realName || editing;
  return (
    <View className="ps-page" data-testid="my-certificates">
      <View className="ps-card" data-testid="certificate-name">
        {asking ? (
          <View>
            <Text className="ce-title">确认证书上的姓名</Text>
            <Text className="ce-line">{data.purpose}</Text>
            <Input className="ce-input" placeholder="请输入您的真实姓名" value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} data-testid="real-name" />
            <FailureAlert failure={naming.failure} />
            <View className="ce-actions">
              <Button type="primary" size="small" loading={naming.busy} onClick={confirm} data-testid="confirm-name">
                确认姓名
              </Button>
              {editing ? (
                <Button size="small" onClick={() => setEditing(false)}>
                  取消
                </Button>
              ) : null}
            </View>
          </View>
        ) : (
          <View className="ce-row">
            <Text className="ce-strong">证书姓名：{data.realName}</Text>
            <Text
              className="ce-tag"
              onClick={() => {
                setName(data.realName ?? '');
                setEditing(true);
              }}
            >
              修改
            </Text>
          </View>
        )}
      </View>
      {data.items.map((item) => (
        <CertificateCard key={item.familyId} item={item} />
      ))}
      <View className="ps-card">
        <Button size="small" onClick={() => openPage('certificate.verify')}>
          查验他人证书
        </Button>
      </View>
    </View>
  );
}
