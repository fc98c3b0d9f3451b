/**
 * The lists behind the figures (a figure's `drill`), paged with server/core/page-cursor. Never
 * for alliance scopes (member schools' families are not the lead school's to see); cases only for
 * school leaders; no phone numbers, no case descriptions, no visit notes, no 重点关注 flags.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findAll, findByIds } from '../core/persistence';
import { encodePageCursor, pageCursorOf, type PageCursor } from '../core/page-cursor';
import { loadSettings } from '../credit/credit.service';
import { profileFor, starLevelFor, stars, type TermInfo } from '../../types/credit/credit.rules';
import type { Totals } from '../../types/credit/credit.schema';
import { formatDate, formatDateTime, shanghai } from '../../types/common/time';
import type { DrillList, DrillListInput, DrillListOutput, DrillRow, Scope } from '../../types/oversight/oversight.schema';
import { familyGoal, isSchoolLeader, scopeShowsPersonalData, termSlot } from '../../types/oversight/oversight.rules';
import { classIdsOf, requireScope, type Layout } from './access';
import { heldReceptionDays, heldSessions, noticeCoversClass, termNotices } from './figures';
import { COLLECTIVE_MIN_MINUTES, PARENT_MEETING_CATEGORY, resolveTerm } from './dashboard.service';
import { FAMILY_YEARS, familyYearId, type FamilyYearDoc } from './model';

const TITLES: Record<DrillList, string> = {
  familiesBelowGoal: '未达到学时要求的家庭',
  familiesMeetingGoal: '已达到学时要求的家庭',
  sessions: '已开展的指导服务',
  parentMeetings: '家长会',
  receptionDays: '已开放的接待日',
  receptions: '接待的家庭',
  notices: '本学期通知阅读情况',
  familiesNotVisited: '本学年尚未家访的家庭',
  visits: '家访记录',
  certificates: '已颁发的结业证书',
  familiesByStar: '星级家庭',
  openSuggestions: '待处理的意见建议',
  overdueFollowUps: '逾期未跟进的事项',
};

/** Id-ordered lists carry a fixed time in the cursor. */
const ID_ORDER_T = 946684800000;
const ZERO: Totals = { hours: 0, sessions: 0, collective: 0 };
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

interface Page {
  items: DrillRow[];
  total: number;
  next: PageCursor | null;
}

/** Pages an in-memory list sorted by (t desc, id asc). */
function pageOf<T>(all: T[], key: (x: T) => PageCursor, row: (x: T) => DrillRow, cursor: PageCursor | null, limit: number): Page {
  const sorted = [...all].sort((a, b) => key(b).t - key(a).t || key(a).i.localeCompare(key(b).i));
  const start = cursor ? sorted.findIndex((x) => key(x).t < cursor.t || (key(x).t === cursor.t && key(x).i > cursor.i)) : 0;
  const from = start < 0 ? sorted.length : start;
  const slice = sorted.slice(from, from + limit);
  const more = from + limit < sorted.length;
  return { items: slice.map(row), total: sorted.length, next: more && slice.length ? key(slice[slice.length - 1]) : null };
}

function className(layout: Layout, id: string): string {
  return layout.classes.find((c) => c._id === id)?.name ?? '';
}

type FamilyFilter = (f: { met: boolean; level: number; visits: number }) => boolean;

async function familyPage(db: Database, layout: Layout, scope: Scope, term: TermInfo, list: DrillList, level: number | undefined, cursor: PageCursor | null, limit: number): Promise<Page> {
  const settings = await loadSettings(db, scope.schoolId, term.schoolYear);
  const profile = profileFor(settings.profileId, settings.customRequirements);
  const slot = termSlot(term.term);
  const keep: FamilyFilter =
    list === 'familiesBelowGoal' ? (f) => !f.met : list === 'familiesMeetingGoal' ? (f) => f.met : list === 'familiesNotVisited' ? (f) => f.visits === 0 : (f) => f.level === (level ?? 0);
  const classIds = classIdsOf(layout, scope);
  const _ = db.command;
  const where = scope.kind === 'school' ? { schoolId: scope.schoolId } : { classId: _.in(classIds) };
  // The scope's children (a class: ~50; a school: a few thousand, read with three fields only).
  const children = await findAll<{ _id: string; name: string; classId: string }>(db, 'children', where, 100000);
  children.sort((a, b) => a._id.localeCompare(b._id));
  const rollups = new Map<string, FamilyYearDoc>();
  const ids = children.map((c) => familyYearId(term.schoolYear, c._id));
  // Rollups of the scope in one aggregate-free pass: by class (small) or the school's year.
  const docs = await findAll<FamilyYearDoc>(db, FAMILY_YEARS, scope.kind === 'class' ? { classId: scope.classId, schoolYear: term.schoolYear } : scope.kind === 'grade' ? { gradeId: scope.gradeId, schoolYear: term.schoolYear } : { schoolId: scope.schoolId, schoolYear: term.schoolYear }, 100000);
  for (const d of docs) rollups.set(d._id, d);
  // Rollups under another class than the roster's (a move not yet recounted): fetch by id.
  const missing = ids.filter((id) => !rollups.has(id));
  if (missing.length && missing.length <= 500) for (const d of await findByIds<FamilyYearDoc>(db, FAMILY_YEARS, missing)) rollups.set(d._id, d);
  const rows = children
    .map((c) => {
      const d = rollups.get(familyYearId(term.schoolYear, c._id));
      const t = d?.[slot] ?? ZERO;
      const y = d?.year ?? ZERO;
      const goal = familyGoal(profile, t, y);
      return { c, t, y, goal, met: goal.met, level: starLevelFor(y, settings.thresholds).level, visits: d?.visits ?? 0 };
    })
    .filter((f) => keep(f));
  return pageOf(
    rows,
    (f) => ({ t: ID_ORDER_T, i: f.c._id }),
    (f) => ({
      id: f.c._id,
      title: f.c.name,
      detail: `${className(layout, f.c.classId)} · 本学期 ${fmt(f.t.hours)} 课时、${fmt(f.t.sessions)} 次${list === 'familiesBelowGoal' && f.goal.missing.length ? ` · ${f.goal.missing.join('；')}` : ''}`,
      at: null,
      badge: list === 'familiesByStar' ? stars(f.level) || '未评星' : list === 'familiesNotVisited' ? '未家访' : f.met ? '已达到' : '未达到',
      familyId: f.c._id,
      classId: f.c.classId,
    }),
    cursor,
    limit,
  );
}

export async function drillList(ctx: Ctx, input: DrillListInput): Promise<DrillListOutput> {
  const { scope } = input;
  if (!scopeShowsPersonalData(scope)) fail('OVERSIGHT_LIST_NOT_AVAILABLE');
  const access = await requireScope(ctx, scope);
  const leader = isSchoolLeader(access.membership);
  if ((input.list === 'openSuggestions' || input.list === 'overdueFollowUps') && !leader) fail('FORBIDDEN');
  const term = resolveTerm(input.term, ctx.now);
  const cursor = pageCursorOf(input.cursor);
  const { layout } = access;
  const db = ctx.db;
  const classIds = classIdsOf(layout, scope);
  const inScope = new Set(classIds);
  const classesInScope = layout.classes.filter((c) => inScope.has(c._id));
  const _ = db.command;
  let page: Page;
  switch (input.list) {
    case 'familiesBelowGoal':
    case 'familiesMeetingGoal':
    case 'familiesNotVisited':
    case 'familiesByStar':
      page = await familyPage(db, layout, scope, term, input.list, input.filter?.level, cursor, input.limit);
      break;
    case 'sessions': {
      const form = input.filter?.form;
      const all = (await heldSessions(db, layout, scope, classIds, term, ctx.now)).filter((s) => !form || (s.form === form && (form !== '集体授课' || s.minutes >= COLLECTIVE_MIN_MINUTES)));
      page = pageOf(all, (s) => ({ t: s.startAt.getTime(), i: s.sessionId }), (s) => ({ id: s.sessionId, title: s.title, detail: `${s.form} · ${s.minutes} 分钟`, at: s.startAt.toISOString(), badge: s.form }), cursor, input.limit);
      break;
    }
    case 'parentMeetings':
    case 'notices': {
      const notices = (await termNotices(db, scope.schoolId, term, ctx.now)).filter((n) => (scope.kind === 'school' || classesInScope.some((c) => noticeCoversClass(n, c))) && (input.list === 'notices' || n.category === PARENT_MEETING_CATEGORY));
      page = pageOf(
        notices,
        (n) => ({ t: new Date(n.sendAt).getTime(), i: n._id }),
        (n) => ({ id: n._id, title: n.title, detail: `${n.audienceLabel} · 已读 ${n.counts?.read ?? 0}/${n.counts?.recipients ?? 0}`, at: new Date(n.sendAt).toISOString(), badge: n.category }),
        cursor,
        input.limit,
      );
      break;
    }
    case 'receptionDays': {
      const days = await heldReceptionDays(db, scope, layout, term, ctx.now);
      page = pageOf(days, (d) => ({ t: shanghai(`${d.date}T12:00:00+08:00`).valueOf(), i: d._id }), (d) => ({ id: d._id, title: d.title, detail: `${d.date} ${d.startTime}–${d.endTime}`, at: shanghai(`${d.date}T${d.startTime}:00+08:00`).toISOString(), badge: null }), cursor, input.limit);
      break;
    }
    case 'receptions': {
      const days = await heldReceptionDays(db, scope, layout, term, ctx.now);
      const dayIds = days.map((d) => d._id);
      const bookings = dayIds.length ? await findAll<{ _id: string; dayId: string; familyId: string; classId: string; slotStartAt: Date }>(db, 'reception_bookings', { dayId: _.in(dayIds), status: 'arrived' }, 20000) : [];
      const mine = bookings.filter((b) => scope.kind === 'school' || inScope.has(b.classId));
      const names = new Map((await findByIds<{ _id: string; name: string }>(db, 'children', [...new Set(mine.map((b) => b.familyId))])).map((c) => [c._id, c.name]));
      page = pageOf(mine, (b) => ({ t: new Date(b.slotStartAt).getTime(), i: b._id }), (b) => ({ id: b._id, title: names.get(b.familyId) ?? '家庭', detail: `${className(layout, b.classId)} · ${formatDateTime(b.slotStartAt)}`, at: new Date(b.slotStartAt).toISOString(), badge: '已接待', familyId: b.familyId, classId: b.classId }), cursor, input.limit);
      break;
    }
    case 'visits': {
      const where = scope.kind === 'school' ? { schoolId: scope.schoolId, schoolYear: term.schoolYear } : { schoolId: scope.schoolId, schoolYear: term.schoolYear, classId: _.in(classIds) };
      const visits = await findAll<{ _id: string; classId: string; date: string; form: string; childIds: string[] }>(db, 'home_visits', where, 20000);
      page = pageOf(visits, (v) => ({ t: shanghai(`${v.date}T12:00:00+08:00`).valueOf(), i: v._id }), (v) => ({ id: v._id, title: `${className(layout, v.classId)}家访`, detail: `${v.date} · ${v.form} · ${v.childIds.length} 个家庭`, at: shanghai(`${v.date}T12:00:00+08:00`).toISOString(), badge: v.form, classId: v.classId }), cursor, input.limit);
      break;
    }
    case 'certificates': {
      const where: Record<string, unknown> = { schoolId: scope.schoolId, schoolYear: term.schoolYear, status: 'valid' };
      if (scope.kind !== 'school') where.classId = _.in(classIds);
      const certs = await findAll<{ _id: string; familyId: string; classId: string; number?: string; issuedAt?: Date; claimedAt: Date }>(db, 'certificates', where, 20000);
      const names = new Map((await findByIds<{ _id: string; name: string }>(db, 'children', [...new Set(certs.map((c) => c.familyId))])).map((c) => [c._id, c.name]));
      page = pageOf(certs, (c) => ({ t: new Date(c.issuedAt ?? c.claimedAt).getTime(), i: c._id }), (c) => ({ id: c._id, title: names.get(c.familyId) ?? '家庭', detail: `${className(layout, c.classId)} · 证书编号 ${c.number ?? '—'}`, at: new Date(c.issuedAt ?? c.claimedAt).toISOString(), badge: null, familyId: c.familyId, classId: c.classId }), cursor, input.limit);
      break;
    }
    case 'openSuggestions':
    case 'overdueFollowUps': {
      const where: Record<string, unknown> = { schoolId: scope.schoolId, status: _.in(['open', 'answered', 'reopened']) };
      if (scope.kind !== 'school') where.classId = _.in(classIds);
      if (input.list === 'openSuggestions') where.kind = 'suggestion';
      else where.dueAt = _.lt(ctx.now);
      const cases = await findAll<{ _id: string; classId: string; topic: string; kind: string; status: string; dueAt: Date | null; createdAt: Date }>(db, 'reception_cases', where, 5000);
      page = pageOf(
        cases,
        (c) => ({ t: new Date(c.createdAt).getTime(), i: c._id }),
        (c) => ({ id: c._id, title: `${c.kind === 'suggestion' ? '意见建议' : '接待事项'} · ${c.topic}`, detail: `${className(layout, c.classId)}${c.dueAt ? ` · 期限 ${formatDate(c.dueAt)}` : ''}`, at: new Date(c.createdAt).toISOString(), badge: c.dueAt && new Date(c.dueAt) < ctx.now ? '逾期' : c.status === 'reopened' ? '重新打开' : '处理中', classId: c.classId }),
        cursor,
        input.limit,
      );
      break;
    }
  }
  const where = scope.kind === 'grade' ? `（${layout.grades.find((g) => g._id === scope.gradeId)?.name ?? ''}）` : scope.kind === 'class' ? `（${className(layout, scope.classId)}）` : '';
  return { list: input.list, scope, term: term.term, title: `${TITLES[input.list]}${where}`, total: page.total, items: page.items, nextCursor: page.next ? encodePageCursor(page.next) : null };
}
