/** credit: 学时积分 archive, star levels, school settings, adjustments (routes only). */
import { createHandler, route } from '../../server/core/handler';
import {
  AdjustInputSchema,
  ClassInactiveInputSchema,
  ClassStarsInputSchema,
  FamilyArchiveInputSchema,
  MyArchiveInputSchema,
  SaveSettingsInputSchema,
  SchoolStarsInputSchema,
  SettingsInputSchema,
} from '../../types/credit/credit.schema';
import { adjust, classInactive, classStars, familyArchive, getSettings, myArchive, saveSettings, schoolStars } from '../../server/credit/credit.service';

export const routes = {
  myArchive: route(MyArchiveInputSchema, (ctx, input) => myArchive(ctx, input)),
  familyArchive: route(FamilyArchiveInputSchema, (ctx, input) => familyArchive(ctx, input)),
  classStars: route(ClassStarsInputSchema, (ctx, input) => classStars(ctx, input)),
  schoolStars: route(SchoolStarsInputSchema, (ctx, input) => schoolStars(ctx, input)),
  classInactive: route(ClassInactiveInputSchema, (ctx, input) => classInactive(ctx, input)),
  getSettings: route(SettingsInputSchema, (ctx, input) => getSettings(ctx, input)),
  saveSettings: route(SaveSettingsInputSchema, (ctx, input) => saveSettings(ctx, input)),
  adjust: route(AdjustInputSchema, (ctx, input) => adjust(ctx, input)),
};

export const main = createHandler(routes);
