/** attendance: check-in with rotating codes, roster, online micro-lessons (routes only). */
import { z } from 'zod';
import { createHandler, route } from '../../server/core/handler';
import {
  CheckInInputSchema,
  CorrectRosterInputSchema,
  LessonInputSchema,
  LessonProgressInputSchema,
  ListLessonsInputSchema,
  OpenCheckinInputSchema,
  SaveLessonInputSchema,
  SessionInputSchema,
} from '../../types/attendance/attendance.schema';
import { checkIn, closeCheckin, currentToken, openCheckin, todaySessions } from '../../server/attendance/checkin.service';
import { correctRoster, roster } from '../../server/attendance/roster.service';
import { completeLesson, getLesson, lessonProgress, listLessons, saveLesson, startLesson } from '../../server/attendance/lesson.service';

export const routes = {
  todaySessions: route(z.object({ pastDays: z.number().int().min(0).max(60).optional() }), (ctx, input) => todaySessions(ctx, input)),
  openCheckin: route(OpenCheckinInputSchema, (ctx, input) => openCheckin(ctx, input)),
  closeCheckin: route(SessionInputSchema, (ctx, input) => closeCheckin(ctx, input.sessionId)),
  currentToken: route(SessionInputSchema, (ctx, input) => currentToken(ctx, input.sessionId)),
  checkIn: route(CheckInInputSchema, (ctx, input) => checkIn(ctx, input)),
  roster: route(SessionInputSchema, (ctx, input) => roster(ctx, input.sessionId)),
  correctRoster: route(CorrectRosterInputSchema, (ctx, input) => correctRoster(ctx, input)),
  listLessons: route(ListLessonsInputSchema, (ctx, input) => listLessons(ctx, input)),
  getLesson: route(LessonInputSchema, (ctx, input) => getLesson(ctx, input)),
  saveLesson: route(SaveLessonInputSchema, (ctx, input) => saveLesson(ctx, input)),
  startLesson: route(LessonInputSchema, (ctx, input) => startLesson(ctx, input)),
  lessonProgress: route(LessonProgressInputSchema, (ctx, input) => lessonProgress(ctx, input)),
  completeLesson: route(LessonProgressInputSchema, (ctx, input) => completeLesson(ctx, input)),
};

export const main = createHandler(routes);
