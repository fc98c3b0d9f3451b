/**
 * 事项详情: the case as the caller may see it, with exactly the actions the server allows (`can`):
 * the receptionist / assignee records the outcome (处理结果: discussed, agreed actions, follow-up,
 * referral, due date); the assignee completes the follow-up; the parent rates; a leader closes it
 * with a reason. Opened with `booking=1` for a booking that has no outcome yet.
 */
import { useState } from 'react';
import { View, Text, Picker, Switch } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { RATINGS, type Rating } from '@shared/reception/reception.schema';
import { formatDate } from '@shared/common/time';
import ErrorState from '@/components/ErrorState';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import Field from '@/components/Field';
import Tag from '@/components/Tag';
import { waitFor } from '@/components/Pending';
import { useAction, type Action } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { isCloudError } from '@/services/cloud';
import { caseLabel, caseStatusText, dueText, ratingText, reception, type CaseDto } from '@/services/reception';
import '../../reception.scss';

function OutcomeForm({ caseId, schoolId, onDone }: { caseId: string; schoolId: string; onDone(): void }) {
  const staff = useAsync(() => reception.staffOptions(schoolId), [schoolId], { enabled: !!schoolId });
  const [discussed, setDiscussed] = useState('');
  const [actions, setActions] = useState('');
  const [follow, setFollow] = useState(false);
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState(formatDate(new Date(Date.now() + 7 * 86400_000)));
  const action = useAction();
  const options = staff.data?.items ?? [];
  const idx = Math.max(0, options.findIndex((o) => o.staffId === assignee));
  const save = async () => {
    if (discussed.trim().length < 2) return action.setFailure('请填写沟通内容（至少2个字）');
    const ok = await action.run(() =>
      reception.recordOutcome({ caseId, discussed: discussed.trim(), actions: actions.trim(), followUpNeeded: follow, ...(assignee ? { assigneeStaffId: assignee } : {}), ...(follow ? { dueDate: due } : {}) }),
    );
    if (!ok) return;
    void Taro.showToast({ title: '已保存处理结果', icon: 'success' });
    onDone();
  };
  return (
    <View data-testid="outcome-form">
      <Text className="ps-section-title">记录处理结果</Text>
      <View className="rc-field">
        <Field label="沟通内容" multiline max={500} value={discussed} placeholder="与家长沟通了什么" onInput={setDiscussed} invalid={action.invalid('discussed')} testId="outcome-discussed" />
        <Field label="约定的措施" multiline max={500} value={actions} placeholder="学校、老师、家长各自要做什么" onInput={setActions} invalid={action.invalid('actions')} testId="outcome-actions" />
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
        <FailureAlert failure={action.failure} />
        <Button block type="primary" loading={action.busy} disabled={action.busy} onClick={() => void save()} data-testid="save-outcome">保存处理结果</Button>
      </View>
    </View>
  );
}

function AssignForm({ c, onDone }: { c: CaseDto; onDone(): void }) {
  const staff = useAsync(() => reception.staffOptions(c.schoolId), [c.schoolId]);
  const options = staff.data?.items ?? [];
  const [pick, setPick] = useState(-1);
  const action = useAction();
  const send = async () => {
    const who = options[pick];
    if (!who) return action.setFailure('请选择教职工');
    if (!(await action.run(() => reception.assignCase(c.caseId, who.staffId)))) return;
    void Taro.showToast({ title: `已转给${who.name}`, icon: 'success' });
    onDone();
  };
  return (
    <View>
      <Text className="ps-section-title">转交办理（学校领导）{c.assigneeName ? `：当前 ${c.assigneeName}` : ''}</Text>
      <View className="rc-field rc-row">
        <Picker mode="selector" range={options.map((o) => `${o.name}（${o.title}）`)} value={Math.max(0, pick)} onChange={(e) => setPick(Number(e.detail.value))}>
          <View className="rc-input">{pick >= 0 && options[pick] ? `${options[pick].name}（${options[pick].title}）` : '点击选择教职工'}</View>
        </Picker>
        <Text className="rc-unit">　</Text>
        <Button size="small" fill="outline" loading={action.busy} disabled={action.busy} onClick={() => void send()}>转交</Button>
      </View>
      <View className="rc-field">
        <FailureAlert failure={action.failure} />
      </View>
    </View>
  );
}

function Detail({ c, reload }: { c: CaseDto; reload(): void }) {
  const [rating, setRating] = useState<Rating | ''>('');
  const [comment, setComment] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const rate = useAction();
  const followUp = useAction();
  const close = useAction();
  const run = async (action: Action, what: () => Promise<unknown>, done: string) => {
    if (!(await action.run(what))) return;
    void Taro.showToast({ title: done, icon: 'success' });
    reload();
  };
  const busy = rate.busy || followUp.busy || close.busy;
  const alert = c.status === 'reopened' || c.overdue;
  return (
    <View>
      <View className={`rc-card${alert ? ' rc-card--alert' : ''}`}>
        <View>
          <Tag tone={alert ? 'orange' : 'green'} testId="case-status">{caseStatusText(c)}</Tag>
          <Tag tone="green">{caseLabel(c)}</Tag>
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
            <Field label="补充说明（选填）" max={200} value={comment} onInput={setComment} invalid={rate.invalid('comment')} testId="rating-comment" />
          </View>
          <View className="rc-actions">
            <FailureAlert failure={rate.failure} />
            <Button block type="primary" loading={rate.busy} disabled={busy || !rating} onClick={() => rating && void run(rate, () => reception.rate(c.caseId, rating, comment.trim()), '感谢您的评价')} data-testid="submit-rating">提交评价</Button>
          </View>
        </View>
      ) : null}
      {c.can.answer ? <OutcomeForm caseId={c.caseId} schoolId={c.schoolId} onDone={reload} /> : null}
      {c.can.followUp ? (
        <View>
          <Text className="ps-section-title">完成跟进</Text>
          <View className="rc-field">
            <Field label="跟进情况" max={300} value={note} onInput={setNote} invalid={followUp.invalid('note')} testId="followup-note" />
          </View>
          <View className="rc-actions">
            <FailureAlert failure={followUp.failure} />
            <Button block type="primary" fill="outline" loading={followUp.busy} disabled={busy} onClick={() => void run(followUp, () => reception.completeFollowUp(c.caseId, note.trim()), '已完成跟进')}>完成跟进</Button>
          </View>
        </View>
      ) : null}
      {c.can.assign ? <AssignForm c={c} onDone={reload} /> : null}
      {c.can.close ? (
        <View>
          <Text className="ps-section-title">办结（学校领导）</Text>
          <View className="rc-field">
            <Field label="办结原因" max={200} value={reason} placeholder="如：已当面沟通，家长认可" onInput={setReason} invalid={close.invalid('reason')} testId="close-reason" />
          </View>
          <View className="rc-actions">
            <FailureAlert failure={close.failure} />
            <Button block type="danger" fill="outline" loading={close.busy} disabled={busy} onClick={() => void run(close, () => reception.closeCase(c.caseId, reason.trim()), '已办结')} data-testid="close-case">办结</Button>
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
  const detail = useAsync(() => reception.caseDetail(id), [id], { enabled: profile.signedIn && !!profile.data && !!id });
  useRefreshOnShow(detail);
  usePullToRefresh(detail.refresh);
  if (!id) return <ErrorState error={null} title="缺少事项编号" />;
  const waitProfile = waitFor(profile);
  if (waitProfile) return waitProfile;
  // A booking without an outcome yet: the receptionist records the first one.
  const { error, data } = detail;
  if (!data && params.booking === '1' && isCloudError(error) && error.code === 'RECEPTION_CASE_NOT_FOUND') {
    return (
      <View className="ps-page">
        <View className="rc-card">
          <Text className="rc-title">{decodeURIComponent(params.title ?? '接待记录')}</Text>
          <Text className="rc-meta">{decodeURIComponent(params.desc ?? '')}</Text>
        </View>
        <OutcomeForm caseId={id} schoolId={params.schoolId ?? ''} onDone={() => void detail.refresh()} />
      </View>
    );
  }
  const wait = waitFor(detail);
  if (wait || !data) return wait;
  return (
    <View className="ps-page">
      <Detail c={data} reload={() => void detail.refresh()} />
    </View>
  );
}
