import { codeMatches, parseKeyring, signCertificate, type SignedFields } from './keys';

const fields: SignedFields = { id: 'c1', number: '2026-K7QM-000001', schoolId: 's1', schoolYear: '2026-2027', familyId: 'f1', userId: 'u1', holderName: '张小明', hours: 8, excellent: false, issuedAt: new Date('2027-06-30T02:00:00Z') };

test('parseKeyring: ids of one code character, secrets of 16+ characters, the active one or the last', () => {
  expect(parseKeyring('', undefined)).toBeNull();
  expect(parseKeyring('A:short', undefined)).toBeNull();
  expect(parseKeyring('0:xxxxxxxxxxxxxxxxxxxx', undefined)).toBeNull(); // 0 is not a code character
  const k = parseKeyring('A:aaaaaaaaaaaaaaaaaaaa, B:bbbbbbbbbbbbbbbbbbbb', undefined)!;
  expect([...k.keys.keys()]).toEqual(['A', 'B']);
  expect(k.active).toBe('B');
  expect(parseKeyring('A:aaaaaaaaaaaaaaaaaaaa,B:bbbbbbbbbbbbbbbbbbbb', 'a')!.active).toBe('A');
});

test('rotation: a code signed with the old key verifies while the key is listed, not after it is dropped', () => {
  const old = parseKeyring('A:aaaaaaaaaaaaaaaaaaaa', 'A')!;
  const { code, keyId } = signCertificate(old, fields);
  expect(keyId).toBe('A');
  expect(code).toMatch(/^A[2-9A-Z]{11}$/);
  const rotated = parseKeyring('A:aaaaaaaaaaaaaaaaaaaa,B:bbbbbbbbbbbbbbbbbbbb', 'B')!;
  expect(codeMatches(rotated, fields, code)).toBe(true);
  expect(signCertificate(rotated, fields).code.charAt(0)).toBe('B');
  expect(codeMatches(parseKeyring('B:bbbbbbbbbbbbbbbbbbbb', 'B')!, fields, code)).toBe(false);
});

test.each<[string, Partial<SignedFields>]>([
  ['another holder name', { holderName: '张小红' }],
  ['more hours', { hours: 80 }],
  ['another school', { schoolId: 's2' }],
  ['another number', { number: '2026-K7QM-000002' }],
  ['marked excellent', { excellent: true }],
  ['another issue time', { issuedAt: new Date('2027-07-01T02:00:00Z') }],
])('a code does not vouch for %s', (_n, change) => {
  const ring = parseKeyring('A:aaaaaaaaaaaaaaaaaaaa', 'A')!;
  const { code } = signCertificate(ring, fields);
  expect(codeMatches(ring, fields, code)).toBe(true);
  expect(codeMatches(ring, { ...fields, ...change }, code)).toBe(false);
});
