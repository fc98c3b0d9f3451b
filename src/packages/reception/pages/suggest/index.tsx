/** 意见建议 (parent): a suggestion or complaint any time; optionally only for school leaders. */
import { useState } from 'react';
import { View, Text, Textarea, Switch } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { errorMessage } from '@/services/cloud';
import { askReceptionNotices, dueText, newRequestKey, reception } from '@/services/reception';
import Chips from '@/components/Chips';
import '../../reception.scss';

export default function SuggestPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const [kind, setKind] = useState<'suggestion' | 'complaint'>('suggestion');
  const [text, setText] = useState('');
  const [hide, setHide] = useState(false);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newRequestKey);

  if (!profile.signedIn || (profile.loading && !profile.data)) return <Loading />;
  if (!child) return <ErrorState error={null} title="请先绑定孩子" />;

  const submit = () => {
    if (text.trim().length < 4) return void Taro.showToast({ title: '请写下您的意见或建议（至少4个字）', icon: 'none' });
    void askReceptionNotices();
    setBusy(true);
    reception
      .submitSuggestion({ childId: child.childId, kind, content: text.trim(), hideFromClassTeacher: hide, requestKey: key })
      .then((c) => {
        void Taro.showModal({ title: '已提交', content: `学校将在${dueText(c.dueAt)}前答复，答复后请您评价。`, showCancel: false }).then(() => Taro.navigateBack());
      })
      .catch((e) => void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 }))
      .finally(() => setBusy(false));
  };

  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-meta">{child.schoolName} · {child.childName}</Text>
        <Text className="rc-meta">您的意见只有学校领导、负责答复的老师可见，不会出现在其他家长面前。</Text>
      </View>
      <Text className="rc-label">类型</Text>
      <Chips wrap options={[{ value: 'suggestion', label: '意见建议' }, { value: 'complaint', label: '投诉' }]} value={[kind]} onChange={(v) => setKind((v[0] as 'suggestion' | 'complaint') ?? 'suggestion')} />
      <Text className="rc-label">内容</Text>
      <View className="rc-field">
        <Textarea className="rc-textarea" value={text} maxlength={500} placeholder="请写下您对学校工作的意见或建议" onInput={(e) => setText(e.detail.value)} data-testid="suggestion-text" />
      </View>
      <View className="rc-check">
        <Switch checked={hide} onChange={(e) => setHide(e.detail.value)} color="#1a7f5a" data-testid="hide-switch" />
        <Text>　不让班主任看到（仅学校领导可见）</Text>
      </View>
      <View className="rc-actions">
        <Button block type="primary" loading={busy} disabled={busy} onClick={submit} data-testid="submit-suggestion">提交</Button>
      </View>
    </View>
  );
}
