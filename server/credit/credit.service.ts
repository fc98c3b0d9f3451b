/**
 * 学时积分 read models and settings. Levels are always computed from the ledger with the school's
 * current thresholds, so changing thresholds re-rates everyone consistently; no rankings anywhere.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { Database } from '../core/cloud';
import { canManageClass, membershipIn, requireRole, type Actor } from '../access/actor';
import { ledgerKeys, ledgerEntry, ledgerWhere, LEDGER } from './ledger';
import { findById, isDuplicateKey } from '../core/persistence';
import { classChildren, findChild, requireClassOf, resolveFamily, schoolChildren } from './school-port';
import {
  DEFAULT_PROFILE_ID,
  DEFAULT_THRESHOLDS,
  PROFILES,
  ZERO_TOTALS,
  distribution,
  profileFor,
  profileProgress,
  starLevelFor,
  schoolYearOf,
  sumEntries,
  termOf,
} from '../../types/credit/credit.rules';
import {
  LEDGER_SOURCE_LABELS,
  type AdjustInput,
  type AdjustOutput,
  type ArchiveOutput,
  type ClassInactiveOutput,
  type ClassStarsOutput,
  type CreditLedgerDoc,
  type CreditSettingsDoc,
  type SaveSettingsInput,
  type SchoolStarsOutput,
  type SettingsOutput,
  type Totals,
} from '../../types/credit/credit.schema';
import type { ChildLink } from '../../types/school/roles';
import { DEFAULT_CLASS_HOUR_RULE, type ClassHourRule } from '../../types/course/course.schema';
import { familyRecordsChanged } from '../oversight/port';

const SETTINGS = 'credit_settings';

export function settingsId(schoolId: string, schoolYear: string): string {
  return `${schoolId}_${schoolYear}`;
}

/**
 * The settings document of a school year. A new school year starts with the school's latest
 * earlier settings, not the defaults: the first read of a year that has none copies the star
 * thresholds, the policy profile (with its custom requirements) and the class-hour rule of the
 * latest earlier year into it (once: a create that fails on a duplicate id re-reads). Later edits
 * of either year stay in that year. No earlier year: null (the defaults apply, nothing is written).
 */
async function settingsDocFor(db: Database, schoolId: string, schoolYear: string, now = new Date()): Promise<CreditSettingsDoc | null> {
  const id = settingsId(schoolId, schoolYear);
  const doc = await findById<CreditSettingsDoc>(db, SETTINGS, id);
  if (doc) return doc;
  // Only the current and the next school year are ever written on a read: a read naming any
  // other year (a past year never configured, a far future one) sees the carried-over values
  // without creating a document.
  const current = schoolYearOf(now);
  const next = schoolYearOf(new Date(now.getTime() + 366 * 86400_000));
  const writable = schoolYear === current || schoolYear === next;
  const _ = db.command;
  const prev = (await db.collection<CreditSettingsDoc>(SETTINGS).where({ schoolId, schoolYear: _.lt(schoolYear) }).orderBy('schoolYear', 'desc').limit(1).get()).data[0];
  if (!prev) return null;
  const copy: CreditSettingsDoc = {
    _id: id,
    schoolId,
    schoolYear,
    thresholds: prev.thresholds,
    profileId: prev.profileId,
    customRequirements: prev.customRequirements ?? [],
    ...(prev.classHourRule ? { classHourRule: prev.classHourRule } : {}),
    copiedFrom: prev.schoolYear,
    updatedAt: now,
    updatedBy: 'system',
  };
  if (!writable) return copy;
  try {
    await db.collection(SETTINGS).add({ data: copy });
    return copy;
  } catch (e) {
    // Copied (or saved) concurrently: that document wins.
    if (!isDuplicateKey(e)) throw e;
    const again = await findById<CreditSettingsDoc>(db, SETTINGS, id);
    if (!again) throw e;
    return again;
  }
}

export async function loadSettings(db: Database, schoolId: string, schoolYear: string): Promise<SettingsOutput> {
  const doc = await settingsDocFor(db, schoolId, schoolYear);
  return {
    schoolId,
    schoolYear,
    thresholds: doc?.thresholds ?? DEFAULT_THRESHOLDS,
    profileId: doc?.profileId ?? DEFAULT_PROFILE_ID,
    customRequirements: doc?.customRequirements ?? [],
    classHourRule: classHourRuleOf(doc),
    profiles: Object.values(PROFILES),
    isDefault: !doc,
    copiedFrom: doc?.copiedFrom ?? null,
  };
}

function classHourRuleOf(doc: Pick<CreditSettingsDoc, 'classHourRule'> | null): ClassHourRule {
  return doc?.classHourRule ? { rounding: 'half', ...doc.classHourRule } : DEFAULT_CLASS_HOUR_RULE;
}

/** The school's 课时规则 for a school year (courses snapshot it when created or edited). One read. */
export async function loadClassHourRule(db: Database, schoolId: string, schoolYear: string): Promise<ClassHourRule> {
  return classHourRuleOf(await settingsDocFor(db, schoolId, schoolYear));
}

function isStaff(actor: Actor, schoolId: string): boolean {
  const m = membershipIn(actor, schoolId);
  return !!m && (m.roles.includes('teacher') || m.roles.includes('admin'));
}

function isAdmin(actor: Actor, schoolId: string): boolean {
  return !!membershipIn(actor, schoolId)?.roles.includes('admin');
}

function totalsFor(entries: CreditLedgerDoc[], term?: string): Totals {
  return sumEntries(term ? entries.filter((e) => e.term === term) : entries);
}

async function archiveFor(ctx: Ctx, child: ChildLink, schoolYear: string): Promise<ArchiveOutput> {
  const now = termOf(ctx.now);
  const [settings, entries] = await Promise.all([
    loadSettings(ctx.db, child.schoolId, schoolYear),
    ledgerWhere(ctx.db, { familyId: child.childId, schoolYear }),
  ]);
  // A family's entries in this school only (a child could have changed school).
  const mine = entries.filter((e) => e.schoolId === child.schoolId);
  const term = schoolYear === now.schoolYear ? now.term : `${schoolYear}-2`;
  const termTotals = totalsFor(mine, term);
  const yearTotals = totalsFor(mine);
  const profile = profileFor(settings.profileId, settings.customRequirements);
  const p = profileProgress(profile, termTotals, yearTotals);
  return {
    familyId: child.childId,
    childName: child.childName,
    schoolId: child.schoolId,
    schoolYear,
    term,
    termName: term.endsWith('-1') ? '秋季学期' : '春季学期',
    termTotals,
    yearTotals,
    star: starLevelFor(yearTotals, settings.thresholds),
    profile: { id: profile.id, name: profile.name, progress: p.progress, allMet: p.allMet },
    ledger: mine
      .sort((a, b) => new Date(b.occurredAt).getTime() - new Date(a.occurredAt).getTime() || b._id.localeCompare(a._id))
      .map((e) => ({
        id: e._id,
        source: e.source,
        sourceLabel: LEDGER_SOURCE_LABELS[e.source],
        title: e.title,
        hours: e.hours,
        term: e.term,
        occurredAt: new Date(e.occurredAt).toISOString(),
        reason: e.reason ?? null,
      })),
  };
}

export async function myArchive(ctx: Ctx, input: { familyId?: string; schoolYear?: string }): Promise<ArchiveOutput> {
  const actor = await ctx.actor();
  const child = resolveFamily(actor, input.familyId);
  return archiveFor(ctx, child, input.schoolYear ?? termOf(ctx.now).schoolYear);
}

/** Head teacher of the family's class, or the school admin. */
export async function familyArchive(ctx: Ctx, input: { schoolId: string; familyId: string; schoolYear?: string }): Promise<ArchiveOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['teacher', 'admin']);
  const child = await findChild(ctx.db, input.schoolId, input.familyId);
  if (!child) fail('NOT_FOUND');
  if (!canManageClass(actor, input.schoolId, child.classId)) fail('FORBIDDEN');
  return archiveFor(ctx, child, input.schoolYear ?? termOf(ctx.now).schoolYear);
}

function groupByFamily(entries: CreditLedgerDoc[]): Map<string, CreditLedgerDoc[]> {
  const m = new Map<string, CreditLedgerDoc[]>();
  for (const e of entries) m.set(e.familyId, [...(m.get(e.familyId) ?? []), e]);
  return m;
}

export async function classStars(ctx: Ctx, input: { schoolId: string; classId: string; schoolYear?: string }): Promise<ClassStarsOutput> {
  const actor = await ctx.actor();
  if (!canManageClass(actor, input.schoolId, input.classId)) fail('FORBIDDEN');
  await requireClassOf(ctx.db, input.schoolId, input.classId);
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const term = termOf(ctx.now).term;
  const [settings, children, entries] = await Promise.all([
    loadSettings(ctx.db, input.schoolId, schoolYear),
    classChildren(ctx.db, input.schoolId, input.classId),
    ledgerWhere(ctx.db, { schoolId: input.schoolId, classId: input.classId, schoolYear }),
  ]);
  const byFamily = groupByFamily(entries);
  const families = children.map((c) => {
    const mine = byFamily.get(c.childId) ?? [];
    const yearTotals = totalsFor(mine);
    return { familyId: c.childId, childName: c.childName, level: starLevelFor(yearTotals, settings.thresholds).level, yearTotals, termTotals: totalsFor(mine, term) };
  });
  // Alphabetical by name: this is a register, not a ranking.
  families.sort((a, b) => a.childName.localeCompare(b.childName, 'zh') || a.familyId.localeCompare(b.familyId));
  return { schoolId: input.schoolId, classId: input.classId, schoolYear, distribution: distribution(families.map((f) => f.level)), families };
}

export async function schoolStars(ctx: Ctx, input: { schoolId: string; schoolYear?: string }): Promise<SchoolStarsOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['admin']);
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const [settings, children, entries] = await Promise.all([
    loadSettings(ctx.db, input.schoolId, schoolYear),
    schoolChildren(ctx.db, input.schoolId),
    ledgerWhere(ctx.db, { schoolId: input.schoolId, schoolYear }),
  ]);
  const byFamily = groupByFamily(entries);
  const classOf = new Map<string, string>(children.map((c) => [c.childId, c.classId]));
  for (const e of entries) if (!classOf.has(e.familyId)) classOf.set(e.familyId, e.classId);
  const levels = new Map<string, number[]>();
  const all: number[] = [];
  for (const [familyId, classId] of classOf) {
    const level = starLevelFor(totalsFor(byFamily.get(familyId) ?? []), settings.thresholds).level;
    all.push(level);
    levels.set(classId, [...(levels.get(classId) ?? []), level]);
  }
  return {
    schoolId: input.schoolId,
    schoolYear,
    distribution: distribution(all),
    families: all.length,
    byClass: [...levels.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([classId, l]) => ({ classId, distribution: distribution(l) })),
  };
}

/** Families of a class with no activity this term: to invite, never to shame (head teacher / admin only). */
export async function classInactive(ctx: Ctx, input: { schoolId: string; classId: string }): Promise<ClassInactiveOutput> {
  const actor = await ctx.actor();
  if (!canManageClass(actor, input.schoolId, input.classId)) fail('FORBIDDEN');
  await requireClassOf(ctx.db, input.schoolId, input.classId);
  const t = termOf(ctx.now);
  const [children, entries] = await Promise.all([
    classChildren(ctx.db, input.schoolId, input.classId),
    ledgerWhere(ctx.db, { schoolId: input.schoolId, classId: input.classId, schoolYear: t.schoolYear }),
  ]);
  const byFamily = groupByFamily(entries.filter((e) => e.term === t.term));
  const inactive = children
    .filter((c) => (sumEntries(byFamily.get(c.childId) ?? []) ?? ZERO_TOTALS).sessions <= 0)
    .map((c) => ({ familyId: c.childId, childName: c.childName }))
    .sort((a, b) => a.childName.localeCompare(b.childName, 'zh'));
  return { schoolId: input.schoolId, classId: input.classId, term: t.term, termName: t.termName, total: children.length, inactive };
}

export async function getSettings(ctx: Ctx, input: { schoolId: string; schoolYear?: string }): Promise<SettingsOutput> {
  const actor = await ctx.actor();
  if (!membershipIn(actor, input.schoolId) && !actor.children.some((c) => c.schoolId === input.schoolId)) fail('FORBIDDEN');
  return loadSettings(ctx.db, input.schoolId, input.schoolYear ?? termOf(ctx.now).schoolYear);
}

export async function saveSettings(ctx: Ctx, input: SaveSettingsInput): Promise<SettingsOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['admin']);
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  // The class-hour rule is kept when the request leaves it out.
  const classHourRule = input.classHourRule ?? (await findById<CreditSettingsDoc>(ctx.db, SETTINGS, settingsId(input.schoolId, schoolYear)))?.classHourRule;
  const data: Omit<CreditSettingsDoc, '_id'> = {
    schoolId: input.schoolId,
    schoolYear,
    thresholds: input.thresholds,
    profileId: input.profileId,
    customRequirements: input.profileId === 'custom' ? input.customRequirements : [],
    ...(classHourRule ? { classHourRule } : {}),
    updatedAt: ctx.now,
    updatedBy: actor.userId,
  };
  await ctx.db.collection(SETTINGS).doc(settingsId(input.schoolId, schoolYear)).set({ data });
  return loadSettings(ctx.db, input.schoolId, schoolYear);
}

/** A manual adjustment with reason and operator: a new ledger entry, keyed by the client's request key. */
export async function adjust(ctx: Ctx, input: AdjustInput): Promise<AdjustOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['teacher', 'admin']);
  const child = await findChild(ctx.db, input.schoolId, input.familyId);
  if (!child) fail('NOT_FOUND');
  if (!canManageClass(actor, input.schoolId, child.classId)) fail('FORBIDDEN');
  const entry = ledgerEntry({
    key: ledgerKeys.adjustment(input.familyId, input.requestKey),
    schoolId: input.schoolId,
    familyId: input.familyId,
    classId: child.classId,
    source: 'adjustment',
    sourceId: input.requestKey,
    title: '老师调整学时',
    credit: { hours: input.hours, sessions: input.sessions, collective: 0 },
    occurredAt: ctx.now,
    now: ctx.now,
    operatorUserId: actor.userId,
    reason: input.reason,
  });
  const changed = () => familyRecordsChanged(ctx.db, [{ schoolId: input.schoolId, familyId: input.familyId, at: entry.occurredAt }], ctx.now);
  try {
    await ctx.db.collection(LEDGER).add({ data: entry });
    await changed();
    return { entryId: entry._id, created: true, hours: input.hours };
  } catch (e) {
    // The same request key again (a retry, a double tap): the first entry stands.
    if (!isDuplicateKey(e)) throw e;
    const existing = await findById<CreditLedgerDoc>(ctx.db, LEDGER, entry._id);
    if (!existing) throw e;
    await changed();
    return { entryId: existing._id, created: false, hours: existing.hours };
  }
}

export { isStaff, isAdmin };
