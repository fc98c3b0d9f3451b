import { idx, type CollectionDecl } from '../collection-decl';

/** Cross-cutting collections: users (one doc per WeChat user) and in-app notices. */
export const platformCollections: CollectionDecl[] = [
  { name: 'users', description: '用户（按 openid 派生 _id，含成员身份与孩子的冗余副本）', indexes: [idx('openid', { unique: true }), idx('children.classId'), idx('children.childId'), idx('children.schoolId'), idx('memberships.schoolId')] },
  { name: 'notices', description: '站内通知（含已读回执）', indexes: [idx(['userId', 'createdAt'], { desc: ['createdAt'] }), idx(['schoolId', 'createdAt'])] },
  { name: 'dev_demo_users', description: '演示用户（仅本地云开发模式使用）', indexes: [] },
  { name: 'test_items', description: 'Local cloud self-tests only', indexes: [idx('n'), idx('code', { unique: true })] },
];
