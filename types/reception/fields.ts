/** Field schemas of the reception inputs (接待日 and 开放日 alike). */
import { z } from 'zod';

export { clockTime as hhmm, calendarDay as ymd } from '../common/fields';
/** A document id: reception ids are composite (`${dayId}_${time}_${n}`), hence the 120. */
export const id = z.string().min(1).max(120);
