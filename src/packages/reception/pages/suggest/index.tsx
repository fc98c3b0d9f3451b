/** 意见建议 (parent): a suggestion or complaint any time; optionally only for school leaders. */
import { useState } from 'react';
import { View, Text, Switch } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import Field from '@/components/Field';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { openPage } from '@/navigation/pages';
import { askReceptionNotices, dueText, newRequestKey, reception } from '@/services/reception';
import '../../reception.scss';

type Kind = 'suggestion' | 'complaint';
const KINDS: { value: Kind; label: string }[] = [
  { value: 'suggestion', label: '意见建议' },
  { value: 'complaint', label: '投诉' },
];

export default function SuggestPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const [kind, setKind] = useState<Kind>('suggestion');
  const [text, setText] = useState('');
  const [hide, setHide] = useState(false);
  const [key] = useState(newRequestKey);
  const action = useAction();

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!child) return <EmptyState title="请先绑定孩子" description="绑定孩子后可向孩子的学校提意见建议" action={<Button size="small" type="primary" onClick={() => openPage('school.bindChild')}>绑定孩子</Button>} />;

  const submit = () => {
    if (text.trim().length < 4) return action.setFailure('请写下您的意见或建议（至少4个字）');
    void askReceptionNotices();
    void action.run(async () => {
      const c = await reception.submitSuggestion({ childId: child.childId, kind, content: text.trim(), hideFromClassTeacher: hide, requestKey: key });
      await Taro.showModal({ title: '已提交', content: `学校将在${dueText(c.dueAt)}前答复，答复后请您评价。`, showCancel: false });
      void Taro.navigateBack();
    });
  };

  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-meta">{child.schoolName} · {child.childName}</Text>
        <Text className="rc-meta">您的意见只有学校领导、负责答复的老师可见，不会出现在其他家长面前。</Text>
      </View>
      <Text className="rc-label">类型</Text>
      <Chips wrap options={KINDS} value={[kind]} onChange={(v) => setKind(v[0] ?? 'suggestion')} />
      <View className="rc-field">
        <Field label="内容" multiline max={500} value={text} placeholder="请写下您对学校工作的意见或建议" onInput={setText} invalid={action.invalid('content')} testId="suggestion-text" />
      </View>
      <View className="rc-check">
        <Switch checked={hide} onChange={(e) => setHide(e.detail.value)} color="#1a7f5a" data-testid="hide-switch" />
        <Text>　不让班主任看到（仅学校领导可见）</Text>
      </View>
      <View className="rc-actions">
        <FailureAlert failure={action.failure} />
        <Button block type="primary" loading={action.busy} disabled={action.busy} onClick={submit} data-testid="submit-suggestion">提交</Button>
      </View>
    </View>
  );
}
