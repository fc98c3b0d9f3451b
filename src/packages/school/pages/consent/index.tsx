import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import { useProfile } from '@/hooks/useProfile';
import { useAction } from '@/hooks/useAction';
import { school } from '@/services/school';
import { childNameVisibilityText } from '@shared/school/school.rules';
import { TABS, pagePath } from '@/navigation/pages';
import { formatDate } from '@shared/common/time';
import FailureAlert from '@/components/FailureAlert';
import { elderClass } from '@/services/elder-mode';
import '../../school.scss';

/** The privacy notice and guardian consent (PIPL art. 28/31): read, agree (version + time recorded), or withdraw. */
export function PrivacyNotice({ version }: { version: string }) {
  return (
    <View className="school-notice" data-testid="privacy-notice">
      <Text className="school-notice__h">家长学校隐私保护指引（版本 {version}）</Text>
      <Text>
        本小程序由孩子所在学校及教联体用于家校协同育人。为向您提供班级加入、课程报名、签到与学时记录等服务，我们会处理以下信息：
      </Text>
      <Text className="school-notice__h">一、我们处理的信息</Text>
      <Text>
        1. 您的微信身份标识（OpenID），用于识别您的账号；2. 您填写的孩子姓名、所在学校和班级、您与孩子的关系；3. 您的课程报名、签到、学习时长与学时积分记录。我们不收集您的姓名和手机号。
      </Text>
      <Text className="school-notice__h">二、未成年人个人信息（监护人同意）</Text>
      <Text>
        孩子的姓名和班级属于不满十四周岁未成年人的个人信息，依据《个人信息保护法》第二十八条、第三十一条，需取得其监护人的同意，并仅用于本校家校沟通与家长学校服务。{childNameVisibilityText()}
      </Text>
      <Text className="school-notice__h">三、谁能看到</Text>
      <Text>班主任和学校管理员可以看到本班学生及其监护关系，并确认或拒绝新的监护人申请；学校管理员维护学校结构。教职工的手机号仅向需要联系的家长显示，其余情况下隐藏中间四位。</Text>
      <Text className="school-notice__h">四、撤回与删除</Text>
      <Text>
        您可以随时在本页撤回同意。撤回后我们立即停止处理您的信息，并在 7 天后删除您家庭的相关数据（孩子仅由您一人监护时，孩子的信息及报名、学时记录一并删除）。7 天内重新同意可取消删除。同意与撤回的时间和版本会被记录，作为您行使权利的凭证。
      </Text>
    </View>
  );
}

export default function ConsentPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const [agreed, setAgreed] = useState(false);
  const { busy, failure, run } = useAction();

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;

  async function accept() {
    if (!agreed || busy || !data) return;
    const version = data.consentVersion;
    await run(async () => {
      const p = await school.acceptConsent({ version, guardianConsent: true });
      await refresh();
      void Taro.showToast({ title: '已同意', icon: 'success' });
      const isStaff = p.memberships.some((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
      const bind = pagePath('school.bindChild');
      if (p.children.length === 0 && !isStaff && bind) void Taro.redirectTo({ url: bind });
      else void Taro.switchTab({ url: TABS.home });
    });
  }

  async function withdraw() {
    const answer = await Taro.showModal({
      title: '撤回授权',
      content: '撤回后将立即停止使用您的信息，7 天后删除您家庭的相关数据。确定撤回吗？',
      confirmText: '撤回',
      confirmColor: '#d4380d',
    });
    if (!answer.confirm) return;
    await run(async () => {
      const r = await school.withdrawConsent();
      await refresh();
      void Taro.showToast({ title: `将于${formatDate(r.deletionDueAt)}删除`, icon: 'none' });
    });
  }

  return (
    <View className={`ps-page${elderClass()}`}>
      <View className="ps-card">
        <PrivacyNotice version={data.consentVersion} />
      </View>
      <View className="ps-card" data-testid="consent-status">
        {data.needsConsent ? (
          <>
            {data.deletionDueAt ? <Text className="school-error">您已撤回授权，数据将于 {formatDate(data.deletionDueAt)} 删除；重新同意可取消删除。</Text> : null}
            <View className="school-check" onClick={() => setAgreed(!agreed)} data-testid="consent-check">
              <Text>{agreed ? '☑' : '☐'}</Text>
              <Text>我已阅读《家长学校隐私保护指引》，我是孩子的监护人，同意学校按上述方式处理我和孩子的信息。</Text>
            </View>
            <View className="school-actions">
              <Button block type="primary" disabled={!agreed || busy} loading={busy} onClick={() => void accept()} data-testid="consent-accept">
                同意并继续
              </Button>
            </View>
          </>
        ) : (
          <>
            <Text className="ps-muted">
              您已于 {data.consent ? formatDate(data.consent.acceptedAt) : ''} 同意（版本 {data.consent?.version}）。
            </Text>
            <View className="school-actions">
              <Button block type="danger" fill="outline" disabled={busy} onClick={() => void withdraw()} data-testid="consent-withdraw">
                撤回授权并删除数据
              </Button>
            </View>
          </>
        )}
        <FailureAlert failure={failure} />
      </View>
    </View>
  );
}
