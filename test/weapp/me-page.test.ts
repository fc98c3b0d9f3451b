/**
 * The weapp build's 我的 page under miniprogram-simulate, as demo-parent-001 (two children in two
 * schools) against a real local cloud with the demo data: it lists the children, marks the
 * selected one, and tapping the other switches the current child on the server.
 */
import { bootWeapp, until, type SimComponent, type WeappRuntime } from './weapp-harness';

const OPENID = 'demo-parent-001';
const text = (el: { dom: HTMLElement }) => el.dom.textContent || '';

async function profile(): Promise<{ currentChildId: string | null; children: { childId: string; childName: string }[] }> {
  const url = process.env.WEAPP_TEST_CLOUD_URL!;
  const login = await fetch(`${url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: OPENID }) });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${url}/functions/school`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action: 'me', input: {} }),
  });
  const r = (await res.json()) as { ok: boolean; data: never };
  expect(r.ok).toBe(true);
  return r.data;
}

describe('weapp build · 我的 page (miniprogram-simulate)', () => {
  let rt: WeappRuntime;
  beforeAll(async () => {
    rt = await bootWeapp(process.env.WEAPP_TEST_CLOUD_URL!, OPENID);
  });

  it('shows both children and switches the current one on tap', async () => {
    const before = await profile();
    expect(before.children).toHaveLength(2);
    const selected = before.children.find((c) => c.childId === before.currentChildId) ?? before.children[0];
    const other = before.children.find((c) => c !== selected)!;

    const page = await rt.loadPage('pages/me/index');
    await until(() => expect(text(page)).toContain('我的孩子'));
    expect(rt.cloudCalls[0]).toEqual({ name: 'school', action: 'ensureUser' });

    const cells = () => page.querySelectorAll('.nut-cell-clickable');
    const cellOf = (name: string): SimComponent => {
      const cell = cells().find((c) => text(c).includes(name));
      if (!cell) throw new Error(`no cell for child`);
      return cell;
    };
    expect(text(cellOf(selected.childName))).toContain('当前');
    expect(text(cellOf(other.childName))).not.toContain('当前');

    cellOf(other.childName).dispatchEvent('tap');

    await until(() => expect(text(cellOf(other.childName))).toContain('当前'));
    expect(text(cellOf(selected.childName))).not.toContain('当前');
    expect(rt.cloudCalls.map((c) => c.action)).toContain('switchChild');
    expect(rt.toasts).toContain('已切换');
    // the switch happened on the server, not just on screen
    expect((await profile()).currentChildId).toBe(other.childId);
  });
});
