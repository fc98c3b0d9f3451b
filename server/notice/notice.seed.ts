/**
 * Demo notices so the inbox is not empty in `npm start`: a 家长会 notice of 三年级1班's head
 * teacher with a 参加 / 不参加 receipt, a school-wide 安全提醒 of school A's principal (已阅知), and a
 * 教联体 open-day notice. Deterministic ids; delivered through the real fan-out (idempotent).
 */
import type { Database } from '../core/cloud';
import type { Cloud } from '../core/cloud';
import { findById } from '../core/persistence';
import { userIdFor } from '../access/actor';
import { C, type SchoolDoc, type StaffDoc } from '../school/model';
import { SCHOOL_SEED, SEED_EPOCH } from '../school/school.seed';
import type { NoticeAudience, NoticeCategory, ReceiptSpec } from '../../types/notice/notice.schema';
import { defined, NOTICES, runFanout, type StoredNotice } from './fanout';

interface SeedNotice {
  _id: string;
  sender: string;
  schoolId: string;
  category: NoticeCategory;
  title: string;
  body: string;
  audience: NoticeAudience;
  audienceLabel: string;
  classIds: string[];
  receipt: ReceiptSpec;
  dayOffset: number;
}

const DAY = 86400_000;

export const NOTICE_SEED: SeedNotice[] = [
  {
    _id: 'nt_seed_a31_meeting',
    sender: 'demo-teacher-001',
    schoolId: SCHOOL_SEED.schoolA,
    category: '家长会',
    title: '三年级1班期中家长会通知',
    body: '各位家长：\n本学期期中家长会定于本周五 18:30 在三年级1班教室召开，内容包括期中学习情况反馈、亲子阅读分享和家校共育建议。请每个家庭至少一位家长参加，并在本通知中回执是否参加。\n如有特殊情况不能到场，请在回执留言中说明。',
    audience: { kind: 'classes', classIds: [SCHOOL_SEED.classA31] },
    audienceLabel: '三年级1班',
    classIds: [SCHOOL_SEED.classA31],
    receipt: { kind: 'choice', options: ['参加', '不参加'], allowComment: true },
    dayOffset: 88,
  },
  {
    _id: 'nt_seed_a_safety',
    sender: 'demo-principal-001',
    schoolId: SCHOOL_SEED.schoolA,
    category: '安全提醒',
    title: '冬季交通与防火安全提醒',
    body: '各位家长：\n冬季天黑早、路面易结冰，请提醒孩子放学后按时回家，过马路走人行横道；家中使用取暖设备时注意用电和防火安全，不让孩子单独使用电暖器。\n感谢您的配合！',
    audience: { kind: 'school' },
    audienceLabel: '全校家长',
    classIds: [],
    receipt: { kind: 'ack' },
    dayOffset: 86,
  },
  {
    _id: 'nt_seed_alliance_open',
    sender: 'demo-principal-001',
    schoolId: SCHOOL_SEED.schoolA,
    category: '活动通知',
    title: '教联体家长开放日邀请',
    body: '滨江区家校社协同育人教联体将于下月第一个周六举办家长开放日，欢迎各校家长走进课堂、参观校园，并参加“如何陪伴孩子度过青春期”专题讲座。具体安排请留意各校后续通知。',
    audience: { kind: 'alliance' },
    audienceLabel: '滨江区家校社协同育人教联体全部学校家长',
    classIds: [],
    receipt: { kind: 'none' },
    dayOffset: 80,
  },
];

async function senderName(db: Database, openid: string, schoolId: string): Promise<string> {
  const r = await db.collection<StaffDoc>(C.staff).where({ schoolId, userId: userIdFor(openid) }).limit(1).get();
  const s = r.data[0] as StaffDoc | undefined;
  if (!s) return '老师';
  const title = s.positions.some((p) => p.title === '校长') ? '校长' : s.positions.some((p) => p.title === '班主任') ? '班主任' : (s.positions[0]?.title ?? '老师');
  return `${s.name}（${title}）`;
}

export async function seedNotices(db: Database): Promise<Record<string, number>> {
  let notices = 0;
  let inbox = 0;
  for (const n of NOTICE_SEED) {
    if (await findById(db, NOTICES, n._id)) continue;
    const school = await findById<SchoolDoc>(db, C.schools, n.schoolId);
    const at = new Date(SEED_EPOCH.getTime() + n.dayOffset * DAY);
    const doc: StoredNotice = {
      _id: n._id,
      schoolId: n.schoolId,
      schoolName: school?.name ?? '',
      kind: 'manual',
      category: n.category,
      title: n.title,
      body: n.body,
      images: [],
      attachment: null,
      audience: n.audience,
      audienceLabel: n.audienceLabel,
      audienceClassIds: n.classIds,
      receipt: n.receipt,
      courseId: null,
      senderId: userIdFor(n.sender),
      senderName: await senderName(db, n.sender, n.schoolId),
      status: 'sending',
      sendAt: at,
      scheduledAt: null,
      counts: { recipients: 0, read: 0, replied: 0, choices: {} },
      fanout: { phase: 'audience', cursor: '', leaseUntil: new Date(0), expected: 0, pages: 0, startedAt: at },
      remindAllowedFrom: at,
      remind: null,
      withdrawnAt: null,
      createdAt: at,
      updatedAt: at,
      subscribe: null,
    };
    await db.collection(NOTICES).add({ data: defined(doc) });
    notices++;
    // No subscribe message in a seed: the cloud is never used.
    const r = await runFanout({ db, cloud: null as unknown as Cloud, now: at }, n._id, 120_000);
    inbox += r.written;
  }
  return { notices, notice_inbox: inbox };
}
