import { idx, type CollectionDecl } from '../collection-decl';

/** Cross-cutting collections: users (one doc per WeChat user) and in-app notices. */
export const platformCollections: CollectionDecl[] = [
  { name: 'users', description: '用户（按 openid 派生 _id，含成员身份与孩子的冗余副本）', indexes: [idx('openid', { unique: true }), idx('children.classId'), idx('children.childId'), idx('children.schoolId'), idx('memberships.schoolId')] },
  {
    name: 'notices',
    description: '通知（一条通知一条记录：发送人、范围、回执要求、分发进度与已读计数；收件见 notice_inbox）',
    indexes: [
      idx(['userId', 'createdAt'], { desc: ['createdAt'] }),
      idx(['schoolId', 'createdAt']),
      idx(['schoolId', 'senderId', 'sendAt'], { desc: ['sendAt'] }),
      idx(['schoolId', 'sendAt'], { desc: ['sendAt'] }),
      idx(['status', 'sendAt']),
      idx(['remind.status', 'remind.dueAt']),
    ],
  },
  { name: 'dev_demo_users', description: '演示用户（仅本地云开发模式使用）', indexes: [] },
  { name: 'test_items', description: 'Local cloud self-tests only', indexes: [idx('n'), idx('code', { unique: true })] },
];
