/**
 * The school's reception rules (reception_settings/{schoolId}): read by every member of the school
 * (the publish forms start from them, a parent reads how open days count), saved by the school's
 * admin only. The case loop, the publish paths and the open-day check-in read them from here.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById } from '../core/persistence';
import { membershipIn } from '../access/actor';
import { settingsOf, type ReceptionSettings, type SaveSettingsInput } from '../../types/reception/settings.schema';
import { SETTINGS } from './reception-store';

export async function loadSettings(db: Database, schoolId: string): Promise<ReceptionSettings> {
  return settingsOf(await findById<Partial<ReceptionSettings>>(db, SETTINGS, schoolId));
}

export async function getSettings(ctx: Ctx, input: { schoolId: string }): Promise<ReceptionSettings> {
  const actor = await ctx.actor();
  if (!membershipIn(actor, input.schoolId)) fail('FORBIDDEN');
  return loadSettings(ctx.db, input.schoolId);
}

export async function saveSettings(ctx: Ctx, input: SaveSettingsInput): Promise<ReceptionSettings> {
  const actor = await ctx.actor();
  if (!membershipIn(actor, input.schoolId)?.roles.includes('admin')) fail('FORBIDDEN');
  const { schoolId, ...given } = input;
  // Rules the request omits keep their stored value (an older page sends only the answer days).
  const current = await loadSettings(ctx.db, schoolId);
  const next = settingsOf({ ...current, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) });
  await ctx.db.collection(SETTINGS).doc(schoolId).set({ data: { ...next, updatedAt: ctx.now, updatedBy: actor.userId } });
  return next;
}
