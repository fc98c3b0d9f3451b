import { useMemo, useState } from 'react';
import { View, Text, Input, Textarea, Picker } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Pending from '@/components/Pending';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import EmptyState from '@/components/EmptyState';
import { useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { school, staffSchools } from '@/services/school';
import { contact, openPdf, requestKey } from '@/services/contact';
import {
  canManageCommittee,
  canMarkFocus,
  canOverseeClass,
  canRecordVisit,
  COMMITTEE_LEVEL_LABELS,
  COMMITTEE_LEVELS,
  COMMITTEE_ROLES,
  VISIT_FORMS,
  type CommitteeLevel,
  type CommitteeRole,
  type VisitForm,
} from '@shared/contact/contact.rules';
import { canManageClass, guardianLabel } from '@shared/school/school.rules';
import type { Membership } from '@shared/school/roles';
import type { Roster } from '@/services/school';
import { shanghai } from '@shared/common/time';
import FailureAlert from '@/components/FailureAlert';
import Chips from '@/components/Chips';
import { waitFor } from '@/components/Pending';
import '../../contact.scss';

const splitList = (s: string) =>
  s
    .split(/[，,、；;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function schoolYearNow(): string {
  const d = shanghai();
  const start = d.month() >= 7 ? d.year() : d.year() - 1;
  return `${start}-${start + 1}学年`;
}

/** 家委会 of the class, its grade and the school: appoint a guardian of the class, remove a member. */
function Committee({ m, cls, roster }: { m: Membership; cls: { _id: string; gradeId: string }; roster: Roster | undefined }) {
  const levels = COMMITTEE_LEVELS.filter((l) => canManageCommittee(m, l, { classId: cls._id, gradeId: cls.gradeId }));
  const members = useAsync(() => contact.listCommittee(cls._id), [cls._id, levels.length], { enabled: levels.length > 0 });
  const [guardian, setGuardian] = useState<string | null>(null);
  const [level, setLevel] = useState<CommitteeLevel>('class');
  const [role, setRole] = useState<CommitteeRole>('委员');
  const action = useAction();
  if (!levels.length) return null;
  const guardians = (roster?.children ?? []).flatMap((c) => c.guardians.map((g) => ({ key: `${c.childId}|${g.userId}`, childId: c.childId, userId: g.userId, label: guardianLabel(c.name, g.relation) })));
  const picked = guardians.find((g) => g.key === guardian);
  return (
    <View className="ps-card" data-testid="committee">
      <Text className="contact-section">家委会</Text>
      {(members.data ?? []).map((x) => (
        <View key={x.memberId} className="contact-row">
          <Text>
            {`${x.scopeName}家委会`}
            {x.role} · {x.displayName}
            {x.agreedAt ? '' : '（未确认公开内容）'}
          </Text>
          <Text className="contact-btn" onClick={() => void action.run(async () => (await contact.removeCommittee(x.memberId), await members.refresh()))}>
            移除
          </Text>
        </View>
      ))}
      {members.data && !members.data.length ? <Text className="ps-muted">还没有家委会成员</Text> : null}
      <Text className="contact-label">推选本班家长（联络卡上只显示其本人同意公开的称呼和电话）</Text>
      <Chips wrap options={guardians.map((g) => ({ value: g.key, label: g.label }))} value={guardian ? [guardian] : []} onChange={(v) => setGuardian(v[0] ?? null)} />
      <Chips wrap options={levels.map((l) => ({ value: l, label: COMMITTEE_LEVEL_LABELS[l] }))} value={[level]} onChange={(v) => v[0] && setLevel(v[0])} />
      <Chips wrap options={COMMITTEE_ROLES.map((r) => ({ value: r, label: r }))} value={[role]} onChange={(v) => v[0] && setRole(v[0])} />
      <Button
        block
        type="primary"
        disabled={!picked || action.busy}
        onClick={() =>
          void action.run(async () => {
            await contact.appointCommittee({ level: levels.includes(level) ? level : levels[0], childId: picked!.childId, userId: picked!.userId, role, term: schoolYearNow() });
            setGuardian(null);
            await members.refresh();
            void Taro.showToast({ title: '已加入家委会', icon: 'success' });
          })
        }
      >
        {picked ? `任命为${COMMITTEE_LEVEL_LABELS[levels.includes(level) ? level : levels[0]]}${role}` : '请选择家长'}
      </Button>
      <FailureAlert failure={action.failure} />
    </View>
  );
}

/**
 * 家访 (home visits) of a class: coverage this school year and 重点关注 for the head teacher and
 * leaders, the visit list, recording a visit (one family or a group), and printing the class's
 * 家长联络卡 (A4 PDF) for the head teacher.
 */
export default function VisitsPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const memberships = staffSchools(data);
  const [schoolIdx, setSchoolIdx] = useState(0);
  const m = memberships[Math.min(schoolIdx, Math.max(0, memberships.length - 1))];
  const grades = useAsync(() => school.listGrades(m!.schoolId), [m?.schoolId], { enabled: !!m });
  const classes = useMemo(
    () =>
      (grades.data ?? []).flatMap((g) =>
        g.classes.filter((c) => m && (canRecordVisit(m, c) || canOverseeClass(m, c) || canManageClass(m, c._id))).map((c) => ({ ...c, label: `${g.name}${c.name}` })),
      ),
    [grades.data, m],
  );
  const [classId, setClassId] = useState<string | null>(null);
  const cls = classes.find((c) => c._id === classId) ?? classes[0];
  const oversee = !!(m && cls && canOverseeClass(m, cls));
  const mayRecord = !!(m && cls && canRecordVisit(m, cls));
  const roster = useAsync(() => school.classRoster(cls!._id), [cls?._id], { enabled: !!cls });
  const visits = useAsync(() => contact.listVisits(cls!._id), [cls?._id, mayRecord || oversee], { enabled: !!cls && (mayRecord || oversee) });
  const coverage = useAsync(() => contact.coverage(cls!._id), [cls?._id, oversee], { enabled: !!cls && oversee });

  const [picked, setPicked] = useState<string[]>([]);
  const [date, setDate] = useState(shanghai().format('YYYY-MM-DD'));
  const [form, setForm] = useState<VisitForm>('入户');
  const [participants, setParticipants] = useState('');
  const [topics, setTopics] = useState('');
  const [notes, setNotes] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [dueDate, setDueDate] = useState(shanghai().add(14, 'day').format('YYYY-MM-DD'));
  const [key, setKey] = useState(requestKey());
  const save = useAction();
  const print = useAction();
  const focus = useAction();

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  if (!m) return <EmptyState title="家访记录仅对学校教职工开放" />;
  const waitGrades = waitFor(grades);
  if (waitGrades) return waitGrades;
  if (!cls) return <EmptyState title="您还没有任教的班级" description="担任班主任、任课教师或年级主任后，可在这里记录家访" />;

  const families = roster.data?.children ?? [];
  const mayPrint = canManageClass(m, cls._id);
  const mayMark = canMarkFocus(m, cls);

  async function submit() {
    await save.run(async () => {
      await contact.recordVisit({
        classId: cls!._id,
        childIds: picked,
        date,
        form,
        participants: splitList(participants),
        topics: splitList(topics),
        notes: notes.trim(),
        followUps: followUp.trim() ? [{ text: followUp.trim(), dueDate }] : [],
        requestKey: key,
      });
      void Taro.showToast({ title: '家访已记录', icon: 'success' });
      setPicked([]);
      setTopics('');
      setNotes('');
      setParticipants('');
      setFollowUp('');
      setKey(requestKey());
      await Promise.all([visits.refresh(), oversee ? coverage.refresh() : Promise.resolve()]);
    });
  }

  return (
    <View className="ps-page">
      {memberships.length > 1 ? (
        <View className="contact-tabs">
          {memberships.map((x, i) => (
            <Text key={x.schoolId} className={`contact-tab${i === schoolIdx ? ' contact-tab--on' : ''}`} onClick={() => setSchoolIdx(i)}>
              {x.schoolName}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="contact-tabs" data-testid="class-tabs">
        {classes.map((c) => (
          <Text key={c._id} className={`contact-tab${c._id === cls._id ? ' contact-tab--on' : ''}`} onClick={() => setClassId(c._id)}>
            {c.label}
          </Text>
        ))}
      </View>

      {oversee ? (
        <View className="ps-card" data-testid="coverage">
          <Text className="contact-section">本学年家访覆盖</Text>
          {coverage.data ? (
            <>
              <Text className="contact-big">
                {coverage.data.visited} / {coverage.data.total} 户
              </Text>
              <Text className="ps-muted contact-hours">
                {coverage.data.schoolYear} 学年 · 未家访 {coverage.data.missing.length} 户{coverage.data.missing.length ? `：${coverage.data.missing.map((x) => x.name).join('、')}` : ''}
              </Text>
              {coverage.data.families
                .filter((f) => f.focus)
                .map((f) => (
                  <View key={f.childId} className="contact-row">
                    <Text>
                      <Text className="contact-tag">重点关注</Text>
                      {f.name}（本学年 {f.visits} 次）
                    </Text>
                    {mayMark ? (
                      <Text className="contact-btn" onClick={() => void focus.run(async () => (await contact.setFocus({ childId: f.childId, focus: false }), await coverage.refresh()))}>
                        取消
                      </Text>
                    ) : null}
                  </View>
                ))}
              <Text className="ps-muted contact-hours">重点关注（一生一策）仅班主任与校领导可标记，家长看不到；每次查看都会留痕。</Text>
            </>
          ) : coverage.error ? (
            <ErrorState error={coverage.error} onRetry={coverage.refresh} />
          ) : (
            <Loading />
          )}
          <FailureAlert failure={focus.failure} />
        </View>
      ) : null}

      {mayPrint ? (
        <View className="ps-card">
          <Text className="contact-section">印制家长联络卡</Text>
          <Text className="ps-muted contact-hours">A4 纸每页 4 张，每户一张：本班联系人（按公开范围）、学校办公室电话与地址、班级邀请码和二维码。</Text>
          <Button
            block
            type="primary"
            disabled={print.busy}
            data-testid="print-cards"
            onClick={() =>
              void print.run(async () => {
                const r = await contact.printCards(cls._id);
                await openPdf(r.url, `家长联络卡-${cls.label}.pdf`);
                void Taro.showToast({ title: `已生成 ${r.cards} 张，共 ${r.pages} 页`, icon: 'none' });
              })
            }
          >
            {print.busy ? '正在生成…' : '生成并打开 PDF'}
          </Button>
          <FailureAlert failure={print.failure} />
        </View>
      ) : null}

      {mayRecord ? (
      <View className="ps-card" data-testid="visit-form">
        <Text className="contact-section">记录家访</Text>
        <Text className="contact-label">家庭（可多选，分组家访）</Text>
        {roster.loading && !roster.data ? <Loading /> : null}
        <Chips
          wrap
          multiple
          options={families.map((f) => ({ value: f.childId, label: `${f.name}${coverage.data?.families.find((x) => x.childId === f.childId)?.visits === 0 ? '·未访' : ''}` }))}
          value={picked}
          onChange={setPicked}
          itemTestId={() => 'family-chip'}
        />
        {mayMark && picked.length === 1 && !coverage.data?.families.find((x) => x.childId === picked[0])?.focus ? (
          <Text className="contact-btn" data-testid="mark-focus" onClick={() => void focus.run(async () => (await contact.setFocus({ childId: picked[0], focus: true, reason: notes.trim().slice(0, 200) }), await coverage.refresh()))}>
            标记为重点关注
          </Text>
        ) : null}
        <Text className="contact-label">日期</Text>
        <Picker mode="date" value={date} end={shanghai().format('YYYY-MM-DD')} onChange={(e) => setDate(String(e.detail.value))}>
          <View className="contact-input contact-input--picker">{date}</View>
        </Picker>
        <Text className="contact-label">形式</Text>
        <Chips wrap options={VISIT_FORMS.map((f) => ({ value: f, label: f }))} value={[form]} onChange={(v) => v[0] && setForm(v[0])} />
        <Text className="contact-label">参与人（用逗号分隔）</Text>
        <Input className="contact-input" placeholder="如：母亲，祖母，数学老师" value={participants} onInput={(e) => setParticipants(e.detail.value)} />
        <Text className="contact-label">话题（用逗号分隔）</Text>
        <Input className="contact-input" placeholder="如：学习习惯，亲子沟通" value={topics} onInput={(e) => setTopics(e.detail.value)} data-testid="topics" />
        <Text className="contact-label">记录</Text>
        <Textarea className="contact-textarea" placeholder="家访情况与家长诉求" value={notes} maxlength={2000} onInput={(e) => setNotes(e.detail.value)} />
        <Text className="contact-label">约定的跟进事项（可不填）</Text>
        <Input className="contact-input" placeholder="如：两周后电话回访" value={followUp} onInput={(e) => setFollowUp(e.detail.value)} />
        {followUp.trim() ? (
          <Picker mode="date" value={dueDate} onChange={(e) => setDueDate(String(e.detail.value))}>
            <View className="contact-input contact-input--picker">跟进期限：{dueDate}</View>
          </Picker>
        ) : null}
        <Button block type="primary" disabled={save.busy || picked.length === 0 || splitList(topics).length === 0} onClick={() => void submit()} data-testid="save-visit">
          {picked.length === 0 ? '请选择家庭' : splitList(topics).length === 0 ? '请填写话题' : '保存家访记录'}
        </Button>
        <FailureAlert failure={save.failure} />
        <Text className="ps-muted contact-hours">家访记录仅记录老师、班主任、年级主任和校领导可见，家长看不到。</Text>
      </View>
      ) : null}

      <Committee m={m} cls={cls} roster={roster.data} />

      {mayRecord || oversee ? (
      <View className="ps-card" data-testid="visit-list">
        <Text className="contact-section">{oversee ? '本班家访记录' : '我记录的家访'}</Text>
        {waitFor(visits)}
        {visits.data && !visits.data.length ? <Text className="ps-muted">本学年还没有家访记录</Text> : null}
        {(visits.data ?? []).map((v) => (
          <View key={v.visitId} className="contact-entry" data-testid="visit">
            <View className="contact-entry__head">
              <Text className="contact-entry__label">
                {v.date} · {v.form}
              </Text>
              <Text className="ps-muted">{v.recordedByName}</Text>
            </View>
            <Text>{v.childNames.join('、')}</Text>
            <Text className="ps-muted contact-hours">话题：{v.topics.join('、')}</Text>
            {v.notes ? <Text className="contact-hours">{v.notes}</Text> : null}
            {v.followUps.map((f, i) => (
              <Text key={i} className="ps-muted contact-hours">
                跟进：{f.text}（{f.dueDate} 前）
              </Text>
            ))}
          </View>
        ))}
      </View>
      ) : null}
    </View>
  );
}
