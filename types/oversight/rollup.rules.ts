/**
 * A family's oversight rollup for one school year, computed from that family's own records only
 * (credit ledger entries and home visits). Pure: the server recomputes it after every write of the
 * family's records, so a retried or repeated write can never count twice.
 */
import type { Totals } from '../credit/credit.schema';
import { shanghai } from '../common/time';
import { monthSlot, termSlot } from './oversight.rules';

export interface RollupEntry {
  term: string;
  schoolYear: string;
  occurredAt: Date | string;
  hours: number;
  sessions: number;
  collective: number;
}

export interface MonthCell {
  hours: number;
  /** entries that counted as an activity (sessions > 0, net of corrections) */
  sessions: number;
}

export interface FamilyYearFigures {
  t1: Totals;
  t2: Totals;
  year: Totals;
  /** keyed by monthSlot ('m202609') */
  months: Record<string, MonthCell>;
  /** home visits naming this child in the school year */
  visits: number;
  /** ledger entries counted (the ledger is append-only) */
  entries: number;
}

const zero = (): Totals => ({ hours: 0, sessions: 0, collective: 0 });
const half = (n: number) => Math.round(n * 2) / 2;

export function familyYearFigures(entries: RollupEntry[], visits: number): FamilyYearFigures {
  const out: FamilyYearFigures = { t1: zero(), t2: zero(), year: zero(), months: {}, visits, entries: entries.length };
  for (const e of entries) {
    const slot = out[termSlot(e.term)];
    for (const t of [slot, out.year]) {
      t.hours += e.hours || 0;
      t.sessions += e.sessions || 0;
      t.collective += e.collective || 0;
    }
    const key = monthSlot(shanghai(e.occurredAt).format('YYYY-MM'));
    const cell = (out.months[key] ??= { hours: 0, sessions: 0 });
    cell.hours += e.hours || 0;
    cell.sessions += e.sessions || 0;
  }
  for (const t of [out.t1, out.t2, out.year]) t.hours = half(t.hours);
  for (const c of Object.values(out.months)) c.hours = half(c.hours);
  return out;
}

/** Same figures? (a recount writes only rollups that differ) */
export function sameFigures(a: FamilyYearFigures, b: FamilyYearFigures): boolean {
  const t = (x: Totals, y: Totals) => x.hours === y.hours && x.sessions === y.sessions && x.collective === y.collective;
  if (!t(a.t1, b.t1) || !t(a.t2, b.t2) || !t(a.year, b.year) || a.visits !== b.visits || a.entries !== b.entries) return false;
  const ka = Object.keys(a.months).filter((k) => a.months[k].hours || a.months[k].sessions);
  const kb = Object.keys(b.months).filter((k) => b.months[k].hours || b.months[k].sessions);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => b.months[k] && a.months[k].hours === b.months[k].hours && a.months[k].sessions === b.months[k].sessions);
}
