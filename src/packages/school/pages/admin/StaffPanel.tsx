/** 教职工: the list (positions, phone, office hours, invite, 编辑, 删除) and one form to add or edit a staff member. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import Choice from '@/components/Choice';
import Field from '@/components/Field';
import FailureAlert from '@/components/FailureAlert';
import { useAction } from '@/hooks/useAction';
import type { useAsync } from '@/hooks/useAsync';
import { failureText } from '@/services/cloud';
import { formatJoinCode, school, type Grade, type Staff } from '@/services/school';
import { POSITIONS, type Position, type PositionTitle } from '@shared/school/roles';
import { positionText } from './positions';
import { waitFor } from '@/components/Pending';

const NEEDS_CLASS: PositionTitle[] = ['班主任', '任课教师'];

interface StaffForm {
  staffId?: string;
  name: string;
  phone: string;
  title: PositionTitle;
  classId: string | null;
  gradeId: string | null;
  subject: string;
  officeHours: string;
  /** Positions beyond the first, kept as they are when editing. */
  more: Position[];
}

const EMPTY: StaffForm = { name: '', phone: '', title: '任课教师', classId: null, gradeId: null, subject: '', officeHours: '', more: [] };

function formOf(s: Staff): StaffForm {
  const [first, ...more] = s.positions;
  return {
    staffId: s._id,
    name: s.name,
    // A masked phone is never sent back: the admin sees full numbers (listStaff), others cannot edit.
    phone: s.phoneMasked ? '' : s.phone,
    title: first?.title ?? '任课教师',
    classId: first?.classId ?? null,
    gradeId: first?.gradeId ?? null,
    subject: first?.subject ?? '',
    officeHours: s.officeHours,
    more,
  };
}

function positionOf(f: StaffForm): Position {
  const p: Position = { title: f.title };
  if (NEEDS_CLASS.includes(f.title) && f.classId) p.classId = f.classId;
  if (f.title === '年级主任' && f.gradeId) p.gradeId = f.gradeId;
  if (f.title === '任课教师' && f.subject.trim()) p.subject = f.subject.trim();
  return p;
}

export default function StaffPanel({ schoolId, grades, staff }: { schoolId: string; grades: Grade[]; staff: ReturnType<typeof useAsync<Staff[]>> }) {
  const [form, setForm] = useState<StaffForm>(EMPTY);
  const save = useAction();
  const set = (patch: Partial<StaffForm>) => setForm((f) => ({ ...f, ...patch }));
  const classes = grades.flatMap((g) => g.classes.map((c) => ({ value: c._id, label: `${g.name}${c.name}` })));
  const editing = !!form.staffId;

  const submit = () =>
    save.run(async () => {
      await school.upsertStaff({ schoolId, ...(form.staffId ? { staffId: form.staffId } : {}), name: form.name.trim(), phone: form.phone, positions: [positionOf(form), ...form.more], officeHours: form.officeHours });
      setForm(EMPTY);
      await staff.refresh();
      void Taro.showToast({ title: editing ? '已保存' : '已添加', icon: 'success' });
    });

  async function invite(s: Staff) {
    try {
      const code = await school.createStaffInvite(s._id);
      void Taro.showModal({ title: `${s.name}的教职工邀请码`, content: `${formatJoinCode(code.code)}\n请在“我的 → 我是老师”中输入，7天内有效，仅可使用一次。`, showCancel: false });
    } catch (e) {
      void Taro.showToast({ title: failureText(e), icon: 'none' });
    }
  }

  async function remove(s: Staff) {
    const answer = await Taro.showModal({ title: '删除教职工', content: `确定删除“${s.name}”吗？其教师身份将一并取消。`, confirmText: '删除', confirmColor: '#c2300a' });
    if (!answer.confirm) return;
    try {
      await school.deleteStaff(s._id);
      await staff.refresh();
    } catch (e) {
      void Taro.showToast({ title: failureText(e), icon: 'none' });
    }
  }

  return (
    <>
      <Text className="ps-section-title">教职工（{staff.data?.length ?? 0}）</Text>
      <View className="ps-card" data-testid="staff-list">
        {waitFor(staff) ?? ((staff.data ?? []).length === 0 ? (
          <EmptyState title="还没有教职工" description="在下面添加，或用“表格导入”" />
        ) : (
          (staff.data ?? []).map((s) => (
            <View key={s._id} className="school-row" data-testid={`staff-${s.name}`}>
              <View className="school-row__main">
                <Text>{s.name}　</Text>
                <Text className="ps-muted">{s.positions.map((p) => positionText(p, grades)).join('、') || '管理员'}</Text>
                <View>
                  <Text className="ps-muted">
                    {s.phone}
                    {s.officeHours ? ` · 接待：${s.officeHours}` : ''}
                    {s.linked ? ' · 已绑定微信' : ''}
                  </Text>
                </View>
              </View>
              <View className="school-struct__actions">
                {!s.linked ? (
                  <Text className="school-link" onClick={() => void invite(s)}>
                    邀请
                  </Text>
                ) : null}
                <Text className="school-link" data-testid={`staff-${s.name}-edit`} onClick={() => { setForm(formOf(s)); save.setFailure(null); }}>
                  编辑
                </Text>
                <Text className="school-link school-link--danger" onClick={() => void remove(s)}>
                  删除
                </Text>
              </View>
            </View>
          ))
        ))}
      </View>
      <Text className="ps-section-title">{editing ? `编辑教职工：${form.name}` : '添加教职工'}</Text>
      <View className="ps-card" data-testid="staff-form">
        <Field label="姓名" value={form.name} max={20} onInput={(v) => set({ name: v })} invalid={save.invalid('name')} testId="staff-name" />
        <Field label="手机号" hint="11位手机号" value={form.phone} type="number" max={11} counter={false} onInput={(v) => set({ phone: v })} invalid={save.invalid('phone')} testId="staff-phone" />
        <Field label="职务" invalid={save.invalid('positions')}>
          <Choice options={POSITIONS.map((p) => ({ value: p, label: p }))} value={form.title} onChange={(v) => set({ title: v as PositionTitle })} testId="staff-title" />
        </Field>
        {NEEDS_CLASS.includes(form.title) ? (
          <Field label="班级" invalid={save.invalid('positions')}>
            <Choice options={classes} value={form.classId} onChange={(v) => set({ classId: v })} testId="staff-class" />
          </Field>
        ) : null}
        {form.title === '年级主任' ? (
          <Field label="年级" invalid={save.invalid('positions')}>
            <Choice options={grades.map((g) => ({ value: g._id, label: g.name }))} value={form.gradeId} onChange={(v) => set({ gradeId: v })} />
          </Field>
        ) : null}
        {form.title === '任课教师' ? <Field label="任教学科" placeholder="如：语文" value={form.subject} max={20} onInput={(v) => set({ subject: v })} testId="staff-subject" /> : null}
        <Field label="接待时间（选填）" placeholder="如：每周三 15:30-17:00" value={form.officeHours} max={100} onInput={(v) => set({ officeHours: v })} invalid={save.invalid('officeHours')} testId="staff-office-hours" />
        <Button block type="primary" disabled={save.busy} loading={save.busy} onClick={() => void submit()} data-testid="staff-save">
          {editing ? '保存修改' : '添加'}
        </Button>
        {editing ? (
          <Button block fill="none" onClick={() => { setForm(EMPTY); save.setFailure(null); }}>
            取消编辑
          </Button>
        ) : null}
        <FailureAlert failure={save.failure} testId="staff-failure" />
      </View>
    </>
  );
}
