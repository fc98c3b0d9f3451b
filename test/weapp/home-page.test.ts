/**
 * The weapp build's 首页 under miniprogram-simulate, as demo-teacher-001 (班主任 of 三年级1班) against
 * a real local cloud with the demo data: the next steps are a head teacher's, and tapping
 * 班级名单 navigates into the school subpackage.
 */
import { bootWeapp, until, type WeappRuntime } from './weapp-harness';

const text = (el: { dom: HTMLElement }) => el.dom.textContent || '';

describe('weapp build · 首页 (miniprogram-simulate)', () => {
  let rt: WeappRuntime;
  beforeAll(async () => {
    rt = await bootWeapp(process.env.WEAPP_TEST_CLOUD_URL!, 'demo-teacher-001');
  });

  it("shows a head teacher's next steps and opens the class roster on tap", async () => {
    const page = await rt.loadPage('pages/home/index');
    await until(() => expect(text(page)).toContain('下一步'));
    const body = text(page);
    expect(body).toContain('滨江实验小学');
    expect(body).toContain('班级邀请码');
    expect(body).toContain('班级名单');
    expect(body).not.toContain('绑定孩子');

    const roster = page.querySelectorAll('.nut-cell-clickable').find((c) => text(c).includes('班级名单'));
    expect(roster).toBeDefined();
    roster!.dispatchEvent('tap');
    await until(() => expect(rt.navigations).toContainEqual({ api: 'navigateTo', url: '/packages/school/pages/roster/index' }));
  });
});
