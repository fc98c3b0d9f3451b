import { idx, type CollectionDecl } from '../collection-decl';

/** Exports for inspection (issue 13): jobs and the pages they have read so far. */
export const exportCollections: CollectionDecl[] = [
  {
    name: 'export_jobs',
    description: '导出任务（_id = 导出人与导出内容的哈希，同一导出同时只有一个；进度、游标、文件；24小时后连同文件删除）',
    indexes: [idx(['status', 'leaseUntil']), idx('expiresAt'), idx(['ownerUserId', 'createdAt'], { desc: ['createdAt'] })],
  },
  {
    name: 'export_chunks',
    description: '导出任务的分步读取结果（_id = jobId_g代_s步，写入工作簿后删除）',
    indexes: [idx(['jobId', 'gen', '_id']), idx('expiresAt')],
  },
];
