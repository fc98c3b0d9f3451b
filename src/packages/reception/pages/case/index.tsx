/**
 * 事项详情: the case as the caller may see it, with exactly the actions the server allows (`can`):
 * the receptionist / assignee records the outcome (处理结果: discussed, agreed actions, follow-up,
 * referral, due date); the assignee completes the follow-up; the parent rates; a leader closes it
 * with a reason. Opened with `booking=1` for a booking that has no outcome yet.
 */
import { useState } from 'react';
import { View, Text, Textarea, Input, Picker, Switch } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { RATINGS, type Rating } from '@shared/reception/reception.schema';
import { formatDate } from '@shared/common/time';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { errorMessage, isCloudError } from '@/services/cloud';
import { caseStatusText, dueText, ratingText, reception, type CaseDto } from '@/services/reception';
import Chips from '@/components/Chips';
import '../../reception.scss';

function OutcomeForm({ caseId, schoolId, onDone }: { caseId: string; schoolId: string; onDone(): void }) {
  const staff = useAsync(() => reception.staffOptions(schoolId), [schoolId], { enabled: !!schoolId });
  const [discussed, setDiscussed] = useState('');
  const [actions, setActions] = useState('');
  const [follow, setFollow] = useState(false);
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState(formatDate(new Date(Date.now() + 7 * 86400_000)));
  const [busy, setBusy] = useState(false);
  const options = staff.data?.items ?? [];
  const idx = Math.max(0, options.findIndex((o) => o.staffId === assignee));
  const save = async () => {
    if (discussed.trim().length < 2) return void Taro.showToast({ title: '请填写沟通内容', icon: 'none' });
    setBusy(true);
    try {
      await reception.recordOutcome({ caseId, discussed: discussed.trim(), actions: actions.trim(), followUpNeeded: follow, ...(assignee ? { assigneeStaffId: assignee } : {}), ...(follow ? { dueDate: due } : {}) });
      void Taro.showToast({ title: '已保存处理结果', icon: 'success' });
      onDone();
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View data-testid="outcome-form">
      <Text className="ps-section-title">记录处理结果</Text>
      <Text className="rc-label">沟通内容</Text>
      <View className="rc-field">
        <Textarea className="rc-textarea" value={discussed} maxlength={500} placeholder="与家长沟通了什么" onInput={(e) => setDiscussed(e.detail.value)} data-testid="outcome-discussed" />
      </View>
      <Text className="rc-label">约定的措施</Text>
      <View className="rc-field">
        <Textarea className="rc-textarea" value={actions} maxlength={500} placeholder="学校、老师、家长各自要做什么" onInput={(e) => setActions(e.detail.value)} data-testid="outcome-actions" />
      </View>
      <View className="rc-check">
        <Switch checked={follow} onChange={(e) => setFollow(e.detail.value)} color="#1a7f5a" data-testid="followup-switch" />
        <Text>　需要后续跟进</Text>
      </View>
      <Text className="rc-label">{follow ? '跟进人（默认自己）' : '转交给（选填）'}</Text>
      <View className="rc-field">
        <Picker mode="selector" range={options.map((o) => `${o.name}（${o.title}）`)} value={idx} onChange={(e) => setAssignee(options[Number(e.detail.value)]?.staffId ?? '')}>
          <View className="rc-input" data-testid="assignee-picker">{assignee ? `${options[idx]?.name}（${options[idx]?.title}）` : '点击选择教职工'}</View>
        </Picker>
      </View>
      {follow ? (
        <>
          <Text className="rc-label">完成期限</Text>
          <View className="rc-field">
            <Picker mode="date" value={due} start={formatDate(new Date())} onChange={(e) => setDue(String(e.detail.value))}>
              <View className="rc-input" data-testid="due-picker">{due}</View>
            </Picker>
          </View>
        </>
      ) : null}
      <View className="rc-actions">
        <Button block type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="save-outcome">保存处理结果</Button>
      </View>
    </View>
  );
}

function AssignForm({ c, onDone }: { c: CaseDto; onDone(): void }) {
  const staff = useAsync(() => reception.staffOptions(c.schoolId), [c.schoolId]);
  const options = staff.data?.items ?? [];
  const [pick, setPick] = useState(-1);
  const send = async () => {
    const who = options[pick];
    if (!who) return void Taro.showToast({ title: '请选择教职工', icon: 'none' });
    try {
      await reception.assignCase(c.caseId, who.staffId);
      void Taro.showToast({ title: `已转给${who.name}`, icon: 'success' });
      onDone();
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 });
    }
  };
  return (
    <View>
      <Text className="ps-section-title">转交办理（学校领导）{c.assigneeName ? `：当前 ${c.assigneeName}` : ''}</Text>
      <View className="rc-field rc-row">
        <Picker mode="selector" range={options.map((o) => `${o.name}（${o.title}）`)} value={Math.max(0, pick)} onChange={(e) => setPick(Number(e.detail.value))}>
          <View className="rc-input">{pick >= 0 && options[pick] ? `${options[pick].name}（${options[pick].title}）` : '点击选择教职工'}</View>
        </Picker>
        <Text className="rc-unit">　</Text>
        <Button size="small" fill="outline" onClick={() => void send()}>转交</Button>
      </View>
    </View>
  );
}

function Detail({ c, reload }: { c: CaseDto; reload(): void }) {
  const [rating, setRating] = useState<Rating | ''>('');
  const [comment, setComment] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      void Taro.showToast({ title: done, icon: 'success' });
      reload();
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };
  const alert = c.status === 'reopened' || c.overdue;
  return (
    <View>
      <View className={`rc-card${alert ? ' rc-card--alert' : ''}`}>
        <View>
          <Text className={`rc-tag${alert ? ' rc-tag--warn' : ''}`} data-testid="case-status">{caseStatusText(c)}</Text>
          <Text className="rc-tag">{c.kind === 'suggestion' ? (c.suggestionKind === 'complaint' ? '投诉' : '意见建议') : '接待'} · {c.topic}</Text>
        </View>
        <Text className="rc-meta">{c.childName}家长：{c.description}</Text>
        {c.receptionistName ? <Text className="rc-meta">接待人：{c.receptionistName}</Text> : null}
        {c.hideFromClassTeacher ? <Text className="rc-meta">家长要求不让班主任看到</Text> : null}
        {c.dueAt && c.status !== 'closed' ? <Text className="rc-meta">办理期限：{dueText(c.dueAt)}{c.overdue ? '（已逾期）' : ''}</Text> : null}
      </View>
      {c.outcome ? (
        <View className="rc-card" data-testid="case-outcome">
          <Text className="rc-title">处理结果</Text>
          <Text className="rc-meta">沟通内容：{c.outcome.discussed}</Text>
          {c.outcome.actions ? <Text className="rc-meta">约定措施：{c.outcome.actions}</Text> : null}
          {c.outcome.followUpNeeded ? <Text className="rc-meta">后续跟进：{c.assigneeName ?? ''}，{dueText(c.outcome.dueAt)}前{c.followUpDoneAt ? `（已完成：${c.followUpNote ?? ''}）` : ''}</Text> : c.assigneeName ? <Text className="rc-meta">已转交：{c.assigneeName}</Text> : null}
          {c.rating ? <Text className="rc-meta">家长评价：{ratingText(c.rating.value)}{c.rating.comment ? `，${c.rating.comment}` : ''}</Text> : null}
          {c.closedReason ? <Text className="rc-meta">办结说明：{c.closedReason}</Text> : null}
        </View>
      ) : c.status !== 'closed' ? (
        <View className="rc-card"><Text className="rc-meta">学校正在处理，答复后会通知您。</Text></View>
      ) : null}

      {c.can.rate ? (
        <View data-testid="rate-form">
          <Text className="ps-section-title">评价处理结果</Text>
          <Chips wrap testId="rating" options={RATINGS.map((r) => ({ value: r, label: ratingText(r) }))} value={rating ? [rating] : []} onChange={(v) => setRating((v[0] as Rating) ?? '')} />
          <View className="rc-field">
            <Input className="rc-input" value={comment} maxlength={200} placeholder="补充说明（选填）" onInput={(e) => setComment(e.detail.value)} data-testid="rating-comment" />
          </View>
          <View className="rc-actions">
            <Button block type="primary" disabled={busy || !rating} onClick={() => rating && void run(() => reception.rate(c.caseId, rating, comment.trim()), '感谢您的评价')} data-testid="submit-rating">提交评价</Button>
          </View>
        </View>
      ) : null}
      {c.can.answer ? <OutcomeForm caseId={c.caseId} schoolId={c.schoolId} onDone={reload} /> : null}
      {c.can.followUp ? (
        <View>
          <Text className="ps-section-title">完成跟进</Text>
          <View className="rc-field">
            <Input className="rc-input" value={note} maxlength={300} placeholder="跟进情况" onInput={(e) => setNote(e.detail.value)} data-testid="followup-note" />
          </View>
          <View className="rc-actions">
            <Button block type="primary" fill="outline" disabled={busy} onClick={() => void run(() => reception.completeFollowUp(c.caseId, note.trim()), '已完成跟进')}>完成跟进</Button>
          </View>
        </View>
      ) : null}
      {c.can.assign ? <AssignForm c={c} onDone={reload} /> : null}
      {c.can.close ? (
        <View>
          <Text className="ps-section-title">办结（学校领导）</Text>
          <View className="rc-field">
            <Input className="rc-input" value={reason} maxlength={200} placeholder="办结原因，如：已当面沟通，家长认可" onInput={(e) => setReason(e.detail.value)} data-testid="close-reason" />
          </View>
          <View className="rc-actions">
            <Button block type="danger" fill="outline" disabled={busy} onClick={() => void run(() => reception.closeCase(c.caseId, reason.trim()), '已办结')} data-testid="close-case">办结</Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

export default function CasePage() {
  const params = useRouter().params;
  const id = params.id ?? '';
  const profile = useProfile();
  const ready = profile.signedIn && !!profile.data && !!id;
  const { loading, error, data, refresh } = useAsync(() => reception.caseDetail(id), [id], { enabled: ready });
  useDidShow(() => void (data && refresh()));
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  if (!id) return <ErrorState error={null} title="缺少事项编号" />;
  if (!ready || (loading && !data)) return <Loading />;
  // A booking without an outcome yet: the receptionist records the first one.
  if (!data && params.booking === '1' && isCloudError(error) && error.code === 'RECEPTION_CASE_NOT_FOUND') {
    return (
      <View className="ps-page">
        <View className="rc-card">
          <Text className="rc-title">{decodeURIComponent(params.title ?? '接待记录')}</Text>
          <Text className="rc-meta">{decodeURIComponent(params.desc ?? '')}</Text>
        </View>
        <OutcomeForm caseId={id} schoolId={params.schoolId ?? ''} onDone={() => void refresh()} />
      </View>
    );
  }
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;
  if (!data) return <Loading />;
  return (
    <View className="ps-page">
      <Detail c={data} reload={() => void refresh()} />
    </View>
  );
}
