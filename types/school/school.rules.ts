/**
 * Pure rules of the school domain, shared by the server (which enforces them) and the app
 * (which greys out what the user may not do). No I/O, no SDK.
 */
import type { ChildLink, Membership, Position, PositionTitle } from './roles';
import { POSITIONS } from './roles';

// ---------- consent (PIPL art. 28/31) ----------
/** Version of the privacy notice + guardian consent text; bump it when the text changes. */
export const PRIVACY_VERSION = '2025.1';
/** Days between withdrawing consent and the deletion of that family's data. */
export const DELETION_GRACE_DAYS = 7;

export interface ConsentState {
  version: string;
  acceptedAt: Date;
  guardianConsent: boolean;
}

/** The user must (re)accept when there is no consent or it was given to an older text. */
export function needsConsent(consent: ConsentState | null | undefined, current = PRIVACY_VERSION): boolean {
  return !consent || consent.version !== current;
}

export function deletionDueAt(withdrawnAt: Date, graceDays = DELETION_GRACE_DAYS): Date {
  return new Date(withdrawnAt.getTime() + graceDays * 24 * 3600 * 1000);
}

// ---------- relations ----------
export const RELATIONS = ['父亲', '母亲', '祖父', '祖母', '外祖父', '外祖母', '其他监护人'] as const;
export type Relation = (typeof RELATIONS)[number];

/** How a guardian is called in a class: 王小明父亲. */
export function guardianLabel(childName: string, relation: string): string {
  return `${childName}${relation === '其他监护人' ? '家长' : relation}`;
}

/** Relations a child has only one of: a second 父亲 asking is worth a warning. */
const ONE_ONLY = new Set(['父亲', '母亲']);

/**
 * What a head teacher should know before confirming a guardian request: a child who already has a
 * 父亲 (or 母亲) asked for by a second one; null when nothing is odd.
 */
export function guardianRequestWarning(relation: string, existing: { relation: string }[]): string | null {
  if (ONE_ONLY.has(relation) && existing.some((g) => g.relation === relation)) {
    return `该孩子已有监护人“${relation}”，请先与家长核实是否为同一人或另一位家人，再确认`;
  }
  if (existing.length >= 4) return `该孩子已有 ${existing.length} 位监护人，请核实后再确认`;
  return null;
}

/** Names are compared without spaces (full-width or not) so that "王 小明" joins "王小明". */
/**
 * A child's name as stored and compared: spaces around Chinese characters dropped ("王 小明" →
 * "王小明"), one space kept between Latin words ("Tom  Lee" → "Tom Lee").
 */
export function normaliseChildName(name: string): string {
  // (no look-behind: older iOS WeChat engines lack it)
  const words = name.replace(/[\s\u3000]+/g, ' ').trim().split(' ');
  return words.reduce((out, w) => (out && /[A-Za-z]$/.test(out) && /^[A-Za-z]/.test(w) ? `${out} ${w}` : out + w), '');
}

// ---------- join codes ----------
/** No 0/O, 1/I/L: codes are read aloud and typed from a phone screen. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 6;

export function normaliseJoinCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function isWellFormedJoinCode(code: string): boolean {
  if (code.length !== JOIN_CODE_LENGTH) return false;
  return Array.from(code).every((c) => JOIN_CODE_ALPHABET.includes(c));
}

/** Formats for reading aloud: 'ABC234' → 'ABC 234'. */
export function formatJoinCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

export type JoinCodeStatus = 'active' | 'expired' | 'revoked';

export function joinCodeStatus(code: { expiresAt: Date; revokedAt?: Date | null }, now: Date): JoinCodeStatus {
  if (code.revokedAt) return 'revoked';
  if (now.getTime() >= new Date(code.expiresAt).getTime()) return 'expired';
  return 'active';
}

export type JoinCodeCheck = { ok: true } | { ok: false; code: 'JOIN_CODE_INVALID' | 'JOIN_CODE_EXPIRED' | 'JOIN_CODE_REVOKED' };

/** Validity of a code the user typed, given what the database holds for it (null: unknown code). */
export function checkJoinCode(
  typed: string,
  stored: { kind: 'class' | 'staff'; expiresAt: Date; revokedAt?: Date | null } | null,
  now: Date,
  expectedKind: 'class' | 'staff',
): JoinCodeCheck {
  if (!isWellFormedJoinCode(normaliseJoinCode(typed)) || !stored || stored.kind !== expectedKind) return { ok: false, code: 'JOIN_CODE_INVALID' };
  const status = joinCodeStatus(stored, now);
  if (status === 'revoked') return { ok: false, code: 'JOIN_CODE_REVOKED' };
  if (status === 'expired') return { ok: false, code: 'JOIN_CODE_EXPIRED' };
  return { ok: true };
}

// ---------- who may do what ----------
type M = Membership | undefined | null;

export function isSchoolAdmin(m: M): boolean {
  return !!m && m.roles.includes('admin');
}

export function isStaff(m: M): boolean {
  return !!m && (m.roles.includes('teacher') || m.roles.includes('admin'));
}

export function holds(m: M, title: PositionTitle, where: { classId?: string; gradeId?: string } = {}): boolean {
  if (!m) return false;
  return m.positions.some(
    (p) => p.title === title && (where.classId === undefined || p.classId === where.classId) && (where.gradeId === undefined || p.gradeId === where.gradeId),
  );
}

/** Create / revoke join codes, see and remove guardians: the class's 班主任 or a school admin. */
export function canManageClass(m: M, classId: string): boolean {
  return isSchoolAdmin(m) || (isStaff(m) && holds(m, '班主任', { classId }));
}

/** Read a class roster: managers, school leaders, the grade's 年级主任, the class's teachers. */
export function canViewClass(m: M, cls: { _id: string; gradeId: string }): boolean {
  if (!isStaff(m)) return false;
  if (canManageClass(m, cls._id)) return true;
  if (holds(m, '校长') || holds(m, '分管副校长')) return true;
  if (holds(m, '年级主任', { gradeId: cls.gradeId })) return true;
  return holds(m, '任课教师', { classId: cls._id });
}

/**
 * Who sees a class's children by their full names (the class roster, class statistics): exactly
 * who canViewClass lets in, said the way the privacy notice says it (the notice quotes this, and a
 * test holds the two together). Guardians see their own child.
 */
export const CLASS_ROSTER_VIEWERS: { who: string; membership: Membership }[] = [
  { who: '本班班主任', membership: { schoolId: '', roles: ['teacher'], positions: [{ title: '班主任', classId: '$class' }] } },
  { who: '本班任课教师', membership: { schoolId: '', roles: ['teacher'], positions: [{ title: '任课教师', classId: '$class', subject: '语文' }] } },
  { who: '本年级年级主任', membership: { schoolId: '', roles: ['teacher'], positions: [{ title: '年级主任', gradeId: '$grade' }] } },
  { who: '校长', membership: { schoolId: '', roles: ['teacher'], positions: [{ title: '校长' }] } },
  { who: '分管副校长', membership: { schoolId: '', roles: ['teacher'], positions: [{ title: '分管副校长' }] } },
  { who: '学校管理员', membership: { schoolId: '', roles: ['admin'], positions: [] } },
];

/**
 * The notice's sentence on who sees a child's name: the guardians, the class roster's viewers
 * (CLASS_ROSTER_VIEWERS), and the staff who run a course the family enrolled in (its enrolment and
 * attendance lists); never other parents.
 */
export function childNameVisibilityText(): string {
  const who = CLASS_ROSTER_VIEWERS.map((v) => v.who);
  return `孩子姓名向孩子的监护人显示；班级名单向${who.slice(0, -1).join('、')}和${who[who.length - 1]}显示；您报名的课程，其报名与签到名单向组织该课程的本校老师显示。孩子姓名不向其他家长显示。`;
}

/** Grades, classes, staff, roles and imports: school admins only. */
export function canManageSchool(m: M): boolean {
  return isSchoolAdmin(m);
}

/** Positions whose phone the school publishes to every parent (家长联络卡). */
export const PUBLISHED_POSITIONS: PositionTitle[] = ['校长', '分管副校长'];

/**
 * Whether the viewer sees a staff member's full phone number. Staff of the same school and the
 * admins see all; a parent sees the numbers on their 家长联络卡: school leaders, the 年级主任 of
 * their child's grade and the 班主任 / 任课教师 of their child's class. Everyone else: masked.
 */
export function canSeeStaffPhone(viewer: { membership: M; children: ChildLink[] }, staff: { schoolId: string; positions: Position[] }): boolean {
  const m = viewer.membership;
  if (!m || m.schoolId !== staff.schoolId) return false;
  if (isStaff(m)) return true;
  const mine = viewer.children.filter((c) => c.schoolId === staff.schoolId);
  if (mine.length === 0) return false;
  return staff.positions.some((p) => {
    if (PUBLISHED_POSITIONS.includes(p.title)) return true;
    if (p.title === '年级主任') return mine.some((c) => c.gradeId === p.gradeId);
    if (p.title === '班主任' || p.title === '任课教师') return mine.some((c) => c.classId === p.classId);
    return false;
  });
}

// ---------- positions ----------
export interface PositionProblem {
  index: number;
  message: string;
}

/** A position must say where it applies: 年级主任 → grade; 班主任 → class; 任课教师 → class and subject. */
export function positionProblems(positions: Position[]): PositionProblem[] {
  const out: PositionProblem[] = [];
  positions.forEach((p, index) => {
    if (p.title === '年级主任' && !p.gradeId) out.push({ index, message: '年级主任需要指定年级' });
    if (p.title === '班主任' && !p.classId) out.push({ index, message: '班主任需要指定班级' });
    if (p.title === '任课教师' && (!p.classId || !p.subject)) out.push({ index, message: '任课教师需要指定班级和学科' });
  });
  const seen = new Set<string>();
  positions.forEach((p, index) => {
    const key = `${p.title}|${p.gradeId ?? ''}|${p.classId ?? ''}|${p.subject ?? ''}`;
    if (seen.has(key)) out.push({ index, message: '职务重复' });
    seen.add(key);
  });
  return out;
}

// ---------- grades ----------
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const ALIASES: Record<string, number> = { 初一: 7, 初二: 8, 初三: 9, 高一: 10, 高二: 11, 高三: 12 };

/** Sort order of a grade from its Chinese name: 三年级 → 3, 初一 → 7, 十二年级 → 12; unknown → 99. */
export function gradeOrderFromName(name: string): number {
  const n = name.trim();
  if (ALIASES[n] !== undefined) return ALIASES[n];
  const m = /^(\d{1,2}|[一二三四五六七八九十]{1,3})年级$/.exec(n);
  if (!m) return 99;
  const s = m[1];
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1) return CN_DIGITS[s];
  if (s.startsWith('十')) return 10 + (CN_DIGITS[s[1]] ?? 0);
  return 99;
}

// ---------- spreadsheet import of staff and classes ----------
/** Columns of the import sheet, in order (the first row holds these headers). */
export const IMPORT_COLUMNS = ['姓名', '手机号', '职务', '年级', '班级', '学科', '接待时间'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export interface ParsedPosition {
  title: PositionTitle;
  gradeName?: string;
  className?: string;
  subject?: string;
}

export interface ParsedStaffRow {
  row: number;
  name: string;
  phone: string;
  officeHours: string;
  positions: ParsedPosition[];
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** Positions in one cell: '班主任、任课教师' (separators 、,，/ ; space). */
export function splitPositions(cell: string): string[] {
  return cell
    .split(/[、,，/;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses one data row (cells keyed by header). Pure; the service resolves grade/class names. */
export function parseImportRow(row: number, cells: Partial<Record<ImportColumn, string>>): { value?: ParsedStaffRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const get = (c: ImportColumn) => (cells[c] ?? '').toString().trim();
  const name = get('姓名');
  const phone = get('手机号').replace(/[\s-]/g, '');
  const gradeName = get('年级');
  const className = get('班级');
  const subject = get('学科');
  if (!name) errors.push({ row, column: '姓名', message: '姓名不能为空' });
  else if (name.length > 20) errors.push({ row, column: '姓名', message: '姓名过长' });
  if (!/^1[3-9]\d{9}$/.test(phone)) errors.push({ row, column: '手机号', message: '手机号应为11位数字' });
  const titles = splitPositions(get('职务'));
  if (titles.length === 0) errors.push({ row, column: '职务', message: '职务不能为空' });
  const positions: ParsedPosition[] = [];
  for (const t of titles) {
    if (!(POSITIONS as readonly string[]).includes(t)) {
      errors.push({ row, column: '职务', message: `不认识的职务“${t}”，可填：${POSITIONS.join('、')}` });
      continue;
    }
    const title = t as PositionTitle;
    if (title === '年级主任') {
      if (!gradeName) errors.push({ row, column: '年级', message: '年级主任需要填写年级' });
      else positions.push({ title, gradeName });
    } else if (title === '班主任' || title === '任课教师') {
      if (!gradeName) errors.push({ row, column: '年级', message: `${title}需要填写年级` });
      if (!className) errors.push({ row, column: '班级', message: `${title}需要填写班级` });
      if (title === '任课教师' && !subject) errors.push({ row, column: '学科', message: '任课教师需要填写学科' });
      if (gradeName && className && (title === '班主任' || subject)) positions.push({ title, gradeName, className, subject: title === '任课教师' ? subject : undefined });
    } else {
      positions.push({ title });
    }
  }
  if (gradeName && gradeName.length > 20) errors.push({ row, column: '年级', message: '年级名称过长' });
  if (className && className.length > 20) errors.push({ row, column: '班级', message: '班级名称过长' });
  const officeHours = get('接待时间');
  if (officeHours.length > 100) errors.push({ row, column: '接待时间', message: '接待时间过长（最多100字）' });
  if (errors.length) return { errors };
  return { value: { row, name, phone, officeHours, positions }, errors };
}

/**
 * Rows with the same phone are one person holding several positions; a phone used with two
 * different names is an error (row-level, on the later row).
 */
export function mergeImportRows(rows: ParsedStaffRow[]): { staff: ParsedStaffRow[]; errors: RowError[] } {
  const byPhone = new Map<string, ParsedStaffRow>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const prev = byPhone.get(r.phone);
    if (!prev) {
      byPhone.set(r.phone, { ...r, positions: [...r.positions] });
      continue;
    }
    if (prev.name !== r.name) {
      errors.push({ row: r.row, column: '手机号', message: `手机号与第${prev.row}行重复，但姓名不同` });
      continue;
    }
    for (const p of r.positions) {
      if (!prev.positions.some((q) => q.title === p.title && q.gradeName === p.gradeName && q.className === p.className && q.subject === p.subject)) prev.positions.push(p);
    }
    if (!prev.officeHours && r.officeHours) prev.officeHours = r.officeHours;
  }
  return { staff: [...byPhone.values()], errors };
}

// ---------- guessing join codes ----------
/** Wrong codes allowed per user within the window before further tries are refused. */
export const JOIN_CODE_MAX_FAILURES = 10;
export const JOIN_CODE_FAILURE_WINDOW_MS = 3600_000;

export interface AttemptState {
  count: number;
  windowStart: Date;
}

/** Whether a user may try another code now. */
export function mayTryJoinCode(state: AttemptState | null, now: Date): boolean {
  if (!state) return true;
  if (now.getTime() - new Date(state.windowStart).getTime() >= JOIN_CODE_FAILURE_WINDOW_MS) return true;
  return state.count < JOIN_CODE_MAX_FAILURES;
}

/** The state after one more wrong code. */
export function afterFailedAttempt(state: AttemptState | null, now: Date): AttemptState {
  if (!state || now.getTime() - new Date(state.windowStart).getTime() >= JOIN_CODE_FAILURE_WINDOW_MS) return { count: 1, windowStart: now };
  return { count: state.count + 1, windowStart: new Date(state.windowStart) };
}
