import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import { useProfile } from '@/hooks/useProfile';
import { useAction } from '@/hooks/useAction';
import { codeFromParams, PENDING_GUARDIAN_TEXT, RELATIONS, scanJoinCode, school } from '@/services/school';
import { openPage } from '@/navigation/pages';
import { normaliseChildName, normaliseJoinCode, isWellFormedJoinCode, type Relation } from '@shared/school/school.rules';
import Choice from '@/components/Choice';
import Field from '@/components/Field';
import FailureAlert from '@/components/FailureAlert';
import { elderClass } from '@/services/elder-mode';
import '../../school.scss';

interface Preview {
  schoolName: string;
  gradeName: string;
  className: string;
}

/** A parent enters (or scans) the class join code, names the child and the relation, and becomes the child's guardian. */
export default function BindChildPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const [code, setCode] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [childName, setChildName] = useState('');
  const [relation, setRelation] = useState<Relation | null>(null);
  const action = useAction();
  const { busy, failure, setFailure, run } = action;

  useLoad((params: Record<string, string | undefined>) => {
    const fromLink = codeFromParams(params ?? {});
    if (fromLink) setCode(normaliseJoinCode(fromLink));
  });

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;

  if (data.needsConsent) {
    return (
      <View className={`ps-page${elderClass()}`}>
        <View className="ps-card">
          <Text>绑定孩子前，请先阅读并同意《隐私保护指引》及监护人授权。</Text>
          <View className="school-actions">
            <Button block type="primary" onClick={() => openPage('school.consent')} data-testid="go-consent">
              去阅读并同意
            </Button>
          </View>
        </View>
      </View>
    );
  }

  const normalised = normaliseJoinCode(code);
  const codeOk = isWellFormedJoinCode(normalised);

  async function check() {
    if (!codeOk || busy) return;
    await run(
      async () => setPreview(await school.previewJoinCode(normalised)),
      () => setPreview(null),
    );
  }

  async function scan() {
    try {
      const scanned = await scanJoinCode();
      if (scanned) {
        setCode(scanned);
        setPreview(null);
      } else setFailure('没有识别到班级邀请码，请重新扫描或手动输入');
    } catch {
      // the user closed the scanner
    }
  }

  async function submit() {
    if (!preview || !relation || busy) return;
    await run(async () => {
      const p = await school.bindChild({ code: normalised, childName, relation });
      await refresh();
      // A child who already has guardians: the request waits (the page shows it below).
      if ((p.pendingChildren ?? []).some((c) => c.childName === normaliseChildName(childName))) {
        setPreview(null);
        void Taro.showToast({ title: '已提交，等待确认', icon: 'none' });
        return;
      }
      void Taro.showToast({ title: '绑定成功', icon: 'success' });
      openPage('tab.home');
    });
  }

  return (
    <View className={`ps-page${elderClass()}`}>
      {data.children.length > 0 ? (
        <View className="ps-card" data-testid="bound-children">
          <Text className="ps-muted">已绑定：{data.children.map((c) => `${c.childName}（${c.className}）`).join('、')}</Text>
        </View>
      ) : null}
      {(data.pendingChildren ?? []).length > 0 ? (
        <View className="ps-card school-notice" data-testid="pending-children">
          {data.pendingChildren!.map((c) => (
            <Text key={c.childId} className="ps-muted">
              {c.childName}（{c.className}）：{PENDING_GUARDIAN_TEXT}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="ps-card">
        <View className="school-field">
          <Text className="school-field__label">班级邀请码（向班主任索取，6位）</Text>
          <Input
            className="school-field__input"
            placeholder="如：ABC234"
            value={code}
            maxlength={12}
            onInput={(e) => {
              setCode(e.detail.value);
              setPreview(null);
            }}
            data-testid="code-input"
          />
        </View>
        <View className="school-actions">
          <Button type="primary" disabled={!codeOk || busy} onClick={() => void check()} data-testid="code-check">
            查询班级
          </Button>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button fill="outline" onClick={() => void scan()}>
              扫码
            </Button>
          ) : null}
        </View>
        {preview ? (
          <View data-testid="preview">
            <Text className="school-notice__h">
              {preview.schoolName} · {preview.gradeName}
              {preview.className}
            </Text>
            <Field label="孩子姓名" placeholder="请输入孩子的真实姓名" hint="与学校登记的姓名一致，英文名可保留空格" value={childName} max={20} onInput={setChildName} invalid={action.invalid('childName')} testId="child-name-input" />
            <Field label="您与孩子的关系" invalid={action.invalid('relation')}>
              <Choice options={RELATIONS.map((r) => ({ value: r, label: r }))} value={relation} onChange={(v) => setRelation(v as Relation)} testId="relation" />
            </Field>
            <View className="school-actions">
              <Button block type="primary" disabled={!relation || busy} loading={busy} onClick={() => void submit()} data-testid="bind-submit">
                确认绑定
              </Button>
            </View>
          </View>
        ) : null}
        <FailureAlert failure={failure} />
      </View>
    </View>
  );
}
