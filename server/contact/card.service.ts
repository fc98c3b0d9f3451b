/**
 * 家长联络卡: the card of a class in the order families need, numbers as their owners published
 * them, the school's office line; who publishes which number (recorded with who and when).
 * Reads the school collections (staff, classes, grades, schools) read-only.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findAll, findById, isDuplicateKey } from '../core/persistence';
import { consentedActor, ensure, memberOf } from '../school/access';
import { C, type ClassDoc, type GradeDoc, type SchoolDoc, type StaffDoc } from '../school/model';
import { membershipIn } from '../access/actor';
import type { ChildLink } from '../../types/school/roles';
import { canManageSchool, isStaff } from '../../types/school/school.rules';
import {
  buildClassCard,
  canSetPublication,
  COMMITTEE_LEVEL_LABELS,
  committeeOnCard,
  committeeSort,
  type CardClass,
  type CardViewer,
  type Publication,
} from '../../types/contact/contact.rules';
import type { ClassCard, CommitteeCardEntry, PublicationView, SchoolInfoView } from '../../types/contact/contact.schema';
import { CC, type CommitteeDoc, type PublicationDoc, type SchoolInfoDoc } from './model';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Everything a card of any class of one school needs, read once per school. */
export interface SchoolContext {
  school: SchoolDoc;
  staff: StaffDoc[];
  classes: ClassDoc[];
  grades: GradeDoc[];
  publications: Record<string, Publication>;
  info: SchoolInfoDoc | null;
  committee: CommitteeDoc[];
  names: { classes: Record<string, string>; grades: Record<string, string> };
}

export async function loadSchoolContext(db: Database, schoolId: string): Promise<SchoolContext> {
  const [school, staff, classes, grades, pubs, info, committee] = await Promise.all([
    findById<SchoolDoc>(db, C.schools, schoolId),
    findAll<StaffDoc>(db, C.staff, { schoolId }),
    findAll<ClassDoc>(db, C.classes, { schoolId }),
    findAll<GradeDoc>(db, C.grades, { schoolId }),
    findAll<PublicationDoc>(db, CC.publications, { schoolId }),
    findById<SchoolInfoDoc>(db, CC.schoolInfo, schoolId),
    findAll<CommitteeDoc>(db, CC.committee, { schoolId }),
  ]);
  if (!school) fail('SCHOOL_NOT_FOUND');
  const gradeNames = Object.fromEntries(grades.map((g) => [g._id, g.name]));
  return {
    school,
    staff,
    classes,
    grades,
    publications: Object.fromEntries(pubs.map((p) => [p.staffId, p.publication])),
    info,
    committee,
    names: { grades: gradeNames, classes: Object.fromEntries(classes.map((c) => [c._id, `${gradeNames[c.gradeId] ?? ''}${c.name}`])) },
  };
}

export function cardClass(ctx: SchoolContext, cls: ClassDoc): CardClass {
  return { _id: cls._id, gradeId: cls.gradeId, fullName: ctx.names.classes[cls._id] ?? cls.name, gradeName: ctx.names.grades[cls.gradeId] ?? '' };
}

/** Whether the viewer may read a 家委会 member's published number: staff, or a family of that committee's scope. */
function committeePhoneVisible(viewer: CardViewer, m: CommitteeDoc): boolean {
  const mm = viewer.membership;
  if (!mm || mm.schoolId !== m.schoolId) return false;
  if (isStaff(mm)) return true;
  return viewer.children.some((c) => c.schoolId === m.schoolId && (m.level === 'school' || (m.level === 'grade' ? c.gradeId === m.gradeId : c.classId === m.classId)));
}

export function committeeEntries(sc: SchoolContext, cls: ClassDoc, viewer: CardViewer): CommitteeCardEntry[] {
  return sc.committee
    .filter((m) => committeeOnCard(m, cls))
    .sort(committeeSort)
    .map((m) => ({
      memberId: m._id,
      tier: m.level,
      tierLabel: COMMITTEE_LEVEL_LABELS[m.level],
      role: m.role,
      term: m.term,
      // Parents have no name on record: only what the member agreed to be called.
      displayName: m.agreedAt && m.displayName ? m.displayName : '家长代表',
      phone: m.agreedAt && m.phone && committeePhoneVisible(viewer, m) ? m.phone : null,
    }));
}

/** The card of one class for one viewer (the rules decide every number). */
export function renderCard(sc: SchoolContext, cls: ClassDoc, viewer: CardViewer, childNames: string[]): ClassCard {
  const { entries, others } = buildClassCard({ cls: cardClass(sc, cls), staff: sc.staff, publications: sc.publications, viewer, names: sc.names });
  return {
    schoolId: sc.school._id,
    schoolName: sc.school.name,
    classId: cls._id,
    className: sc.names.classes[cls._id] ?? cls.name,
    childNames,
    entries: entries.filter((e) => e.group !== 'service'),
    services: entries.filter((e) => e.group === 'service'),
    office: { phone: sc.info?.officePhone ?? null, address: sc.info?.address ?? '', hours: sc.info?.officeHours ?? '' },
    committee: committeeEntries(sc, cls, viewer),
    others,
  };
}

/** A family: one card per class of their children, in the order of their children. */
export async function myCards(ctx: Ctx): Promise<ClassCard[]> {
  const actor = await consentedActor(ctx);
  const byClass = new Map<string, ChildLink[]>();
  for (const c of actor.children) byClass.set(c.classId, [...(byClass.get(c.classId) ?? []), c]);
  const schools = new Map<string, SchoolContext>();
  const out: ClassCard[] = [];
  for (const [classId, kids] of byClass) {
    const schoolId = kids[0].schoolId;
    if (!membershipIn(actor, schoolId)) continue;
    if (!schools.has(schoolId)) schools.set(schoolId, await loadSchoolContext(ctx.db, schoolId));
    const sc = schools.get(schoolId)!;
    const cls = sc.classes.find((c) => c._id === classId);
    if (!cls) continue;
    out.push(renderCard(sc, cls, { membership: membershipIn(actor, schoolId), children: actor.children }, kids.map((k) => k.childName)));
  }
  return out;
}

/** The card of a class (a shared link, or staff): any member of the class's school, as that viewer may see it. */
export async function classCard(ctx: Ctx, input: { classId: string }): Promise<ClassCard> {
  const actor = await consentedActor(ctx);
  const cls = await findById<ClassDoc>(ctx.db, C.classes, input.classId);
  if (!cls) fail('CLASS_NOT_FOUND');
  const m = memberOf(actor, cls.schoolId);
  const sc = await loadSchoolContext(ctx.db, cls.schoolId);
  const mine = actor.children.filter((c) => c.classId === cls._id).map((c) => c.childName);
  return renderCard(sc, cls, { membership: m, children: actor.children }, mine);
}

// ---------- publication ----------
function toPublicationView(staff: StaffDoc, doc: PublicationDoc | null): PublicationView {
  return {
    staffId: staff._id,
    name: staff.name,
    publication: doc?.publication ?? 'default',
    setBy: doc?.setByRole ?? null,
    setAt: iso(doc?.setAt),
    history: (doc?.history ?? []).map((h) => ({ publication: h.publication, setBy: h.setByRole, setAt: iso(h.setAt)! })),
  };
}

async function staffFor(ctx: Ctx, staffId: string) {
  const actor = await consentedActor(ctx);
  const staff = await findById<StaffDoc>(ctx.db, C.staff, staffId);
  if (!staff) fail('NOT_FOUND');
  const m = memberOf(actor, staff.schoolId);
  ensure(canSetPublication(m, staff._id));
  return { actor, staff, m };
}

export async function getPublication(ctx: Ctx, input: { staffId: string }): Promise<PublicationView> {
  const { staff } = await staffFor(ctx, input.staffId);
  return toPublicationView(staff, await findById<PublicationDoc>(ctx.db, CC.publications, staff._id));
}

const HISTORY_CAP = 50;

/**
 * One document per staff member, written without a transaction (a colleague and an admin may
 * choose at the same moment): a conditional update that sets the choice and pushes it onto the
 * capped history; the first choice creates the document with its deterministic id (a concurrent
 * creator loses with a duplicate key and updates instead).
 */
export async function setPublication(ctx: Ctx, input: { staffId: string; publication: Publication }): Promise<PublicationView> {
  const { actor, staff, m } = await staffFor(ctx, input.staffId);
  const setByRole: 'self' | 'admin' = m.staffId === staff._id ? 'self' : 'admin';
  const change = { publication: input.publication, setBy: actor.userId, setByRole, setAt: ctx.now };
  const _ = ctx.db.command;
  const update = async () =>
    (await ctx.db.collection(CC.publications).where({ _id: staff._id }).update({ data: { ...change, history: _.push({ each: [change], slice: -HISTORY_CAP }) } })).stats.updated;
  if (!(await update())) {
    try {
      await ctx.db.collection(CC.publications).add({ data: { _id: staff._id, schoolId: staff.schoolId, staffId: staff._id, ...change, history: [change] } });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      await update();
    }
  }
  return toPublicationView(staff, await findById<PublicationDoc>(ctx.db, CC.publications, staff._id));
}

// ---------- the school's contact details ----------
export async function getSchoolInfo(ctx: Ctx, input: { schoolId: string }): Promise<SchoolInfoView> {
  const actor = await consentedActor(ctx);
  memberOf(actor, input.schoolId);
  const info = await findById<SchoolInfoDoc>(ctx.db, CC.schoolInfo, input.schoolId);
  return { schoolId: input.schoolId, address: info?.address ?? '', officePhone: info?.officePhone ?? '', officeHours: info?.officeHours ?? '' };
}

export async function setSchoolInfo(ctx: Ctx, input: { schoolId: string; address: string; officePhone: string; officeHours: string }): Promise<SchoolInfoView> {
  const actor = await consentedActor(ctx);
  ensure(canManageSchool(memberOf(actor, input.schoolId)));
  const school = await findById<SchoolDoc>(ctx.db, C.schools, input.schoolId);
  if (!school) fail('SCHOOL_NOT_FOUND');
  // Last writer wins: one document, one admin form.
  await ctx.db
    .collection(CC.schoolInfo)
    .doc(input.schoolId)
    .set({ data: { address: input.address, officePhone: input.officePhone, officeHours: input.officeHours, updatedBy: actor.userId, updatedAt: ctx.now } });
  return { schoolId: input.schoolId, address: input.address, officePhone: input.officePhone, officeHours: input.officeHours };
}
