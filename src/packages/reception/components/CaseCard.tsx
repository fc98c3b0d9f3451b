import { View, Text } from '@tarojs/components';
import Tag from '@/components/Tag';
import { openPage } from '@/navigation/pages';
import { caseLabel, caseStatusText, dueText, type CaseDto } from '@/services/reception';

/** One case in a list; reopened and overdue ones stand out. */
export default function CaseCard({ c, showFamily }: { c: CaseDto; showFamily?: boolean }) {
  const alert = c.status === 'reopened' || c.overdue;
  return (
    <View className={`rc-card${alert ? ' rc-card--alert' : ''}`} data-testid="case-card" data-status={c.status} onClick={() => openPage('reception.case', { id: c.caseId })}>
      <View>
        <Tag tone={alert ? 'orange' : 'green'}>{caseStatusText(c)}</Tag>
        <Tag tone="green">{caseLabel(c)}</Tag>
      </View>
      <Text className="rc-meta">{c.description}</Text>
      {showFamily ? <Text className="rc-meta">{c.childName}家长{c.receptionistName ? ` · 接待人：${c.receptionistName}` : ''}</Text> : null}
      {c.dueAt && c.status !== 'closed' ? <Text className="rc-meta">办理期限：{dueText(c.dueAt)}</Text> : null}
    </View>
  );
}
