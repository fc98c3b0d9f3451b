import { COLLECTIONS } from '../server/db/collections';
import { LOCAL_ONLY, consoleDeclaration } from './print-db-decl';

test('the console declaration lists every deployable collection with its indexes and rule', () => {
  const decl = consoleDeclaration();
  const deployable = COLLECTIONS.filter((c) => !LOCAL_ONLY.has(c.name));
  expect(decl.map((d) => d.collection)).toEqual(deployable.map((c) => c.name));
  expect(decl.find((d) => d.collection === 'dev_demo_users')).toBeUndefined();
  const users = decl.find((d) => d.collection === 'users')!;
  expect(users.indexes).toContainEqual({ name: 'openid_1', unique: true, fields: [{ field: 'openid', order: '升序' }] });
  expect(users.securityRule).toEqual({ read: false, write: false });
  for (const c of deployable) {
    const d = decl.find((x) => x.collection === c.name)!;
    expect(d.indexes.map((i) => i.name)).toEqual(c.indexes.map((i) => i.name));
  }
});
