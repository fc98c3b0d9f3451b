/**
 * Cron work of the reception domain (one hourly trigger): at 19:00 Shanghai time, remind the families
 * booked for tomorrow (subscribe message where accepted, in-app notice always; each booking once);
 * every hour, reopen overdue follow-ups, reconcile the coming days' slots from their records and
 * give back the open-day claims orphaned by a crash (sweepOrphanClaims).
 */
import type { Ctx } from '../core/handler';
import { findByIds } from '../core/persistence';
import { shanghai } from '../../types/common/time';
import { MODE_LABELS, type ReceptionBookingDoc, type ReceptionDayDoc } from '../../types/reception/reception.schema';
import { BOOKINGS, DAYS } from './reception-store';
import { cut, notifyUser, RECEPTION_TEMPLATES } from './notify';
import { reopenOverdue } from './case.service';
import { healDay } from './booking.service';
import { sweepOrphanClaims } from './open-day.service';

type Deps = Pick<Ctx, 'db' | 'cloud' | 'now'>;

export async function remindTomorrow(deps: Deps): Promise<{ reminded: number }> {
  const _ = deps.db.command;
  const from = shanghai(deps.now).add(1, 'day').startOf('day');
  const to = from.add(1, 'day');
  const r = await deps.db
    .collection<ReceptionBookingDoc>(BOOKINGS)
    .where({ status: 'booked', slotStartAt: _.gte(from.toDate()).and(_.lt(to.toDate())) })
    .limit(1000)
    .get();
  const days = await findByIds<ReceptionDayDoc>(deps.db, DAYS, r.data.map((b) => b.dayId));
  let reminded = 0;
  for (const b of r.data) {
    if (b.reminded) continue;
    // At most once per booking: mark first, then send.
    const u = await deps.db.collection(BOOKINGS).where({ _id: b._id, status: 'booked', gen: b.gen, reminded: _.neq(true) }).update({ data: { reminded: true } });
    if (!u.stats.updated) continue;
    const day = days.find((d) => d._id === b.dayId);
    if (!day) continue;
    const who = day.receptionists.find((x) => x.staffId === b.staffId);
    const place = day.mode === 'in_person' ? day.room || '学校' : MODE_LABELS[day.mode];
    const when = `${shanghai(b.slotStartAt).format('M月D日')} ${b.start}`;
    await notifyUser(deps, { userId: b.userId, openid: b.openid }, {
      schoolId: b.schoolId,
      kind: 'reception.reminder',
      title: '明天有您预约的家长接待',
      body: `${day.title}：${when}，${who ? `${who.name}（${who.title}）` : ''}，${place}。如不能到场，请提前取消。`,
      page: `packages/reception/pages/mine/index`,
      templateId: RECEPTION_TEMPLATES.reminder,
      data: {
        thing1: { value: cut(day.title, 20) },
        time2: { value: shanghai(b.slotStartAt).format('YYYY年M月D日 HH:mm') },
        thing3: { value: cut(place, 20) },
        thing4: { value: cut(`接待人：${who?.name ?? ''}`, 20) },
      },
      ref: b._id,
    }, deps.now);
    reminded++;
  }
  return { reminded };
}

export async function hourly(deps: Deps) {
  const out: Record<string, number> = {};
  if (shanghai(deps.now).hour() === 19) out.reminded = (await remindTomorrow(deps)).reminded;
  out.reopened = (await reopenOverdue(deps)).reopened;
  const _ = deps.db.command;
  const today = shanghai(deps.now).format('YYYY-MM-DD');
  const days = await deps.db.collection<ReceptionDayDoc>(DAYS).where({ status: 'published', date: _.gte(today) }).limit(200).get();
  let released = 0;
  for (const d of days.data) released += (await healDay(deps.db, d._id, deps.now)).released;
  out.released = released;
  out.openDayReleased = (await sweepOrphanClaims(deps.db, deps.now)).released;
  return out;
}
