/** Field schemas that several domains' inputs share: a wall-clock time, a calendar day. */
import { z } from 'zod';

/** "08:30": a time of day in Asia/Shanghai. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
/** "2026-09-01": a calendar day in Asia/Shanghai. */
export const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
