/**
 * School admin: the 结业证书 rule of the school year (beside the star thresholds of 学时与星级规则)
 * and the certificate's face — the principal's name and the school's seal image.
 */
import { useEffect, useState } from 'react';
import { View, Text, Input, Image, Switch } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { chooseOneImage, MAX_IMAGE_BYTES, uploadFile } from '@/services/upload';
import { getCertificateRule, ruleSummary, saveCertificateRule } from '@/services/certificate';
import { sealFolder } from '@shared/certificate/certificate.rules';
import type { CertificateRule } from '@shared/certificate/certificate.schema';
import { NumberFields, numberTexts, SaveCard, type NumberFieldDef } from '@/components/SettingsForm';
import '../../certificate.scss';

type NumField = 'minHours' | 'minSessions' | 'minCollective' | 'minOnlineLessons' | 'minStarLevel';
const FIELDS: NumberFieldDef<NumField>[] = [
  { key: 'minHours', label: '累计学时不少于', unit: '课时' },
  { key: 'minSessions', label: '参加学习活动不少于', unit: '次' },
  { key: 'minCollective', label: '集体授课（≥45分钟）不少于', unit: '次' },
  { key: 'minOnlineLessons', label: '完成线上微课不少于', unit: '节' },
  { key: 'minStarLevel', label: '星级不低于（0 为不要求）', unit: '星' },
];

export default function CertificateSettingsPage() {
  const profile = useProfile();
  const admin = profile.data?.memberships.find((m) => m.roles.includes('admin'));
  const schoolId = admin?.schoolId ?? '';
  const current = useAsync(() => getCertificateRule(schoolId), [schoolId], { enabled: !!schoolId });
  const { data, refresh } = current;
  const [rule, setRule] = useState<CertificateRule | null>(null);
  const [nums, setNums] = useState<Record<NumField, string>>({ minHours: '', minSessions: '', minCollective: '', minOnlineLessons: '', minStarLevel: '' });
  const [sealPreview, setSealPreview] = useState<string | null>(null);
  const action = useAction();
  const { busy } = action;

  useEffect(() => {
    if (!data) return;
    setRule(data.rule);
    setNums(numberTexts(FIELDS, data.rule));
    setSealPreview(data.sealUrl);
  }, [data]);

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!admin) return <EmptyState title="仅学校管理员可设置" />;
  const waitRule = waitFor(current);
  // `rule` is the form's copy, set from the answer right after it arrives
  if (waitRule || !rule || !data) return waitRule ?? <Loading />;

  const draft: CertificateRule = { ...rule, ...Object.fromEntries(FIELDS.map((f) => [f.key, Number(nums[f.key]) || 0])) };

  const pickSeal = async () => {
    const img = await chooseOneImage();
    if (!img) return;
    if (img.size > MAX_IMAGE_BYTES) {
      action.setFailure('图片过大，请选择 5MB 以内的图片');
      return;
    }
    await action.run(async () => {
      const ext = /\.jpe?g$/i.test(img.path) ? 'jpg' : 'png';
      const fileId = await uploadFile(`${sealFolder(schoolId)}seal-${Date.now().toString(36)}.${ext}`, img.path);
      setRule({ ...rule, sealFileId: fileId });
      setSealPreview(img.path);
    });
  };

  const save = () =>
    action.run(async () => {
      await saveCertificateRule({ schoolId, rule: draft });
      await refresh();
      void Taro.showToast({ title: '已保存', icon: 'success' });
    });

  return (
    <View className="ps-page" data-testid="certificate-settings">
      <View className="ps-card">
        <View className="ce-row">
          <Text className="ce-title">{data.schoolYear}学年发放结业证书</Text>
          <Switch checked={rule.enabled} onChange={(e) => setRule({ ...rule, enabled: e.detail.value })} data-testid="rule-enabled" />
        </View>
        {data.copiedFrom ? <Text className="ce-line">沿用 {data.copiedFrom} 学年的设置，保存后生效于本学年。</Text> : null}
        <NumberFields fields={FIELDS} values={nums} onChange={setNums} invalid={(k) => action.invalid(`rule.${k}`)} testIdPrefix="rule-" type="digit" />
        <Text className="ce-line">{ruleSummary(draft)}。学时、活动与集体授课按本学年学时流水计算，与“学时与星级规则”中的星级门槛一致。</Text>
        <View className="ce-row">
          <Text className="ce-line">最高星级（★★★★★）在证书上标注“优秀家长”</Text>
          <Switch checked={rule.excellentAtTopLevel} onChange={(e) => setRule({ ...rule, excellentAtTopLevel: e.detail.value })} />
        </View>
      </View>
      <View className="ps-card">
        <Text className="ce-title">证书落款</Text>
        <Text className="ce-line">校长姓名</Text>
        <Input className="ce-input" value={rule.principalName} maxlength={20} placeholder="如：陈建华" onInput={(e) => setRule({ ...rule, principalName: e.detail.value })} data-testid="rule-principal" />
        <Text className="ce-line">学校公章（建议透明背景的红色公章 PNG；未上传时使用系统绘制的印章样式）</Text>
        {sealPreview ? <Image src={sealPreview} mode="aspectFit" style={{ width: '160px', height: '160px' }} /> : null}
        <View className="ce-actions">
          <Button size="small" loading={busy} onClick={() => void pickSeal()}>
            {rule.sealFileId ? '更换公章图片' : '上传公章图片'}
          </Button>
          {rule.sealFileId ? (
            <Button size="small" onClick={() => (setRule({ ...rule, sealFileId: null }), setSealPreview(null))}>
              不使用图片
            </Button>
          ) : null}
        </View>
      </View>
      <SaveCard action={action} onSave={() => void save()} label="保存证书设置" testId="rule-save" />
    </View>
  );
}
