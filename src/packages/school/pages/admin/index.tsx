import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import Pending from '@/components/Pending';
import EmptyState from '@/components/EmptyState';
import { useProfile } from '@/hooks/useProfile';
import { useAsync } from '@/hooks/useAsync';
import { errorMessage, isCloudError } from '@/services/cloud';
import { adminSchools, fileToBase64, formatJoinCode, school, type Grade, type ImportResult, type Staff } from '@/services/school';
import { POSITIONS, type Position, type PositionTitle } from '@shared/school/roles';
import { gradeOrderFromName, IMPORT_COLUMNS } from '@shared/school/school.rules';
import Choice from '../../components/Choice';
import FailureAlert from '../../components/FailureAlert';
import '../../school.scss';

type Tab = 'structure' | 'staff' | 'roles' | 'import';
const TABS_LIST: { value: Tab; label: string }[] = [
  { value: 'structure', label: '年级与班级' },
  { value: 'staff', label: '教职工' },
  { value: 'roles', label: '角色' },
  { value: 'import', label: '表格导入' },
];

function positionText(p: Position, grades: Grade[]): string {
  const g = grades.find((x) => x._id === p.gradeId);
  const c = g?.classes.find((x) => x._id === p.classId);
  const where = c ? `${g!.name}${c.name}` : g ? g.name : '';
  return `${where}${p.title === '任课教师' && p.subject ? `${p.subject}教师` : p.title}`;
}

async function toastError(e: unknown) {
  void Taro.showToast({ title: errorMessage(e), icon: 'none' });
}

/** School admin: grades and classes, staff (positions, phone, office hours, invites), xlsx import. */
export default function AdminPage() {
  const { loading, error, data, refresh, signedIn } = useProfile();
  const schools = adminSchools(data);
  const [schoolId, setSchoolId] = useState<string | null>(null);
  const current = schools.find((s) => s.schoolId === schoolId) ?? schools[0] ?? null;
  const sid = current?.schoolId ?? '';
  const grades = useAsync(() => school.listGrades(sid), [sid], { enabled: !!sid });
  const staff = useAsync(() => school.listStaff(sid), [sid], { enabled: !!sid });
  const [tab, setTab] = useState<Tab>('structure');

  if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
  if (!current) return <EmptyState title="您不是学校管理员" description="学校管理员可以维护年级、班级和教职工" />;

  return (
    <View className="ps-page">
      <View className="ps-card">
        {schools.length > 1 ? <Choice options={schools.map((s) => ({ value: s.schoolId, label: s.schoolName }))} value={sid} onChange={setSchoolId} /> : <Text>{current.schoolName}</Text>}
        <View style={{ marginTop: '16px' }}>
          <Choice options={TABS_LIST} value={tab} onChange={(v) => setTab(v as Tab)} testId="admin-tabs" />
        </View>
      </View>
      {grades.loading && !grades.data ? (
        <Loading />
      ) : grades.error && !grades.data ? (
        <ErrorState error={grades.error} onRetry={grades.refresh} />
      ) : tab === 'structure' ? (
        <Structure schoolId={sid} grades={grades.data ?? []} reload={grades.refresh} />
      ) : tab === 'staff' ? (
        <StaffPanel schoolId={sid} grades={grades.data ?? []} staff={staff} />
      ) : tab === 'roles' ? (
        <RolesPanel schoolId={sid} myUserId={data.userId} />
      ) : (
        <ImportPanel schoolId={sid} onDone={() => void Promise.all([grades.refresh(), staff.refresh()])} />
      )}
    </View>
  );
}

function Structure({ schoolId, grades, reload }: { schoolId: string; grades: Grade[]; reload(): Promise<void> }) {
  const [gradeName, setGradeName] = useState('');
  const [gradeId, setGradeId] = useState<string | null>(null);
  const [className, setClassName] = useState('');
  const [busy, setBusy] = useState(false);
  const targetGrade = grades.find((g) => g._id === gradeId) ?? grades[0] ?? null;

  async function run(fn: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await fn();
      await reload();
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (e) {
      void toastError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Text className="ps-section-title">现有年级与班级</Text>
      <View className="ps-card" data-testid="grades">
        {grades.length === 0 ? (
          <EmptyState title="还没有年级" description="先添加年级，再添加班级；也可以用表格导入" />
        ) : (
          grades.map((g) => (
            <View key={g._id} className="school-row" data-testid={`grade-${g.name}`}>
              <Text>{g.name}</Text>
              <View>
                {g.classes.length === 0 ? <Text className="ps-muted">暂无班级</Text> : null}
                {g.classes.map((c) => (
                  <Text key={c._id} className="ps-muted" data-testid={`class-${g.name}${c.name}`}>
                    {c.name}　
                  </Text>
                ))}
              </View>
            </View>
          ))
        )}
      </View>
      <Text className="ps-section-title">添加班级</Text>
      <View className="ps-card">
        {grades.length > 0 ? (
          <>
            <Choice options={grades.map((g) => ({ value: g._id, label: g.name }))} value={targetGrade?._id ?? null} onChange={setGradeId} testId="class-grade" />
            <View className="school-field" style={{ marginTop: '16px' }}>
              <Input className="school-field__input" placeholder="班级名称，如：3班" value={className} maxlength={20} onInput={(e) => setClassName(e.detail.value)} data-testid="class-name-input" />
            </View>
            <Button
              block
              type="primary"
              disabled={busy || !className.trim() || !targetGrade}
              onClick={() => void run(async () => { await school.createClass({ gradeId: targetGrade!._id, name: className.trim() }); setClassName(''); }, '已添加班级')}
              data-testid="add-class"
            >
              添加班级
            </Button>
          </>
        ) : (
          <Text className="ps-muted">请先添加年级</Text>
        )}
      </View>
      <Text className="ps-section-title">添加年级</Text>
      <View className="ps-card">
        <View className="school-field">
          <Input className="school-field__input" placeholder="年级名称，如：一年级" value={gradeName} maxlength={20} onInput={(e) => setGradeName(e.detail.value)} data-testid="grade-name-input" />
        </View>
        <Button
          block
          type="primary"
          fill="outline"
          disabled={busy || !gradeName.trim()}
          onClick={() => void run(async () => { await school.createGrade({ schoolId, name: gradeName.trim(), order: Math.min(99, gradeOrderFromName(gradeName)) }); setGradeName(''); }, '已添加年级')}
          data-testid="add-grade"
        >
          添加年级
        </Button>
      </View>
    </>
  );
}

const NEEDS_CLASS: PositionTitle[] = ['班主任', '任课教师'];

function StaffPanel({ schoolId, grades, staff }: { schoolId: string; grades: Grade[]; staff: ReturnType<typeof useAsync<Staff[]>> }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [title, setTitle] = useState<PositionTitle>('任课教师');
  const [classId, setClassId] = useState<string | null>(null);
  const [gradeId, setGradeId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [officeHours, setOfficeHours] = useState('');
  const [busy, setBusy] = useState(false);
  const classes = grades.flatMap((g) => g.classes.map((c) => ({ value: c._id, label: `${g.name}${c.name}` })));

  async function add() {
    const position: Position = { title };
    if (NEEDS_CLASS.includes(title)) position.classId = classId ?? undefined;
    if (title === '年级主任') position.gradeId = gradeId ?? undefined;
    if (title === '任课教师') position.subject = subject.trim() || undefined;
    setBusy(true);
    try {
      await school.upsertStaff({ schoolId, name: name.trim(), phone, positions: [position], officeHours });
      setName('');
      setPhone('');
      setSubject('');
      await staff.refresh();
      void Taro.showToast({ title: '已添加', icon: 'success' });
    } catch (e) {
      const details = isCloudError(e) && Array.isArray(e.details) ? (e.details as { message: string }[]).map((d) => d.message).join('；') : '';
      void Taro.showToast({ title: details || errorMessage(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  async function invite(s: Staff) {
    try {
      const code = await school.createStaffInvite(s._id);
      void Taro.showModal({ title: `${s.name}的教职工邀请码`, content: `${formatJoinCode(code.code)}\n请在“教职工加入”页面输入，7天内有效，仅可使用一次。`, showCancel: false });
    } catch (e) {
      void toastError(e);
    }
  }

  async function remove(s: Staff) {
    const answer = await Taro.showModal({ title: '删除教职工', content: `确定删除“${s.name}”吗？其教师身份将一并取消。`, confirmText: '删除', confirmColor: '#d4380d' });
    if (!answer.confirm) return;
    try {
      await school.deleteStaff(s._id);
      await staff.refresh();
    } catch (e) {
      void toastError(e);
    }
  }

  return (
    <>
      <Text className="ps-section-title">教职工（{staff.data?.length ?? 0}）</Text>
      <View className="ps-card" data-testid="staff-list">
        {staff.loading && !staff.data ? (
          <Loading />
        ) : staff.error && !staff.data ? (
          <ErrorState error={staff.error} onRetry={staff.refresh} />
        ) : (staff.data ?? []).length === 0 ? (
          <EmptyState title="还没有教职工" description="添加或用表格导入" />
        ) : (
          (staff.data ?? []).map((s) => (
            <View key={s._id} className="school-row">
              <View>
                <Text>{s.name}　</Text>
                <Text className="ps-muted">{s.positions.map((p) => positionText(p, grades)).join('、') || '管理员'}</Text>
                <View>
                  <Text className="ps-muted">{s.phone}{s.officeHours ? ` · 接待：${s.officeHours}` : ''}{s.linked ? ' · 已绑定微信' : ''}</Text>
                </View>
              </View>
              <View>
                {!s.linked ? <Text className="school-link" onClick={() => void invite(s)}>邀请　</Text> : null}
                <Text className="school-link school-link--danger" onClick={() => void remove(s)}>删除</Text>
              </View>
            </View>
          ))
        )}
      </View>
      <Text className="ps-section-title">添加教职工</Text>
      <View className="ps-card">
        <View className="school-field">
          <Input className="school-field__input" placeholder="姓名" value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} />
        </View>
        <View className="school-field">
          <Input className="school-field__input" placeholder="手机号" type="number" value={phone} maxlength={11} onInput={(e) => setPhone(e.detail.value)} />
        </View>
        <View className="school-field">
          <Text className="school-field__label">职务</Text>
          <Choice options={POSITIONS.map((p) => ({ value: p, label: p }))} value={title} onChange={(v) => setTitle(v as PositionTitle)} />
        </View>
        {NEEDS_CLASS.includes(title) ? (
          <View className="school-field">
            <Text className="school-field__label">班级</Text>
            <Choice options={classes} value={classId} onChange={setClassId} />
          </View>
        ) : null}
        {title === '年级主任' ? (
          <View className="school-field">
            <Text className="school-field__label">年级</Text>
            <Choice options={grades.map((g) => ({ value: g._id, label: g.name }))} value={gradeId} onChange={setGradeId} />
          </View>
        ) : null}
        {title === '任课教师' ? (
          <View className="school-field">
            <Input className="school-field__input" placeholder="学科，如：语文" value={subject} maxlength={20} onInput={(e) => setSubject(e.detail.value)} />
          </View>
        ) : null}
        <View className="school-field">
          <Input className="school-field__input" placeholder="接待时间，如：每周三 15:30-17:00（选填）" value={officeHours} maxlength={100} onInput={(e) => setOfficeHours(e.detail.value)} />
        </View>
        <Button block type="primary" disabled={busy || !name.trim() || phone.length !== 11} loading={busy} onClick={() => void add()}>
          添加
        </Button>
      </View>
    </>
  );
}

const ROLE_NAMES: Record<string, string> = { admin: '学校管理员', teacher: '教师', parent: '家长' };

/** Roles per school: who is 学校管理员 among the school's staff accounts. */
function RolesPanel({ schoolId, myUserId }: { schoolId: string; myUserId: string }) {
  const members = useAsync(() => school.listMembers(schoolId), [schoolId]);
  const [busy, setBusy] = useState<string | null>(null);

  async function toggleAdmin(userId: string, roles: string[]) {
    const next = roles.includes('admin') ? roles.filter((r) => r !== 'admin') : [...roles, 'admin'];
    setBusy(userId);
    try {
      await school.setMemberRoles({ schoolId, userId, roles: next as ('parent' | 'teacher' | 'admin')[] });
      await members.refresh();
      void Taro.showToast({ title: '已更新', icon: 'success' });
    } catch (e) {
      void toastError(e);
    } finally {
      setBusy(null);
    }
  }

  if (members.loading && !members.data) return <Loading />;
  if (members.error && !members.data) return <ErrorState error={members.error} onRetry={members.refresh} />;
  const list = members.data ?? [];
  return (
    <View className="ps-card" data-testid="members">
      <Text className="ps-muted">已绑定微信的教职工账号。教职工通过“邀请”加入后会出现在这里。</Text>
      {list.length === 0 ? (
        <EmptyState title="还没有教职工账号" description="在“教职工”中给老师发送邀请码" />
      ) : (
        list.map((m) => (
          <View key={m.userId} className="school-row">
            <View>
              <Text>{m.staffName ?? '未登记教职工'}{m.userId === myUserId ? '（我）' : ''}　</Text>
              <Text className="ps-muted">{m.roles.map((r) => ROLE_NAMES[r] ?? r).join('、')}</Text>
            </View>
            {m.userId !== myUserId ? (
              <Text className="school-link" onClick={() => void toggleAdmin(m.userId, m.roles)}>
                {busy === m.userId ? '处理中…' : m.roles.includes('admin') ? '取消管理员' : '设为管理员'}
              </Text>
            ) : null}
          </View>
        ))
      )}
    </View>
  );
}

async function pickXlsx(): Promise<{ name: string; base64: string } | null> {
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const f = res.tempFiles[0];
    return f ? { name: f.name, base64: await fileToBase64(f.path) } : null;
  }
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    input.setAttribute('data-testid', 'xlsx-file-input');
    input.style.display = 'none';
    input.onchange = async () => {
      const f = input.files?.[0];
      input.remove();
      resolve(f ? { name: f.name, base64: await fileToBase64(f) } : null);
    };
    document.body.appendChild(input);
    input.click();
  });
}

function ImportPanel({ schoolId, onDone }: { schoolId: string; onDone(): void }) {
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [errors, setErrors] = useState<{ row: number; column: string; message: string }[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(f: { name: string; base64: string }, dryRun: boolean) {
    setBusy(true);
    setFailure(null);
    setErrors([]);
    try {
      const r = await school.importStaff({ schoolId, base64: f.base64, dryRun });
      setPreview(r);
      if (!dryRun) {
        void Taro.showToast({ title: '导入成功', icon: 'success' });
        onDone();
      }
    } catch (e) {
      setPreview(null);
      const details = isCloudError(e) ? (e.details as { errors?: { row: number; column: string; message: string }[] } | undefined) : undefined;
      if (details?.errors) setErrors(details.errors);
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function choose() {
    try {
      const f = await pickXlsx();
      if (!f) return;
      setFile(f);
      await run(f, true);
    } catch {
      // the picker was closed
    }
  }

  return (
    <View className="ps-card" data-testid="import-panel">
      <Text className="school-field__label">表格第一行为列名：{IMPORT_COLUMNS.join('、')}。</Text>
      <Text className="ps-muted">一人多个职务可写“班主任、任课教师”或分多行；年级、班级不存在时会自动创建；按手机号匹配已有教职工。</Text>
      <View className="school-actions">
        <Button block type="primary" fill="outline" disabled={busy} onClick={() => void choose()} data-testid="import-choose">
          选择 .xlsx 文件
        </Button>
      </View>
      {file ? <Text className="ps-muted">已选择：{file.name}</Text> : null}
      <FailureAlert failure={failure} />
      {errors.length > 0 ? (
        <View data-testid="import-errors">
          {errors.map((e, i) => (
            <Text key={i} className="school-error">
              {e.row > 0 ? `第${e.row}行` : ''}{e.column ? `「${e.column}」` : ''}：{e.message}
            </Text>
          ))}
        </View>
      ) : null}
      {preview ? (
        <View data-testid="import-preview">
          <Text className="school-notice__h">
            {preview.dryRun ? '检查通过，将' : '已'}新增教职工 {preview.staffCreated} 人、更新 {preview.staffUpdated} 人，新增年级 {preview.gradesCreated} 个、班级 {preview.classesCreated} 个。
          </Text>
          {preview.dryRun && file ? (
            <Button block type="primary" loading={busy} disabled={busy} onClick={() => void run(file, false)} data-testid="import-confirm">
              确认导入
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
