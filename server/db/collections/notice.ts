import { idx, type CollectionDecl } from '../collection-decl';

/**
 * Notices (issue 9). `notices` keeps one document per notice (the sender's message, audience,
 * fan-out progress, counters kept by conditional increments and recounted from the inbox);
 * `notice_inbox/{noticeId}_{userId}` one per parent user (read, own receipt);
 * `notice_receipts/{noticeId}_{childId}` one receipt per family (the first guardian's); acceptances of
 * subscribe-message templates per user × template.
 */
export const noticeCollections: CollectionDecl[] = [
  {
    name: 'notice_inbox',
    description: '通知收件箱（_id = noticeId_userId，一位家长一条；已读时间、回执）',
    indexes: [
      idx(['userId', 'status', 'sendAt'], { desc: ['sendAt'] }),
      idx(['userId', 'childIds', 'sendAt'], { desc: ['sendAt'] }),
      idx(['userId', 'readAt']),
      idx(['noticeId', '_id']),
      idx(['noticeId', 'readAt', '_id']),
      // oversight: read rate of a class / grade in a term
      idx(['classIds', 'sendAt']),
    ],
  },
  {
    name: 'notice_receipts',
    description: '通知回执（_id = noticeId_childId，一个家庭一条：先提交的监护人为准）',
    indexes: [idx(['noticeId', '_id'])],
  },
  {
    name: 'subscribe_acceptances',
    description: '订阅消息授权次数（_id = userId_templateId；同意 +1，发送 −1，43101 归零）',
    indexes: [idx('userId')],
  },
];
