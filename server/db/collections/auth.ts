import { idx, type CollectionDecl } from '../collection-decl';

/** The desktop admin console's sign-in (cloudfunctions/auth). */
export const authCollections: CollectionDecl[] = [
  { name: 'login_tickets', description: '电脑端扫码登录的一次性票据（2 分钟有效，确认一次、领取一次）', indexes: [idx('expiresAt')] },
  { name: 'login_ticket_rate', description: '按来源地址每分钟申请登录票据的次数（防刷）', indexes: [idx('expiresAt')] },
  { name: 'console_sessions', description: '电脑端管理后台的登录会话（8 小时有效，可在手机上退出）', indexes: [idx(['userId', 'revokedAt', 'expiresAt']), idx(['userId', 'createdAt'], { desc: ['createdAt'] })] },
];
