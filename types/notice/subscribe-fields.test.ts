/** The subscribe-message formatter: every output passes WeChat's field rules as the local cloud enforces them (47003 otherwise). */
import { checkTemplateData } from '../../localcloud/openapi';
import { dayjs, TZ } from '../common/time';
import { cut, formatField, formatTemplateData } from './subscribe-fields';

const d = dayjs.tz('2026-12-05 18:30', TZ).toDate();

test.each([
  ['thing1', '短标题', '短标题'],
  ['thing1', '这是一个超过二十个字的很长很长很长很长的通知标题', '这是一个超过二十个字的很长很长很长很长…'],
  ['thing1', '', '无'],
  ['thing1', '多行\n文本\t内容', '多行 文本 内容'],
  ['thing2', '😀'.repeat(25), `${'😀'.repeat(19)}…`],
  ['phrase3', '候补成功', '候补成功'],
  ['phrase3', '已取消(老师)', '已取消老师'],
  ['phrase3', '报名成功啦朋友们', '报名成功啦'],
  ['phrase3', 'OK', '无'],
  ['character_string4', 'AB-123 号', 'AB-123'],
  ['character_string4', 'x'.repeat(40), 'x'.repeat(32)],
  ['name5', '王小明同学家长', '王小明同学家长'],
  ['name5', '欧阳娜娜娜娜娜娜娜娜娜', '欧阳娜娜娜娜娜娜娜娜'],
  ['name5', 'Tom', 'Tom'],
  ['time6', d, '2026年12月5日 18:30'],
  ['date7', d, '2026年12月5日'],
  ['number8', '共 12 人', '12'],
])('%s %j → %j', (key, value, expected) => {
  const v = formatField(key, value);
  expect(v).toBe(expected);
  expect(checkTemplateData({ [key]: { value: v } })).toBeUndefined();
});

test('a whole template, from raw values, is accepted as is', () => {
  const data = formatTemplateData({ thing1: '关于召开三年级期中家长会暨亲子阅读分享活动的通知', thing2: '滨江实验小学', time3: d, thing4: '', phrase5: 'abc' });
  expect(checkTemplateData(data)).toBeUndefined();
});

test('cut counts code points', () => {
  expect(cut('ab', 2)).toBe('ab');
  expect(cut('abc', 2)).toBe('a…');
});
