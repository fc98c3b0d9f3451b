import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { caseStatusText, dueText, type CaseDto } from '@/services/reception';

/** One case in a list; reopened and overdue ones stand out. */
export default function CaseCard({ c, showFamily }: { c: CaseDto; showFamily?: boolean }) {
  const alert = c.status === 'reopened' || c.overdue;
  return (
    <View className={`rc-card${alert ? ' rc-card--alert' : ''}`} data-testid="case-card" data-status={c.status} onClick={() => void Taro.navigateTo({ url: `/packages/reception/pages/case/index?id=${c.caseId}` })}>
      <View>
        <Text className={`rc-tag${alert ? ' rc-tag--warn' : ''}`}>{caseStatusText(c)}</Text>
        <Text className="rc-tag">{c.kind === 'suggestion' ? (c.suggestionKind === 'complaint' ? '投诉' : '意见建议') : '接待'} · {c.topic}</Text>
      </View>
      <Text className="rc-meta">{c.description}</Text>
      {showFamily ? <Text className="rc-meta">{c.childName}家长{c.receptionistName ? ` · 接待人：${c.receptionistName}` : ''}</Text> : null}
      {c.dueAt && c.status !== 'closed' ? <Text className="rc-meta">办理期限：{dueText(c.dueAt)}</Text> : null}
    </View>
  );
}
