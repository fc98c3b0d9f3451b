/**
 * The ONE formatter of subscribe-message fields to WeChat's limits (by keyword type, the key
 * without its number: thing1 → thing): thing ≤ 20 characters, phrase ≤ 5 Chinese characters,
 * character_string ≤ 32 letters/digits/symbols, name ≤ 10 Chinese characters (or 20 letters),
 * number, time ("2026年9月1日 15:01"), date ("2026年9月1日"). A value WeChat would refuse with
 * 47003 is cut or cleaned here, never sent as is. Pure.
 */
import { shanghai } from '../common/time';

export type FieldValue = string | number | Date | null | undefined;
export type TemplateData = Record<string, { value: string }>;

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const HAN_G = /[\u3400-\u9fff\uf900-\ufaff]/g;
const NOT_HAN_G = /[^\u3400-\u9fff\uf900-\ufaff]/g;

/** At most `n` characters (code points), ending in … when cut. */
export function cut(s: string, n: number): string {
  const cs = [...s];
  return cs.length <= n ? s : `${cs.slice(0, n - 1).join('')}…`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export const formatTime = (d: Date | string) => shanghai(d).format('YYYY年M月D日 HH:mm');
export const formatDay = (d: Date | string) => shanghai(d).format('YYYY年M月D日');

/** One field's value, formatted for its keyword type. `fallback` replaces an empty result. */
export function formatField(key: string, value: FieldValue, fallback = '无'): string {
  const type = key.replace(/\d+$/, '');
  if (value instanceof Date) {
    if (type === 'date') return formatDay(value);
    if (type === 'time') return formatTime(value);
    value = formatTime(value);
  }
  const raw = oneLine(value === null || value === undefined ? '' : String(value));
  switch (type) {
    case 'thing': {
      const v = cut(raw, 20);
      return v || cut(fallback, 20);
    }
    case 'phrase': {
      const v = [...raw.replace(NOT_HAN_G, '')].slice(0, 5).join('');
      return v || [...fallback.replace(NOT_HAN_G, '')].slice(0, 5).join('') || '通知';
    }
    case 'character_string': {
      const v = [...raw.replace(HAN_G, '').replace(/\s+/g, '')].slice(0, 32).join('');
      return v || '-';
    }
    case 'name': {
      if (HAN.test(raw)) return [...raw.replace(NOT_HAN_G, '')].slice(0, 10).join('') || '家长';
      const v = [...raw].slice(0, 20).join('');
      return v || '家长';
    }
    case 'number': {
      const m = /-?\d+(?:\.\d+)?/.exec(raw);
      return m ? m[0].slice(0, 32) : '0';
    }
    case 'time':
    case 'date': {
      const d = new Date(raw);
      if (!Number.isNaN(d.getTime())) return type === 'date' ? formatDay(d) : formatTime(d);
      return raw;
    }
    default:
      return cut(raw || fallback, 20);
  }
}

/** A whole template's data: { thing1: 'x', time2: date } → { thing1: { value }, time2: { value } }. */
export function formatTemplateData(fields: Record<string, FieldValue>): TemplateData {
  const out: TemplateData = {};
  for (const [k, v] of Object.entries(fields)) out[k] = { value: formatField(k, v) };
  return out;
}
