/**
 * 开放日 / 开放周: leaders publish an event with activities (time, place, target grades / classes,
 * places); families sign up per activity with the same guarantees as reception slots: a place
 * claimed on the activity by one conditional update that also refuses the family's second claim
 * (`places.ts` claimKeyedPlace), then the record `${activityId}_${familyId}` (one per family and
 * activity) written with the claim's generation; check-in is open-checkin.service.ts; families
 * leave a short feedback after the activity.
 */
import { randomBytes } from 'crypto';
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById, findByIds } from '../core/persistence';
import { membershipIn, type Actor } from '../access/actor';
import type { ChildLink } from '../../types/school/roles';
import { at } from '../../types/reception/reception.rules';
import { formatDate } from '../../types/common/time';
import type { ActivityDto, OpenActivityDoc, OpenEventDoc, OpenEventDto, OpenSignupDoc, PublishOpenEventInput, SignupRowDto } from '../../types/reception/open-day.schema';
import { activityForFamily, canCancelSignup, canGiveFeedback, canSignUp, eventSpan, isLiveSignup, signupIdFor } from '../../types/reception/open-day.rules';
import { isLeader, requireChild } from './reception-access';
import { loadSettings } from './settings.service';
import { claimKeyedPlace, claimToken, parseToken, releaseKeyedPlace } from './places';
import { STALE_MS } from './booking.service';

export const EVENTS = 'open_events';
export const ACTIVITIES = 'open_activities';
export const SIGNUPS = 'open_signups';

function isStaff(actor: Actor, schoolId: string) {
  const m = membershipIn(actor, schoolId);
  return !!m && (m.roles.includes('teacher') || m.roles.includes('admin'));
}

export async function publishOpenEvent(ctx: Ctx, input: PublishOpenEventInput): Promise<{ eventId: string; activities: number }> {
  const actor = await ctx.actor();
  if (!isLeader(actor, input.schoolId)) fail('FORBIDDEN');
  const rules = await loadSettings(ctx.db, input.schoolId);
  const signUpClosesHours = input.signUpClosesHours ?? rules.openDaySignUpClosesHours;
  const cancelClosesHours = input.cancelClosesHours ?? rules.openDayCancelClosesHours;
  const today = formatDate(ctx.now);
  for (const a of input.activities) {
    if (a.endTime <= a.startTime) fail('OPEN_DAY_INVALID', { reason: `“${a.title}”的结束时间应晚于开始时间` });
    if (a.date < today) fail('OPEN_DAY_INVALID', { reason: `“${a.title}”的日期已过` });
  }
  const span = eventSpan(input.kind, input.activities.map((a) => a.date));
  if (!span.ok) fail(span.code, { reason: span.reason });
  // Target grades / classes must be the school's own.
  const gradeIds = [...new Set(input.activities.flatMap((a) => a.gradeIds))];
  const classIds = [...new Set(input.activities.flatMap((a) => a.classIds))];
  const [grades, classes] = await Promise.all([findByIds<{ _id: string; schoolId: string }>(ctx.db, 'grades', gradeIds), findByIds<{ _id: string; schoolId: string }>(ctx.db, 'classes', classIds)]);
  if (grades.length !== gradeIds.length || classes.length !== classIds.length || [...grades, ...classes].some((x) => x.schoolId !== input.schoolId)) fail('FORBIDDEN');
  const eventId = `oe_${randomBytes(8).toString('hex')}`;
  const now = ctx.now;
  // Activities first, the event last: an event is visible only with all its activities.
  await Promise.all(
    input.activities.map((a, k) =>
      ctx.db.collection(ACTIVITIES).doc(`${eventId}_a${k + 1}`).set({
        data: {
          eventId,
          schoolId: input.schoolId,
          kind: a.kind,
          title: a.title,
          date: a.date,
          start: a.startTime,
          end: a.endTime,
          startAt: at(a.date, a.startTime),
          endAt: at(a.date, a.endTime),
          place: a.place,
          gradeIds: a.gradeIds,
          classIds: a.classIds,
          places: a.places,
          placesLeft: a.places,
          holders: [],
          holderKeys: [],
          closed: false,
          eventStatus: 'published',
          signUpClosesHours,
          cancelClosesHours,
          updatedAt: now,
        } satisfies Omit<OpenActivityDoc, '_id'>,
      }),
    ),
  );
  await ctx.db.collection(EVENTS).add({
    data: { _id: eventId, schoolId: input.schoolId, title: input.title, kind: input.kind, startDate: span.startDate, endDate: span.endDate, signUpClosesHours, cancelClosesHours, status: 'published', createdBy: actor.userId, createdAt: now, updatedAt: now } satisfies OpenEventDoc,
  });
  return { eventId, activities: input.activities.length };
}

async function eventActivities(db: Database, eventId: string): Promise<OpenActivityDoc[]> {
  return (await db.collection<OpenActivityDoc>(ACTIVITIES).where({ eventId }).orderBy('startAt', 'asc').limit(100).get()).data;
}

function activityDto(e: Pick<OpenEventDoc, 'status' | 'signUpClosesHours' | 'cancelClosesHours'>, a: OpenActivityDoc, child: ChildLink | null, mine: OpenSignupDoc | null, now: Date): ActivityDto {
  const family = child ? { schoolId: child.schoolId, gradeId: child.gradeId, classId: child.classId } : null;
  const v = family ? canSignUp(e, a, family, mine, now) : null;
  const live = mine && isLiveSignup(mine.status) ? mine : null;
  return {
    activityId: a._id,
    kind: a.kind,
    title: a.title,
    date: a.date,
    start: a.start,
    end: a.end,
    place: a.place,
    places: a.places,
    placesLeft: a.placesLeft,
    forMe: family ? activityForFamily(a, family) : true,
    canSignUp: !!v?.ok,
    ...(v && !v.ok ? { reason: v.reason } : {}),
    mySignup: live
      ? { signupId: live._id, status: live.status, canCancel: canCancelSignup(e, live, now).ok, canFeedback: canGiveFeedback(a, live, now).ok, feedback: live.feedback ? { rating: live.feedback.rating, text: live.feedback.text } : null, creditedHours: live.creditedHours ?? 0 }
      : null,
  };
}

export async function listOpenEvents(ctx: Ctx, input: { schoolId?: string; childId?: string }): Promise<{ items: OpenEventDto[] }> {
  const actor = await ctx.actor();
  const child = input.childId ? requireChild(actor, input.childId) : null;
  const schoolId = child ? child.schoolId : input.schoolId!;
  if (!child && !isStaff(actor, schoolId)) fail('FORBIDDEN');
  const _ = ctx.db.command;
  const r = await ctx.db.collection<OpenEventDoc>(EVENTS).where({ schoolId, endDate: _.gte(formatDate(new Date(ctx.now.getTime() - 14 * 86400_000))) }).orderBy('endDate', 'asc').limit(20).get();
  const items: OpenEventDto[] = [];
  for (const e of r.data) {
    if (child && e.status !== 'published') continue;
    const acts = await eventActivities(ctx.db, e._id);
    const mine = child ? await findByIds<OpenSignupDoc>(ctx.db, SIGNUPS, acts.map((a) => signupIdFor(a._id, child.childId))) : [];
    const dto = { eventId: e._id, schoolId: e.schoolId, title: e.title, kind: e.kind, startDate: e.startDate, endDate: e.endDate, status: e.status, activities: acts.map((a) => activityDto(e, a, child, mine.find((s) => s.activityId === a._id) ?? null, ctx.now)) };
    if (!child || dto.activities.some((a) => a.forMe)) items.push({ ...dto, activities: child ? dto.activities.filter((a) => a.forMe) : dto.activities });
  }
  return { items };
}

/** An activity and the event fields its rules need (copied onto the activity): one read. */
async function loadActivity(db: Database, activityId: string) {
  const a = await findById<OpenActivityDoc>(db, ACTIVITIES, activityId);
  if (!a) fail('OPEN_DAY_NOT_FOUND');
  const e = { status: a.eventStatus, signUpClosesHours: a.signUpClosesHours, cancelClosesHours: a.cancelClosesHours, _id: a.eventId };
  return { a, e };
}

/**
 * An orphan claim: older than STALE_MS and its record never became live with it (a crash between
 * claim and write, or a cancel that did not finish). A younger one may still be being written.
 */
function isOrphanClaim(token: string, record: OpenSignupDoc | null | undefined, now: Date): boolean {
  const { gen } = parseToken(token);
  const live = !!record && record.gen === gen && isLiveSignup(record.status);
  return !live && now.getTime() - gen > STALE_MS;
}

/**
 * A claim of this family's record already on the activity: a live sign-up (or one being written
 * right now, a double tap) is a duplicate; an orphan is given back.
 */
async function settleHeldClaim(db: Database, a: OpenActivityDoc, id: string, now: Date): Promise<void> {
  const token = a.holders.find((t) => parseToken(t).recordId === id);
  if (!token) return;
  const s = await findById<OpenSignupDoc>(db, SIGNUPS, id);
  if (!isOrphanClaim(token, s, now)) fail('OPEN_DAY_DUPLICATE');
  await releaseKeyedPlace(db, ACTIVITIES, a._id, token, id, now);
}

/**
 * The reception cron's sweep: gives back the orphan claims of the published activities that have
 * not ended (up to `limit`), so a place lost to a crash returns even if that family never tries
 * again. Each release is the same conditional update as the family's own (idempotent).
 */
export async function sweepOrphanClaims(db: Database, now: Date, limit = 200): Promise<{ released: number }> {
  const _ = db.command;
  const acts = (await db.collection<OpenActivityDoc>(ACTIVITIES).where({ eventStatus: 'published', endAt: _.gte(now) }).limit(limit).get()).data;
  let released = 0;
  for (const a of acts) {
    const old = a.holders.filter((t) => now.getTime() - parseToken(t).gen > STALE_MS);
    if (!old.length) continue;
    const records = new Map((await findByIds<OpenSignupDoc>(db, SIGNUPS, old.map((t) => parseToken(t).recordId))).map((r) => [r._id, r]));
    for (const token of old) {
      const { recordId } = parseToken(token);
      if (isOrphanClaim(token, records.get(recordId), now) && (await releaseKeyedPlace(db, ACTIVITIES, a._id, token, recordId, now))) released++;
    }
  }
  return { released };
}

/**
 * Sign-up: the place is claimed FIRST by one conditional update of the activity that also refuses
 * a second claim of the family (`holderKeys`), then the record is written under its deterministic
 * id with the claim's generation. Four calls (caller, activity — in parallel —, claim, record).
 */
export async function signUp(ctx: Ctx, input: { activityId: string; childId: string }): Promise<ActivityDto> {
  const [actor, { a, e }] = await Promise.all([ctx.actor(), loadActivity(ctx.db, input.activityId)]);
  const child = requireChild(actor, input.childId);
  const family = { schoolId: child.schoolId, gradeId: child.gradeId, classId: child.classId };
  const pre = canSignUp(e, a, family, null, ctx.now);
  if (!pre.ok) fail(pre.code, { reason: pre.reason });
  const now = ctx.now;
  const db = ctx.db;
  const id = signupIdFor(a._id, child.childId);
  if ((a.holderKeys ?? []).includes(id)) await settleHeldClaim(db, a, id, now);
  // The generation is the claim's time (ms): unique per acquisition and telling its age.
  const gen = Math.max(now.getTime(), 2);
  const token = claimToken(id, gen);
  if (!(await claimKeyedPlace(db, ACTIVITIES, a._id, token, id, now))) {
    // Full, closed — or this family's other tap got there first.
    const cur = await findById<OpenActivityDoc>(db, ACTIVITIES, a._id);
    if (cur && (cur.holderKeys ?? []).includes(id)) fail('OPEN_DAY_DUPLICATE');
    fail(cur?.closed ? 'OPEN_DAY_CLOSED' : 'OPEN_DAY_FULL');
  }
  const s: OpenSignupDoc = { _id: id, activityId: a._id, eventId: e._id, schoolId: a.schoolId, familyId: child.childId, childName: child.childName, gradeId: child.gradeId, classId: child.classId, userId: actor.userId, openid: actor.openid, activityStartAt: a.startAt, feedback: null, status: 'signed', gen, createdAt: now, updatedAt: now };
  try {
    const { _id, ...data } = s;
    await db.collection(SIGNUPS).doc(_id).set({ data });
  } catch (err) {
    try {
      await releaseKeyedPlace(db, ACTIVITIES, a._id, token, id, now);
    } catch {
      /* a stale claim is given back by the family's next sign-up */
    }
    throw err;
  }
  return activityDto(e, { ...a, placesLeft: Math.max(0, a.placesLeft - 1) }, child, s, now);
}

export async function cancelSignup(ctx: Ctx, input: { signupId: string }): Promise<{ status: 'cancelled' }> {
  const [actor, s] = await Promise.all([ctx.actor(), findById<OpenSignupDoc>(ctx.db, SIGNUPS, input.signupId)]);
  if (!s || !actor.children.some((c) => c.childId === s.familyId)) fail('OPEN_DAY_SIGNUP_NOT_FOUND');
  const { e } = await loadActivity(ctx.db, s.activityId);
  const v = canCancelSignup(e, s, ctx.now);
  if (!v.ok) fail(v.code, { reason: v.reason });
  const u = await ctx.db.collection(SIGNUPS).where({ _id: s._id, status: 'signed', gen: s.gen }).update({ data: { status: 'cancelled', updatedAt: ctx.now } });
  if (!u.stats.updated) fail('OPEN_DAY_STATE_INVALID');
  await releaseKeyedPlace(ctx.db, ACTIVITIES, s.activityId, claimToken(s._id, s.gen), s._id, ctx.now);
  return { status: 'cancelled' };
}

/** The families signed up for an activity (staff of the school). */
export async function activitySignups(ctx: Ctx, input: { activityId: string }): Promise<{ items: SignupRowDto[] }> {
  const [actor, { a }] = await Promise.all([ctx.actor(), loadActivity(ctx.db, input.activityId)]);
  if (!isStaff(actor, a.schoolId)) fail('FORBIDDEN');
  const _ = ctx.db.command;
  const r = await ctx.db.collection<OpenSignupDoc>(SIGNUPS).where({ activityId: a._id, status: _.in(['signed', 'attended']) }).limit(1000).get();
  const classes = await findByIds<{ _id: string; name: string; gradeId: string }>(ctx.db, 'classes', r.data.map((s) => s.classId));
  const grades = await findByIds<{ _id: string; name: string }>(ctx.db, 'grades', classes.map((c) => c.gradeId));
  const cls = (id: string) => {
    const c = classes.find((x) => x._id === id);
    return c ? `${grades.find((g) => g._id === c.gradeId)?.name ?? ''}${c.name}` : '';
  };
  return { items: r.data.map((s) => ({ signupId: s._id, childName: s.childName, className: cls(s.classId), status: s.status, feedback: s.feedback ? { rating: s.feedback.rating, text: s.feedback.text } : null })) };
}

export async function openDayFeedback(ctx: Ctx, input: { signupId: string; rating: number; text: string }): Promise<{ ok: true }> {
  const [actor, s] = await Promise.all([ctx.actor(), findById<OpenSignupDoc>(ctx.db, SIGNUPS, input.signupId)]);
  if (!s || !actor.children.some((c) => c.childId === s.familyId)) fail('OPEN_DAY_SIGNUP_NOT_FOUND');
  const { a } = await loadActivity(ctx.db, s.activityId);
  const v = canGiveFeedback(a, s, ctx.now);
  if (!v.ok) fail(v.code, { reason: v.reason });
  const u = await ctx.db.collection(SIGNUPS).where({ _id: s._id, gen: s.gen, feedback: null }).update({ data: { feedback: { rating: input.rating, text: input.text, at: ctx.now }, updatedAt: ctx.now } });
  if (!u.stats.updated) fail('OPEN_DAY_STATE_INVALID');
  return { ok: true };
}
