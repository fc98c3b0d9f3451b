/**
 * School admin (head teachers: read only): per class, who qualifies for the 结业证书 and exactly
 * what the others still need; batch issue to the class, its grade or the school; one by one with a
 * reason when overriding the rule; revoke with a reason; reissue (new number, the old one revoked).
 */
import { useMemo, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import Chips from '@/components/Chips';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { call } from '@/services/cloud';
import { certificateEligibility, issueCertificate, issueCertificates, reissueCertificate, revokeCertificate, ruleSummary } from '@/services/certificate';
import type { HolderEligibility, Scope } from '@shared/certificate/certificate.schema';
import FailureAlert from '@/components/FailureAlert';
import { openPage } from '@/navigation/pages';
import '../../certificate.scss';

type Pending = { kind: 'override' | 'revoke' | 'reissue'; holder: HolderEligibility };
const ACTION_LABEL: Record<Pending['kind'], string> = { override: '破格发放', revoke: '撤销证书', reissue: '补发证书' };
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export default function CertificateAdminPage() {
  const profile = useProfile();
  const staff = profile.data?.memberships.find((m) => m.roles.includes('admin')) ?? profile.data?.memberships.find((m) => m.roles.includes('teacher'));
  const schoolId = staff?.schoolId ?? '';
  const isAdmin = !!staff?.roles.includes('admin');
  const grades = useAsync(() => call('school', 'listGrades', { schoolId }), [schoolId], { enabled: !!schoolId });
  const classes = useMemo(() => {
    const all = (grades.data ?? []).flatMap((g) => g.classes.map((c) => ({ classId: c._id, gradeId: g._id, name: `${g.name}${c.name}` })));
    if (isAdmin) return all;
    const mine = new Set((staff?.positions ?? []).filter((p) => p.title === '班主任' && p.classId).map((p) => p.classId));
    return all.filter((c) => mine.has(c.classId));
  }, [grades.data, isAdmin, staff]);
  const [picked, setPicked] = useState<string | null>(null);
  const current = classes.find((c) => c.classId === picked) ?? classes[0];
  const classId = current?.classId ?? '';
  const list = useAsync(() => certificateEligibility(schoolId, classId), [schoolId, classId], { enabled: !!classId });
  // Issuing (a row or a batch) tells its failure by a toast; the reason sheet shows its own.
  const issuing = useAction({ toast: true });
  const withReason = useAction();
  const busy = issuing.key ?? (withReason.busy ? 'reason' : null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [lastRun, setLastRun] = useState<string | null>(null);

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!staff) return <EmptyState title="仅学校管理员和班主任可查看" />;
  const waitGrades = waitFor(grades);
  if (waitGrades) return waitGrades;
  if (!classes.length) return <EmptyState title="没有可查看的班级" description="班主任可在这里查看本班家长的结业情况" />;

  const batch = async (scope: Scope, label: string) => {
    const r = await Taro.showModal({ title: `向${label}发放结业证书`, content: '将向已达到要求且已确认姓名的家长发放证书，已发放的不会重复发放。', confirmText: '发放' });
    if (!r.confirm) return;
    await issuing.runFor(label, async () => {
      // A call stops after about 20 s: repeat while some remain (each call is idempotent).
      const first = await issueCertificates(schoolId, scope);
      let last = first;
      let issued = first.issued;
      let calls = 1;
      for (; last.remaining > 0 && calls < 50; calls++) {
        last = await issueCertificates(schoolId, scope);
        issued += last.issued;
      }
      const parts = [`新发放 ${issued} 张`];
      if (first.alreadyIssued) parts.push(`此前已发放 ${first.alreadyIssued} 张`);
      if (last.waitingName) parts.push(`待家长确认姓名 ${last.waitingName} 人`);
      if (last.notEligible) parts.push(`未达要求 ${last.notEligible} 人`);
      const out = { firstNumber: calls === 1 && first.runs.length === 1 ? first.firstNumber : null, lastNumber: first.lastNumber };
      setLastRun(`${label}发放完成：${parts.join('，')}${out.firstNumber ? `。编号 ${out.firstNumber} 至 ${out.lastNumber}` : ''}`);
      await list.refresh();
    });
  };

  const one = (h: HolderEligibility, why?: string) =>
    issuing.runFor(`${h.familyId}_${h.userId}`, async () => {
      const out = await issueCertificate({ schoolId, familyId: h.familyId, userId: h.userId, ...(why ? { reason: why } : {}) });
      void Taro.showToast({ title: out.issued ? `已发放 ${out.firstNumber}` : '该家长已有证书', icon: 'none' });
      await list.refresh();
    });

  const confirmPending = async () => {
    if (!pending) return;
    if (reason.trim().length < 2) {
      withReason.setFailure('请填写原因（至少 2 个字）');
      return;
    }
    withReason.setFailure(null);
    const h = pending.holder;
    if (pending.kind === 'override') {
      if (await one(h, reason.trim())) setPending(null);
      return;
    }
    await withReason.run(async () => {
      const out = pending.kind === 'revoke' ? await revokeCertificate(h.certificate!.id, reason.trim()) : await reissueCertificate(h.certificate!.id, reason.trim());
      void Taro.showToast({ title: pending.kind === 'revoke' ? '证书已撤销' : `已补发 ${out.number}`, icon: 'none' });
      setPending(null);
      await list.refresh();
    });
  };

  const ask = (kind: Pending['kind'], holder: HolderEligibility) => {
    setPending({ kind, holder });
    setReason('');
    withReason.setFailure(null);
  };

  const data = list.data;
  return (
    <View className="ps-page" data-testid="certificate-admin">
      <View className="ps-card">
        <Text className="ce-title">选择班级</Text>
        <Chips wrap options={classes.map((c) => ({ value: c.classId, label: c.name }))} value={[classId]} onChange={(v) => v[0] && setPicked(v[0])} />
      </View>
      {waitFor(list)}
      {data ? (
        <View className="ps-card" data-testid="certificate-summary">
          <Text className="ce-title">
            {data.className} · {data.schoolYear}学年
          </Text>
          {data.rule.enabled ? <Text className="ce-line">{ruleSummary(data.rule)}</Text> : <Text className="ce-error">学校本学年尚未开启结业证书，请先在“结业证书设置”中开启。</Text>}
          <Text className="ce-line">
            家长 {data.counts.holders} 人 · 达到要求 {data.counts.eligible} 人 · 已发放 {data.counts.issued} 张 · 待确认姓名 {data.counts.waitingName} 人
          </Text>
          {lastRun ? (
            <Text className="ce-line ce-success" data-testid="issue-result">
              {lastRun}
            </Text>
          ) : null}
          {isAdmin ? (
            <View className="ce-actions">
              <Button type="primary" size="small" loading={busy === '本班'} disabled={!data.rule.enabled} onClick={() => void batch({ kind: 'class', classId }, '本班')} data-testid="issue-class">
                发放本班
              </Button>
              <Button size="small" loading={busy === '本年级'} disabled={!data.rule.enabled} onClick={() => void batch({ kind: 'grade', gradeId: current!.gradeId }, '本年级')}>
                发放本年级
              </Button>
              <Button size="small" loading={busy === '全校'} disabled={!data.rule.enabled} onClick={() => void batch({ kind: 'school' }, '全校')}>
                发放全校
              </Button>
              <Button size="small" onClick={() => openPage('certificate.settings')}>
                证书设置
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      {pending ? (
        <View className="ps-card" data-testid="reason-editor">
          <Text className="ce-title">
            {ACTION_LABEL[pending.kind]}：{pending.holder.childName}{pending.holder.relation}
          </Text>
          {pending.kind === 'override' ? <Text className="ce-line">该家长尚未达到要求（{pending.holder.missing.map((m) => m.text).join('，')}），破格发放须填写原因，原因随证书保存。</Text> : null}
          {pending.kind === 'reissue' ? <Text className="ce-line">补发将生成新的证书编号，原证书同时撤销。</Text> : null}
          <Input className="ce-input" placeholder="请填写原因" value={reason} maxlength={200} onInput={(e) => setReason(e.detail.value)} data-testid="reason-input" />
          <FailureAlert failure={withReason.failure} />
          <View className="ce-actions">
            <Button type="primary" size="small" loading={!!busy} onClick={() => void confirmPending()} data-testid="reason-confirm">
              确认{ACTION_LABEL[pending.kind]}
            </Button>
            <Button size="small" onClick={() => setPending(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}
      {data ? (
        <View className="ps-card">
          {data.holders.length === 0 ? <EmptyState title="本班还没有家长绑定" /> : null}
          {data.holders.map((h) => {
            const key = `${h.familyId}_${h.userId}`;
            const cert = h.certificate;
            return (
              <View key={key} className="ce-item" data-testid={`holder-${key}`}>
                <View className="ce-row">
                  <Text className="ce-strong">
                    {h.childName}
                    {h.relation} {h.holderNameMasked ? `（${h.holderNameMasked}）` : ''}
                  </Text>
                  {cert?.status === 'valid' ? (
                    <Text className="ce-tag ce-tag--ok">已发放</Text>
                  ) : cert?.status === 'revoked' ? (
                    <Text className="ce-tag ce-tag--bad">已撤销</Text>
                  ) : h.eligible && h.nameConfirmed ? (
                    <Text className="ce-tag ce-tag--ok">可发放</Text>
                  ) : h.eligible ? (
                    <Text className="ce-tag ce-tag--warn">待确认姓名</Text>
                  ) : (
                    <Text className="ce-tag ce-tag--warn">未达要求</Text>
                  )}
                </View>
                <Text className="ce-line">
                  {fmt(h.totals.hours)} 课时 · {h.totals.sessions} 次活动 · {h.totals.collective} 次集体授课{h.starLevel ? ` · ${'★'.repeat(h.starLevel)}` : ''}
                </Text>
                {cert ? (
                  <Text className="ce-line">
                    编号 {cert.number}
                    {cert.excellent ? ' · 优秀家长' : ''}
                    {cert.override ? ' · 破格发放' : ''}
                    {cert.revokeReason ? ` · 撤销原因：${cert.revokeReason}` : ''}
                  </Text>
                ) : (
                  h.missing.map((m) => (
                    <Text key={m.kind} className="ce-missing">
                      · {m.text}
                    </Text>
                  ))
                )}
                {isAdmin && data.rule.enabled ? (
                  <View className="ce-actions">
                    {!cert && h.eligible && h.nameConfirmed ? (
                      <Button size="small" type="primary" loading={busy === key} onClick={() => void one(h)}>
                        发放
                      </Button>
                    ) : null}
                    {!cert && !h.eligible && h.nameConfirmed ? (
                      <Button size="small" onClick={() => ask('override', h)}>
                        破格发放
                      </Button>
                    ) : null}
                    {cert?.status === 'valid' ? (
                      <Button size="small" onClick={() => ask('revoke', h)} data-testid={`revoke-${key}`}>
                        撤销
                      </Button>
                    ) : null}
                    {cert ? (
                      <Button size="small" onClick={() => ask('reissue', h)}>
                        补发
                      </Button>
                    ) : null}
                  </View>
                ) : null}
              </View>
            );
          })}
        </View>
      ) : null}
    </View>
  );
}
