/**
 * Pure rules of the 家长联络卡 (contact card), the publication of staff numbers, 家访 records and
 * 家委会: the order families need, fixed position labels, and who sees which number. Shared by the
 * server (which enforces them) and the app (which shows the same labels). No I/O.
 */
import type { ChildLink, Membership, Position, PositionTitle } from '../school/roles';
import { canSeeStaffPhone, holds, isSchoolAdmin, isStaff } from '../school/school.rules';
import { maskPhone } from '../common/privacy';

// ---------- who publishes which number ----------
/**
 * How a staff member's number reaches families. 'default' keeps the school's rule of old
 * (canSeeStaffPhone: leaders to every family, the 年级主任 to the grade, class teachers to the class).
 */
export const PUBLICATIONS = ['default', 'classes', 'school', 'hidden'] as const;
export type Publication = (typeof PUBLICATIONS)[number];

export const PUBLICATION_LABELS: Record<Publication, string> = {
  default: '按学校默认（校领导公开，其他老师仅本班家长可见）',
  classes: '仅我任教班级的家长',
  school: '全校家长',
  hidden: '不公开（家长经学校办公室转接）',
};

export const VIA_OFFICE = '请通过学校办公室转接';

/** The viewer of a card in one school: staff of that school, or a family with children there. */
export interface CardViewer {
  membership: Membership | null | undefined;
  /** The viewer's children (all schools; the rules keep those of the staff member's school). */
  children: ChildLink[];
}

export interface StaffLike {
  _id: string;
  schoolId: string;
  name: string;
  phone: string;
  positions: Position[];
  officeHours: string;
}

/** The classes and grades a staff member works in (their "classes" for publication). */
export function staffScope(positions: Position[]): { classIds: string[]; gradeIds: string[] } {
  const classIds = new Set<string>();
  const gradeIds = new Set<string>();
  for (const p of positions) {
    if ((p.title === '班主任' || p.title === '任课教师') && p.classId) classIds.add(p.classId);
    if (p.title === '年级主任' && p.gradeId) gradeIds.add(p.gradeId);
  }
  return { classIds: [...classIds], gradeIds: [...gradeIds] };
}

/**
 * Whether the viewer may read the staff member's number in full. Colleagues (staff of the same
 * school) always may: it is the school's internal directory. Families per the owner's choice.
 */
export function phoneVisible(viewer: CardViewer, staff: Pick<StaffLike, 'schoolId' | 'positions'>, publication: Publication = 'default'): boolean {
  const m = viewer.membership;
  if (!m || m.schoolId !== staff.schoolId) return false;
  if (isStaff(m)) return true;
  const mine = viewer.children.filter((c) => c.schoolId === staff.schoolId);
  if (mine.length === 0) return false;
  switch (publication) {
    case 'hidden':
      return false;
    case 'school':
      return true;
    case 'classes': {
      const scope = staffScope(staff.positions);
      return mine.some((c) => scope.classIds.includes(c.classId) || scope.gradeIds.includes(c.gradeId));
    }
    default:
      return canSeeStaffPhone(viewer, staff);
  }
}

export interface ShownPhone {
  /** The full number, only when the viewer may read it. */
  phone: string | null;
  /** What is shown otherwise: the masked number (not for a number kept unpublished). */
  phoneMasked: string | null;
  /** true: call the school office instead ("请通过学校办公室转接"). */
  viaOffice: boolean;
}

export function shownPhone(viewer: CardViewer, staff: StaffLike, publication: Publication = 'default'): ShownPhone {
  if (phoneVisible(viewer, staff, publication)) return { phone: staff.phone, phoneMasked: null, viaOffice: false };
  return { phone: null, phoneMasked: publication === 'hidden' || !staff.phone ? null : maskPhone(staff.phone), viaOffice: true };
}

/** Who may change a staff member's publication: the staff member themself, or a school admin. */
export function canSetPublication(m: Membership | null | undefined, staffId: string): boolean {
  if (!m) return false;
  return isSchoolAdmin(m) || (isStaff(m) && m.staffId === staffId);
}

// ---------- the card: order and labels ----------
export type CardGroup = 'head' | 'subject' | 'grade' | 'vice' | 'principal' | 'service';
export const CARD_GROUP_ORDER: CardGroup[] = ['head', 'subject', 'grade', 'vice', 'principal', 'service'];
export const CARD_GROUP_TITLES: Record<CardGroup, string> = {
  head: '班主任',
  subject: '任课教师',
  grade: '年级主任',
  vice: '分管副校长',
  principal: '校长',
  service: '学校服务',
};

/** The usual order of subjects on a card; others follow in the order of the Chinese collation. */
export const SUBJECT_ORDER = ['语文', '数学', '英语', '道德与法治', '科学', '物理', '化学', '生物', '历史', '地理', '体育', '体育与健康', '音乐', '美术', '信息科技', '劳动', '综合实践'];
const SERVICE_TITLES: PositionTitle[] = ['心理健康教师', '家庭教育指导教师'];

export interface CardClass {
  _id: string;
  gradeId: string;
  /** e.g. 三年级1班 */
  fullName: string;
  /** e.g. 三年级 */
  gradeName: string;
}

export interface CardEntry extends ShownPhone {
  staffId: string;
  name: string;
  group: CardGroup;
  label: string;
  officeHours: string;
}

export interface OtherEntry extends ShownPhone {
  staffId: string;
  name: string;
  label: string;
  officeHours: string;
}

function subjectRank(subject: string): number {
  const i = SUBJECT_ORDER.indexOf(subject);
  return i < 0 ? SUBJECT_ORDER.length : i;
}

const uniq = <T>(xs: T[]) => xs.filter((v, i, a) => a.indexOf(v) === i);

/**
 * A staff member's role on the card of one class: the group they are listed in (the first that
 * applies, in family order) and a fixed label naming only this class's positions; null when the
 * staff member has nothing to do with that class (then they belong behind 全校教职工).
 */
export function roleOnCard(positions: Position[], cls: CardClass): { group: CardGroup; label: string; sortKey: number } | null {
  const subjects = uniq(positions.filter((p) => p.title === '任课教师' && p.classId === cls._id && p.subject).map((p) => p.subject!)).sort(
    (a, b) => subjectRank(a) - subjectRank(b) || a.localeCompare(b, 'zh'),
  );
  const head = positions.some((p) => p.title === '班主任' && p.classId === cls._id);
  const director = positions.some((p) => p.title === '年级主任' && p.gradeId === cls.gradeId);
  const parts: string[] = [];
  let group: CardGroup | null = null;
  let sortKey = 0;
  const take = (g: CardGroup, label: string) => {
    if (!group) group = g;
    parts.push(label);
  };
  if (head) take('head', subjects.length ? `班主任 · ${subjects.join('、')}` : '班主任');
  if (!head && subjects.length) {
    take('subject', `${subjects.join('、')}老师（本班）`);
    sortKey = subjectRank(subjects[0]);
  }
  if (director) take('grade', `${cls.gradeName}年级主任`);
  if (positions.some((p) => p.title === '分管副校长')) take('vice', '分管副校长');
  if (positions.some((p) => p.title === '校长')) take('principal', '校长');
  for (const t of SERVICE_TITLES) {
    if (!positions.some((p) => p.title === t)) continue;
    if (!group) sortKey = SERVICE_TITLES.indexOf(t);
    take('service', t);
  }
  if (!group) return null;
  return { group, label: parts.join('、'), sortKey };
}

/**
 * The label of a staff member in the whole-school list: every position with its class or grade,
 * a subject taught in several classes said once ("英语老师（三年级1班、三年级2班）"), never blank.
 */
export function schoolLabel(positions: Position[], names: { classes: Record<string, string>; grades: Record<string, string> }): string {
  const parts: string[] = [];
  const cn = (id?: string) => (id && names.classes[id]) || '';
  const gn = (id?: string) => (id && names.grades[id]) || '';
  const order: PositionTitle[] = ['校长', '分管副校长', '年级主任', '班主任', '任课教师', '心理健康教师', '家庭教育指导教师'];
  for (const title of order) {
    const ps = positions.filter((p) => p.title === title);
    if (!ps.length) continue;
    if (title === '班主任') parts.push(...uniq(ps.map((p) => `${cn(p.classId)}班主任`)));
    else if (title === '年级主任') parts.push(...uniq(ps.map((p) => `${gn(p.gradeId)}年级主任`)));
    else if (title === '任课教师') {
      const bySubject = new Map<string, string[]>();
      for (const p of ps) {
        const s = p.subject || '任课';
        bySubject.set(s, uniq([...(bySubject.get(s) ?? []), cn(p.classId)].filter(Boolean)));
      }
      for (const [s, cls] of [...bySubject.entries()].sort((a, b) => subjectRank(a[0]) - subjectRank(b[0]))) {
        parts.push(cls.length ? `${s}老师（${cls.join('、')}）` : `${s}老师`);
      }
    } else parts.push(title);
  }
  return uniq(parts).join('、') || '教职工';
}

const LEADER_RANK: Record<string, number> = { 校长: 0, 分管副校长: 1, 年级主任: 2, 班主任: 3, 任课教师: 4, 心理健康教师: 5, 家庭教育指导教师: 6 };
const schoolRank = (ps: Position[]) => Math.min(99, ...ps.map((p) => LEADER_RANK[p.title] ?? 50));

export interface ClassCardInput {
  cls: CardClass;
  staff: StaffLike[];
  publications: Record<string, Publication>;
  viewer: CardViewer;
  names: { classes: Record<string, string>; grades: Record<string, string> };
}

/** The contacts of one class's card in family order, and the rest of the staff (全校教职工). */
export function buildClassCard(input: ClassCardInput): { entries: CardEntry[]; others: OtherEntry[] } {
  const entries: (CardEntry & { sortKey: number })[] = [];
  const others: (OtherEntry & { rank: number })[] = [];
  for (const s of input.staff) {
    const shown = shownPhone(input.viewer, s, input.publications[s._id] ?? 'default');
    const role = roleOnCard(s.positions, input.cls);
    if (role) entries.push({ staffId: s._id, name: s.name, group: role.group, label: role.label, officeHours: s.officeHours ?? '', sortKey: role.sortKey, ...shown });
    else others.push({ staffId: s._id, name: s.name, label: schoolLabel(s.positions, input.names), officeHours: s.officeHours ?? '', rank: schoolRank(s.positions), ...shown });
  }
  entries.sort(
    (a, b) => CARD_GROUP_ORDER.indexOf(a.group) - CARD_GROUP_ORDER.indexOf(b.group) || a.sortKey - b.sortKey || a.label.localeCompare(b.label, 'zh') || a.name.localeCompare(b.name, 'zh'),
  );
  others.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label, 'zh') || a.name.localeCompare(b.name, 'zh'));
  return {
    entries: entries.map(({ sortKey: _s, ...e }) => e),
    others: others.map(({ rank: _r, ...e }) => e),
  };
}

// ---------- 家访 (home visits) ----------
export const VISIT_FORMS = ['入户', '到校', '电话', '视频'] as const;
export type VisitForm = (typeof VISIT_FORMS)[number];

type M = Membership | null | undefined;

export const isLeader = (m: M) => holds(m, '校长') || holds(m, '分管副校长');

/** Record a visit for a class's families: the class's teachers (全员导师制), its 年级主任, leaders. */
export function canRecordVisit(m: M, cls: { _id: string; gradeId: string }): boolean {
  if (!isStaff(m)) return false;
  return holds(m, '班主任', { classId: cls._id }) || holds(m, '任课教师', { classId: cls._id }) || holds(m, '年级主任', { gradeId: cls.gradeId }) || isLeader(m);
}

/** Read every visit of a class, its coverage and 重点关注: the 班主任, the grade's 年级主任, leaders. */
export function canOverseeClass(m: M, cls: { _id: string; gradeId: string }): boolean {
  if (!isStaff(m)) return false;
  return holds(m, '班主任', { classId: cls._id }) || holds(m, '年级主任', { gradeId: cls.gradeId }) || isLeader(m);
}

/** One visit: the recording teacher, or whoever oversees the class. Never a family. */
export function canReadVisit(m: M, actorUserId: string, visit: { recordedBy: string; classId: string; gradeId: string }): boolean {
  if (!isStaff(m)) return false;
  return visit.recordedBy === actorUserId || canOverseeClass(m, { _id: visit.classId, gradeId: visit.gradeId });
}

/** Mark a family 重点关注 (一生一策): the class's 班主任 or a school leader only. */
export function canMarkFocus(m: M, cls: { _id: string }): boolean {
  if (!isStaff(m)) return false;
  return holds(m, '班主任', { classId: cls._id }) || isLeader(m);
}

export interface Coverage {
  total: number;
  visited: number;
  /** Children (families) not visited yet this school year. */
  missing: { childId: string; name: string }[];
  /** Per family: how many visits this school year. */
  visits: Record<string, number>;
}

/** A class's 家访 coverage for a school year: families visited at least once of all. */
export function coverageOf(children: { _id: string; name: string }[], visits: { childIds: string[] }[]): Coverage {
  const counts: Record<string, number> = {};
  for (const v of visits) for (const c of new Set(v.childIds)) counts[c] = (counts[c] ?? 0) + 1;
  const missing = children.filter((c) => !counts[c._id]).map((c) => ({ childId: c._id, name: c.name }));
  return {
    total: children.length,
    visited: children.length - missing.length,
    missing: missing.sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    visits: Object.fromEntries(children.map((c) => [c._id, counts[c._id] ?? 0])),
  };
}

// ---------- 家委会 ----------
export const COMMITTEE_LEVELS = ['class', 'grade', 'school'] as const;
export type CommitteeLevel = (typeof COMMITTEE_LEVELS)[number];
export const COMMITTEE_LEVEL_LABELS: Record<CommitteeLevel, string> = { class: '班级家委会', grade: '年级家委会', school: '学校家委会' };
export const COMMITTEE_ROLES = ['主任', '副主任', '秘书长', '委员'] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

/** Appoint / remove members: admins and leaders at every level; the 年级主任 for the grade; the 班主任 for the class. */
export function canManageCommittee(m: M, level: CommitteeLevel, scope: { classId?: string; gradeId?: string }): boolean {
  if (!isStaff(m)) return false;
  if (isSchoolAdmin(m) || isLeader(m)) return true;
  if (level === 'grade') return holds(m, '年级主任', { gradeId: scope.gradeId });
  if (level === 'class') return holds(m, '班主任', { classId: scope.classId }) || holds(m, '年级主任', { gradeId: scope.gradeId });
  return false;
}

/** The committees shown on a class's card: that class's, its grade's and the school's. */
export function committeeOnCard(member: { level: CommitteeLevel; classId?: string | null; gradeId?: string | null }, cls: { _id: string; gradeId: string }): boolean {
  if (member.level === 'school') return true;
  if (member.level === 'grade') return member.gradeId === cls.gradeId;
  return member.classId === cls._id;
}

/** Committee members in card order: class, grade, school; 主任 first. */
export function committeeSort(a: { level: CommitteeLevel; role: CommitteeRole }, b: { level: CommitteeLevel; role: CommitteeRole }): number {
  return COMMITTEE_LEVELS.indexOf(a.level) - COMMITTEE_LEVELS.indexOf(b.level) || COMMITTEE_ROLES.indexOf(a.role) - COMMITTEE_ROLES.indexOf(b.role);
}
