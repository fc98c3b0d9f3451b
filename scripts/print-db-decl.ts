/**
 * Prints the project's database declaration (server/db/collections) in the form the WeChat
 * cloud console asks for: per collection the permission preset (and the equivalent custom
 * security rule JSON) and every index with its fields, order and uniqueness.
 *   npx tsx scripts/print-db-decl.ts          # readable checklist for 云开发控制台 → 数据库
 *   npx tsx scripts/print-db-decl.ts --json   # the same as JSON
 */
import { COLLECTIONS } from '../server/db/collections';
import type { CollectionDecl, SecurityRule } from '../server/db/collection-decl';

/** Console presets (数据权限) and the custom security rule (安全规则) each stands for. */
export const RULES: Record<SecurityRule, { label: string; rule: { read: boolean | string; write: boolean | string } }> = {
  ADMINONLY: { label: '仅管理端可读写', rule: { read: false, write: false } },
  ADMINWRITE: { label: '所有用户可读，仅管理端可写', rule: { read: true, write: false } },
  READONLY: { label: '所有用户可读，仅创建者及管理端可写', rule: { read: true, write: 'doc._openid == auth.openid' } },
  PRIVATE: { label: '仅创建者及管理端可读写', rule: { read: 'doc._openid == auth.openid', write: 'doc._openid == auth.openid' } },
};

/** Collections that exist only in the local cloud (dev sign-in, self-tests): not created in WeChat. */
export const LOCAL_ONLY = new Set(['dev_demo_users', 'test_items']);

export function consoleDeclaration(collections: CollectionDecl[] = COLLECTIONS) {
  return collections.filter((c) => !LOCAL_ONLY.has(c.name)).map((c) => {
    const rule = RULES[c.rule ?? 'ADMINONLY'];
    return {
      collection: c.name,
      description: c.description,
      permission: c.rule ?? 'ADMINONLY',
      permissionLabel: rule.label,
      securityRule: rule.rule,
      indexes: c.indexes.map((i) => ({
        name: i.name,
        unique: !!i.unique,
        fields: i.keys.map((k) => ({ field: k.field, order: k.direction === 1 ? '升序' : '降序' })),
      })),
    };
  });
}

function main(): void {
  const decl = consoleDeclaration();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(decl, null, 2));
    return;
  }
  const lines: string[] = [];
  lines.push(`# 云数据库声明（${decl.length} 个集合）`);
  lines.push('在 云开发控制台 → 数据库 中：为每个集合「添加集合」，在「数据权限」中选择权限（或在「自定义安全规则」中粘贴规则），');
  lines.push('在「索引管理」中按下列字段与顺序「添加索引」（_id 索引系统自带）。');
  for (const c of decl) {
    lines.push('');
    lines.push(`## ${c.collection} — ${c.description}`);
    lines.push(`权限：${c.permissionLabel}（${c.permission}）  自定义安全规则：${JSON.stringify(c.securityRule)}`);
    if (c.indexes.length === 0) lines.push('索引：（无，仅 _id）');
    for (const i of c.indexes) {
      lines.push(`索引 ${i.name}：${i.fields.map((f) => `${f.field} ${f.order}`).join('，')}；${i.unique ? '唯一' : '非唯一'}`);
    }
  }
  console.log(lines.join('\n'));
}

if (require.main === module) main();
