/** dayjs configured for Asia/Shanghai. Import dayjs from here, never directly. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

export function shanghai(d?: dayjs.ConfigType): dayjs.Dayjs {
  return dayjs(d).tz(TZ);
}

export function formatDateTime(d: dayjs.ConfigType): string {
  return shanghai(d).format('YYYY-MM-DD HH:mm');
}

export function formatDate(d: dayjs.ConfigType): string {
  return shanghai(d).format('YYYY-MM-DD');
}

export { dayjs };
