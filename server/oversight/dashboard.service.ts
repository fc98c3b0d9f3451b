/**
 * The dashboard of one scope and term: figures against the school's policy profile, the star
 * distribution, the month trend and the side-by-side rows. Families' figures come from the
 * rollups (summed in the database), the rest from small indexed collections (figures.ts).
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { loadSettings } from '../credit/credit.service';
import { profileFor, termLabel, termOf, type TermInfo } from '../../types/credit/credit.rules';
import type { PolicyProfile, StarThresholds } from '../../types/credit/credit.schema';
import { shanghai } from '../../types/common/time';
import { COURSE_FORMS } from '../../types/course/course.schema';
import {
  FIGURE_LABELS,
  type DashboardInput,
  type DashboardOutput,
  type Drill,
  type DrillFilter,
  type DrillList,
  type Figure,
  type FigureBreakdownItem,
  type FigureKey,
  type Scope,
  type TrendPoint,
  type UnitRow,
} from '../../types/oversight/oversight.schema';
import { figureMet, isSchoolLeader, monthsOfTerm as termMonths, schoolTargets, termInfoOf, type FigureTarget } from '../../types/oversight/oversight.rules';
import { classIdsOf, loadLayout, requireScope, type Layout } from './access';
import { caseCounts, certificatesIssued, familiesPerClass, familiesReceived, heldReceptionDays, heldSessions, noticeCoversClass, readCounts, termNotices } from './figures';
import { sumRollups, type ClassSum } from './rollup-sum';
import { healDirty } from './heal';

const UNITS: Record<FigureKey, string> = {
  familiesMeetingGoal: '户',
  sessionsHeld: '场',
  collectiveHeld: '场',
  parentMeetings: '次',
  receptionDays: '天',
  familiesReceived: '户',
  noticeReadRate: '%',
  visitCoverage: '户',
  certificatesIssued: '户',
  openSuggestions: '件',
  overdueFollowUps: '件',
};

export const PARENT_MEETING_CATEGORY = '家长会';
/** A 集体授课 counts toward Jiangmen's requirement from 45 minutes on. */
export const COLLECTIVE_MIN_MINUTES = 45;

export function resolveTerm(term: string | undefined, now: Date): TermInfo {
  const t = term ? termInfoOf(term) : termOf(now);
  if (!t) fail('VALIDATION_FAILED', [{ path: 'term', message: '学期格式应为 2025-2026-1' }]);
  return t;
}

export interface ScopeFigures {
  out: DashboardOutput;
  /** the same figures keyed, for the alliance's merge */
  byKey: Map<FigureKey, Figure>;
}

interface Opts {
  /** false: no lists behind figures (alliance views never name member families) */
  drills: boolean;
  /** leaders see cases' lists and the cases hidden from class teachers */
  leader: boolean;
}

function rowMatch(scope: Scope, schoolYear: string): Record<string, unknown> {
  if (scope.kind === 'class') return { classId: scope.classId, schoolYear };
  if (scope.kind === 'grade') return { gradeId: scope.gradeId, schoolYear, schoolId: scope.schoolId };
  return { schoolId: scope.schoolId, schoolYear };
}

function scopeLabelOf(layout: Layout, scope: Scope): string {
  const parts = [layout.schoolName];
  if (scope.kind === 'grade') parts.push(layout.grades.find((g) => g._id === scope.gradeId)?.name ?? '');
  if (scope.kind === 'class') {
    const c = layout.classes.find((x) => x._id === scope.classId);
    const g = layout.grades.find((x) => x._id === c?.gradeId);
    if (g) parts.push(g.name);
    parts.push(c?.name ?? '');
  }
  if (scope.kind === 'alliance') parts.splice(0, 1, layout.alliance?.name ?? '教联体');
  return parts.filter(Boolean).join(' · ');
}

function figure(key: FigureKey, value: number, of: number | null, t: FigureTarget | undefined, drill: Drill | null, breakdown?: FigureBreakdownItem[]): Figure {
  const rate = of !== null && of > 0 ? value / of : of === null ? null : 0;
  return { key, label: FIGURE_LABELS[key], value, unit: UNITS[key], of, rate, target: t?.target ?? null, targetText: t?.text ?? null, met: figureMet(key, value, rate, t), drill, ...(breakdown ? { breakdown } : {}) };
}

/** Figures of a school / grade / class scope (no access check: callers check). */
export async function scopeFigures(db: Database, layout: Layout, scope: Scope, term: TermInfo, now: Date, opts: Opts): Promise<ScopeFigures> {
  const schoolYear = term.schoolYear;
  const classIds = classIdsOf(layout, scope);
  const inScope = new Set(classIds);
  const classesInScope = layout.classes.filter((c) => inScope.has(c._id));
  // Every query starts at once; only the rollup sum waits (for the settings and the heal of the
  // scope's dirty rollups), and the read counts / families received for the notices / days.
  const settingsP = loadSettings(db, scope.schoolId, schoolYear);
  const healed = healDirty(db, scope.schoolId, schoolYear, scope.kind === 'school' ? null : inScope, now);
  const noticesP = termNotices(db, scope.schoolId, term, now).then((notices) => (scope.kind === 'school' ? notices : notices.filter((n) => classesInScope.some((c) => noticeCoversClass(n, c)))));
  const daysP = heldReceptionDays(db, scope, layout, term, now);
  const [settings, perClass, sums, sessions, scopedNotices, reads, days, received, cases, certs] = await Promise.all([
    settingsP,
    familiesPerClass(db, scope, classIds),
    Promise.all([settingsP, healed]).then(([st]) => sumRollups(db, rowMatch(scope, schoolYear), profileFor(st.profileId, st.customRequirements), st.thresholds, term.term)),
    heldSessions(db, layout, scope, classIds, term, now),
    noticesP,
    noticesP.then((notices) => readCounts(db, scope, classIds, notices, term)),
    daysP,
    daysP.then((ds) => familiesReceived(db, scope, ds.map((d) => d._id), classIds)),
    caseCounts(db, scope, classIds, opts.leader, now),
    certificatesIssued(db, scope, classIds, schoolYear),
  ]);
  const profile: PolicyProfile = profileFor(settings.profileId, settings.customRequirements);
  const thresholds: StarThresholds = settings.thresholds;

  const sumBy = new Map<string, ClassSum>(sums.filter((s) => inScope.has(s.classId)).map((s) => [s.classId, s]));
  const familiesOf = (ids: string[]) => ids.reduce((a, id) => a + (perClass.get(id) ?? 0), 0);
  const pick = (ids: string[], f: (s: ClassSum) => number) => ids.reduce((a, id) => a + (sumBy.has(id) ? f(sumBy.get(id)!) : 0), 0);
  // A rollup of a child no longer on the roster must not make "met" exceed the families.
  const metOf = (ids: string[]) => ids.reduce((a, id) => a + Math.min(perClass.get(id) ?? 0, sumBy.get(id)?.met ?? 0), 0);
  const visitedOf = (ids: string[]) => ids.reduce((a, id) => a + Math.min(perClass.get(id) ?? 0, sumBy.get(id)?.visited ?? 0), 0);

  const families = familiesOf(classIds);
  const met = metOf(classIds);
  const visited = visitedOf(classIds);
  const targets = schoolTargets(profile);
  const drill = (list: DrillList, filter?: DrillFilter): Drill | null => (opts.drills ? { list, scope, term: term.term, ...(filter ? { filter } : {}) } : null);
  const caseDrill = (list: DrillList) => (opts.leader ? drill(list) : null);

  const byForm = new Map<string, number>();
  for (const s of sessions) byForm.set(s.form, (byForm.get(s.form) ?? 0) + 1);
  const collective = sessions.filter((s) => s.form === '集体授课' && s.minutes >= COLLECTIVE_MIN_MINUTES).length;
  const formBreakdown: FigureBreakdownItem[] = COURSE_FORMS.filter((f) => byForm.has(f) || (f === '集体授课' && targets.collectiveHeld)).map((f) => {
    const t = f === '集体授课' ? targets.collectiveHeld : undefined;
    const value = f === '集体授课' ? collective : (byForm.get(f) ?? 0);
    return { key: f, label: f, value, target: t?.target ?? null, met: t ? value >= t.target : null, drill: drill('sessions', { form: f }) };
  });

  const meetings = scopedNotices.filter((n) => n.category === PARENT_MEETING_CATEGORY);
  const meetingTarget = targets.parentMeetings;
  const meetingsPerClass = classesInScope.map((c) => ({ c, n: meetings.filter((m) => noticeCoversClass(m, c)).length }));
  const meetingBreakdown: FigureBreakdownItem[] | undefined =
    scope.kind === 'class'
      ? undefined
      : meetingsPerClass.map(({ c, n }) => ({ key: c._id, label: c.name, value: n, target: meetingTarget?.target ?? null, met: meetingTarget ? n >= meetingTarget.target : null, drill: opts.drills ? { list: 'parentMeetings', scope: { kind: 'class', schoolId: scope.schoolId, classId: c._id }, term: term.term } : null }));
  const meetingsFigure = figure('parentMeetings', meetings.length, null, meetingTarget, drill('parentMeetings'), meetingBreakdown);
  // Every class must hold its meetings: a school with one class short is short.
  if (meetingTarget) meetingsFigure.met = meetingsPerClass.length > 0 && meetingsPerClass.every((x) => x.n >= meetingTarget.target);

  const figures: Figure[] = [
    figure('familiesMeetingGoal', met, families, targets.familiesMeetingGoal, drill('familiesBelowGoal'), [
      { key: 'met', label: '已达到', value: met, target: null, met: null, drill: drill('familiesMeetingGoal') },
      { key: 'below', label: '未达到', value: families - met, target: null, met: null, drill: drill('familiesBelowGoal') },
    ]),
    figure('sessionsHeld', sessions.length, null, targets.sessionsHeld, drill('sessions'), formBreakdown),
    ...(targets.collectiveHeld ? [figure('collectiveHeld', collective, null, targets.collectiveHeld, drill('sessions', { form: '集体授课' }))] : []),
    meetingsFigure,
    figure('receptionDays', days.length, null, undefined, drill('receptionDays')),
    figure('familiesReceived', received, null, undefined, drill('receptions')),
    figure('noticeReadRate', reads.read, reads.delivered, undefined, drill('notices')),
    figure('visitCoverage', visited, families, targets.visitCoverage, drill('familiesNotVisited')),
    figure('certificatesIssued', certs, families, undefined, drill('certificates')),
    figure('openSuggestions', cases.openSuggestions, null, undefined, caseDrill('openSuggestions')),
    figure('overdueFollowUps', cases.overdue, null, targets.overdueFollowUps, caseDrill('overdueFollowUps')),
  ];

  const atLeast = thresholds.levels.map((_, k) => pick(classIds, (s) => s.atLeast[k]));
  const counts = [families - (atLeast[0] ?? 0), ...atLeast.map((v, k) => v - (atLeast[k + 1] ?? 0))].map((v) => Math.max(0, v));

  const monthRows = sums.filter((s) => inScope.has(s.classId)).flatMap((s) => s.months);
  const trend: TrendPoint[] = (sums[0]?.months ?? monthsFrom(term)).map((m) => {
    const rows = monthRows.filter((r) => r.month === m.month);
    return {
      month: m.month,
      hours: Math.round(rows.reduce((a, r) => a + r.hours, 0) * 2) / 2,
      attendances: rows.reduce((a, r) => a + r.sessions, 0),
      activeFamilies: rows.reduce((a, r) => a + r.active, 0),
      sessionsHeld: sessions.filter((s) => monthOf(s.startAt) === m.month).length,
    };
  });

  const fewestMeetings = (ids: string[]) => {
    const ns = meetingsPerClass.filter((x) => ids.includes(x.c._id)).map((x) => x.n);
    return ns.length ? Math.min(...ns) : 0;
  };
  const unitRow = (unit: Scope, label: string, ids: string[]): UnitRow => {
    const f = familiesOf(ids);
    const m = metOf(ids);
    return {
      scope: unit,
      label,
      families: f,
      familiesMeetingGoal: m,
      goalRate: f > 0 ? m / f : 0,
      hours: pick(ids, (s) => s.hours),
      values: {
        familiesMeetingGoal: m,
        visitCoverage: visitedOf(ids),
        // the fewest meetings any of the unit's classes held (a grade is short if one class is)
        parentMeetings: fewestMeetings(ids),
      },
    };
  };
  const units: UnitRow[] =
    scope.kind === 'school'
      ? layout.grades.map((g) => unitRow({ kind: 'grade', schoolId: scope.schoolId, gradeId: g._id }, g.name, layout.classes.filter((c) => c.gradeId === g._id).map((c) => c._id)))
      : scope.kind === 'grade'
        ? classesInScope.map((c) => unitRow({ kind: 'class', schoolId: scope.schoolId, classId: c._id }, c.name, [c._id]))
        : [];

  const out: DashboardOutput = {
    scope,
    scopeLabel: scopeLabelOf(layout, scope),
    schoolName: layout.schoolName,
    term: term.term,
    termLabel: termLabel(term.term),
    schoolYear,
    profile: { id: profile.id, name: profile.name, description: profile.description, requirements: profile.requirements },
    families,
    figures,
    stars: { basis: thresholds.basis, counts, drills: counts.map((_, level) => drill('familiesByStar', { level })) },
    trend,
    units,
    asOf: now.toISOString(),
  };
  return { out, byKey: new Map(figures.map((f) => [f.key, f])) };
}

function monthOf(d: Date): string {
  return shanghai(d).format('YYYY-MM');
}

function monthsFrom(term: TermInfo): { month: string }[] {
  return termMonths(term.term).map((month) => ({ month }));
}

/** The 教联体 view: each member school's figures side by side, summed on top; no lists. */
async function allianceFigures(db: Database, lead: Layout, scope: Scope, term: TermInfo, now: Date): Promise<DashboardOutput> {
  const alliance = lead.alliance!;
  const schools = await Promise.all(
    alliance.schoolIds.map(async (id) => {
      const layout = id === lead.schoolId ? lead : await loadLayout(db, id);
      if (!layout) return null;
      return { layout, ...(await scopeFigures(db, layout, { kind: 'school', schoolId: id }, term, now, { drills: false, leader: true })) };
    }),
  );
  const members = schools.filter((s): s is NonNullable<typeof s> => !!s);
  const mine = members.find((m) => m.layout.schoolId === lead.schoolId) ?? members[0];
  const keys = mine.out.figures.map((f) => f.key);
  const figures: Figure[] = keys.map((key) => {
    const per = members.map((m) => ({ m, f: m.byKey.get(key) }));
    const value = per.reduce((a, x) => a + (x.f?.value ?? 0), 0);
    const ofs = per.map((x) => x.f?.of ?? null);
    const of = ofs.every((o) => o === null) ? null : ofs.reduce<number>((a, o) => a + (o ?? 0), 0);
    const lead = mine.byKey.get(key)!;
    const mets = per.map((x) => x.f?.met ?? null);
    return {
      key,
      label: lead.label,
      value,
      unit: lead.unit,
      of,
      rate: of !== null ? (of > 0 ? value / of : 0) : null,
      target: lead.target,
      targetText: lead.targetText,
      met: mets.some((x) => x === null) ? null : mets.every(Boolean),
      drill: null,
      breakdown: per.map((x) => ({ key: x.m.layout.schoolId, label: x.m.layout.schoolName, value: x.f?.value ?? 0, target: x.f?.target ?? null, met: x.f?.met ?? null, drill: null })),
    };
  });
  const counts = mine.out.stars.counts.map((_, i) => members.reduce((a, m) => a + (m.out.stars.counts[i] ?? 0), 0));
  const trend = mine.out.trend.map((p, i) => ({
    month: p.month,
    hours: Math.round(members.reduce((a, m) => a + (m.out.trend[i]?.hours ?? 0), 0) * 2) / 2,
    attendances: members.reduce((a, m) => a + (m.out.trend[i]?.attendances ?? 0), 0),
    activeFamilies: members.reduce((a, m) => a + (m.out.trend[i]?.activeFamilies ?? 0), 0),
    sessionsHeld: members.reduce((a, m) => a + (m.out.trend[i]?.sessionsHeld ?? 0), 0),
  }));
  const units: UnitRow[] = members.map((m) => {
    const f = m.out.families;
    const met = m.byKey.get('familiesMeetingGoal')?.value ?? 0;
    return {
      scope: { kind: 'school', schoolId: m.layout.schoolId },
      label: m.layout.schoolName,
      families: f,
      familiesMeetingGoal: met,
      goalRate: f > 0 ? met / f : 0,
      hours: m.out.trend.reduce((a, p) => a + p.hours, 0),
      values: Object.fromEntries(m.out.figures.map((x) => [x.key, x.value])),
    };
  });
  return {
    ...mine.out,
    scope,
    scopeLabel: alliance.name,
    families: members.reduce((a, m) => a + m.out.families, 0),
    figures,
    stars: { basis: mine.out.stars.basis, counts, drills: counts.map(() => null) },
    trend,
    units,
  };
}

export async function dashboard(ctx: Ctx, input: DashboardInput): Promise<DashboardOutput> {
  const access = await requireScope(ctx, input.scope);
  const term = resolveTerm(input.term, ctx.now);
  if (input.scope.kind === 'alliance') return allianceFigures(ctx.db, access.layout, input.scope, term, ctx.now);
  const r = await scopeFigures(ctx.db, access.layout, input.scope, term, ctx.now, { drills: true, leader: isSchoolLeader(access.membership) });
  return r.out;
}
