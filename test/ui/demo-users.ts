/** dev_demo_users docs as the seed writes them ({ _id: openid, label, role, schoolName, description }). */
export const DEMO_USERS = [
  { _id: 'ui-parent-001', label: '家长 · 测试一', role: 'parent', schoolName: '测试第一小学', description: '一年级1班' },
  { _id: 'ui-parent-002', label: '家长 · 测试二', role: 'parent', schoolName: '测试第一小学', description: '二年级2班' },
  { _id: 'ui-head-001', label: '班主任 · 测试', role: 'head-teacher', schoolName: '测试第一小学', description: '一年级1班' },
  { _id: 'ui-principal-001', label: '校长 · 测试', role: 'principal', schoolName: '测试第一小学', description: '' },
  { _id: 'ui-admin-001', label: '学校管理员 · 测试', role: 'admin', schoolName: '测试第一小学', description: '' },
];
