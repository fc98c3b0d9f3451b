/**
 * Validation failures in Chinese: every rejected field becomes one sentence that names the field
 * and the limit ("标题最多 40 个字", "名额不能小于 1"). The server puts these sentences in
 * VALIDATION_FAILED details ({ path, field, message }) and its message; the app shows them with
 * failureText() and marks the fields by path. Pure: used by the functions and the app.
 *
 * Field names: FIELD_LABELS (by the last key of the path) unless the schema was given its own
 * with withLabels(schema, { name: '姓名' }) (a `name` is a 姓名, a 年级名称 or a 班级名称).
 */
import type { ZodIssue, ZodTypeAny } from 'zod';

export const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  summary: '简介',
  body: '正文',
  name: '名称',
  childName: '孩子姓名',
  relation: '与孩子的关系',
  phone: '手机号',
  code: '邀请码',
  reason: '原因',
  capacity: '名额',
  seatsPerFamily: '每户可报名人数',
  seats: '报名人数',
  place: '地点',
  link: '链接',
  mediaUrl: '视频地址',
  durationSeconds: '时长',
  creditHours: '学时',
  hours: '学时',
  sessions: '课次',
  startAt: '开始时间',
  endAt: '结束时间',
  enrollOpensAt: '报名开始时间',
  enrollClosesAt: '报名截止时间',
  cancelDeadline: '取消截止时间',
  topics: '主题',
  form: '活动形式',
  audience: '面向对象',
  classIds: '班级',
  gradeIds: '年级',
  speaker: '主讲人',
  organization: '单位',
  officeHours: '接待时间',
  positions: '职务',
  subject: '任教学科',
  roles: '角色',
  order: '排序',
  validDays: '有效天数',
  semester: '学期',
  levels: '星级门槛',
  thresholds: '星级门槛',
  minutesPerClassHour: '每课时分钟数',
  stepSeconds: '二维码刷新间隔',
  status: '状态',
  kind: '类型',
  fileId: '文件',
  coverFileId: '封面',
  q: '搜索词',
  'speaker.name': '主讲人姓名',
  'speaker.title': '主讲人职务或职称',
  'speaker.organization': '主讲人单位',
  'mode.link': '链接',
  'mode.place': '地点',
  'mode.platform': '直播平台',
  'classHourRule.minutesPerClassHour': '每课时分钟数',
  version: '版本',
};

const labelsBySchema = new WeakMap<object, Record<string, string>>();

/** Give a schema its own field names (merged over FIELD_LABELS); returns the same schema. */
export function withLabels<S extends ZodTypeAny>(schema: S, labels: Record<string, string>): S {
  labelsBySchema.set(schema, { ...(labelsBySchema.get(schema) ?? {}), ...labels });
  return schema;
}

export function labelsOf(schema: ZodTypeAny): Record<string, string> {
  return labelsBySchema.get(schema) ?? {};
}

export interface FieldIssue {
  /** 'title', 'sessions.0.startAt' */
  path: string;
  /** The Chinese name of the field ('标题'). */
  field: string;
  /** The sentence to show ('标题最多 40 个字'). */
  message: string;
}

/** The Chinese name of the field at `path`: the own label of its full path or of its last key. */
export function fieldLabel(path: (string | number)[], labels: Record<string, string> = {}): string {
  const full = path.join('.');
  if (labels[full]) return labels[full];
  const generic = path.filter((p) => typeof p === 'string').join('.');
  if (FIELD_LABELS[generic] && generic.includes('.')) return FIELD_LABELS[generic];
  const keys = path.filter((p): p is string => typeof p === 'string');
  const last = keys[keys.length - 1];
  if (!last) return '内容';
  const index = path.find((p): p is number => typeof p === 'number');
  const base = labels[last] ?? FIELD_LABELS[last] ?? '内容';
  // sessions.1.startAt → 第2个课次的开始时间
  if (index !== undefined && keys.length >= 2) {
    const parent = labels[keys[0]] ?? FIELD_LABELS[keys[0]];
    if (parent) return `第${index + 1}个${parent}的${base}`;
  }
  return base;
}

const hasChinese = (s: string) => /[\u4e00-\u9fa5]/.test(s);

/** One issue → one sentence naming the field and the limit. */
export function issueSentence(issue: ZodIssue, field: string): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined' || issue.received === 'null') return `请填写${field}`;
      if (issue.expected === 'integer') return `${field}须为整数`;
      if (issue.expected === 'number') return `${field}须为数字`;
      return `${field}的格式不正确`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.type === 'string') return min <= 1 ? `请填写${field}` : `${field}至少 ${min} 个字`;
      if (issue.type === 'array' || issue.type === 'set') return min <= 1 ? `请至少选择一个${field}` : `${field}至少 ${min} 项`;
      if (issue.type === 'date') return `${field}不能早于 ${String(issue.minimum)}`;
      return issue.inclusive ? `${field}不能小于 ${min}` : `${field}必须大于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.type === 'string') return `${field}最多 ${max} 个字`;
      if (issue.type === 'array' || issue.type === 'set') return `${field}最多 ${max} 项`;
      if (issue.type === 'date') return `${field}不能晚于 ${String(issue.maximum)}`;
      return issue.inclusive ? `${field}不能大于 ${max}` : `${field}必须小于 ${max}`;
    }
    case 'invalid_enum_value':
    case 'invalid_literal':
      return `请选择${field}`;
    case 'invalid_string':
      if (hasChinese(issue.message)) return issue.message.includes(field) ? issue.message : `${field}：${issue.message}`;
      return `${field}的格式不正确`;
    case 'invalid_date':
      return `${field}不是有效的日期`;
    case 'not_multiple_of':
      return `${field}须为 ${String(issue.multipleOf)} 的整数倍`;
    case 'unrecognized_keys':
      return '提交的内容包含不支持的项目，请更新小程序后重试';
    default:
      // custom refinements carry their own Chinese sentence
      if (hasChinese(issue.message)) return issue.message;
      return `${field}填写有误`;
  }
}

/** Every issue of a failed parse, with the field's Chinese name and the sentence (one per field). */
export function fieldIssues(issues: ZodIssue[], labels: Record<string, string> = {}): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const i of issues) {
    const path = i.path.join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    const field = fieldLabel(i.path, labels);
    out.push({ path, field, message: issueSentence(i, field) });
  }
  return out;
}

/** The sentence a user reads for these issues (at most three fields, then 等). */
export function validationSentence(issues: FieldIssue[]): string {
  if (!issues.length) return '填写的内容有误，请检查后重试';
  const shown = issues.slice(0, 3).map((i) => i.message);
  return shown.join('；') + (issues.length > 3 ? ` 等 ${issues.length} 处需修改` : '');
}

/** Details of a VALIDATION_FAILED result as sent by older functions ({ path, message }) or these. */
export function asFieldIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is { path: string; message: string; field?: string } => !!d && typeof d === 'object' && typeof (d as { path?: unknown }).path === 'string')
    .map((d) => ({ path: d.path, field: d.field ?? fieldLabel(d.path.split('.')), message: hasChinese(String(d.message)) ? String(d.message) : `${d.field ?? fieldLabel(d.path.split('.'))}填写有误` }));
}

/** Validate on the client with the server's schema: null when fine, else the issues to mark. */
export function checkInput(schema: ZodTypeAny, value: unknown): FieldIssue[] | null {
  const r = schema.safeParse(value);
  return r.success ? null : fieldIssues(r.error.issues, labelsOf(schema));
}
