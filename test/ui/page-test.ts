/**
 * Shared steps of the jsdom page tests (ui project):
 *   seedSchoolInUiCloud()  the school demo structure (schools, grades, classes, staff, families; no
 *                          dev sign-in users) in the ui local cloud, through the real wx-server-sdk
 *   byTestId / typeInto    find an element by data-testid; type into a Taro Input as a person would
 */
/* eslint-disable @typescript-eslint/no-var-requires */

/** The real wx-server-sdk database of the ui project's local cloud (UI_TEST_CLOUD_URL). */
export function uiCloudDb() {
  // The local cloud's placeholder environment for the SDK (as localcloud/isolated-env ensureBaseEnv sets it).
  const e = process.env;
  e.TENCENTCLOUD_SECRETID ||= 'local-secret-id';
  e.TENCENTCLOUD_SECRETKEY ||= 'local-secret-key';
  e.TENCENTCLOUD_RUNENV ||= 'SCF';
  e.TENCENTCLOUD_REGION ||= 'ap-shanghai';
  e.SCF_NAMESPACE ||= 'local-env';
  e.TCB_ENV ||= 'local-env';
  const cloudSdk = require('wx-server-sdk');
  return cloudSdk.createNewInstance({ env: 'local-env', serviceUrl: `${process.env.UI_TEST_CLOUD_URL}/admin` }).database();
}

export async function seedSchoolInUiCloud(): Promise<void> {
  const { seedSchool } = require('../../server/school/school.seed');
  await seedSchool(uiCloudDb(), { devUsers: false });
}

export const byTestId = (root: Element, testId: string) => root.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;

/** H5 Taro Input: the native <input> gets the value, the wrapper the input event Taro listens to. */
export function typeInto(el: Element, value: string): void {
  const inner = el.querySelector('input');
  if (inner) {
    (inner as HTMLInputElement).value = value;
    inner.dispatchEvent(new Event('input', { bubbles: true }));
  }
  el.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value } }));
}

/**
 * A person's steps on a mounted page, each inside act(): tap an element, type into a Taro Input.
 * `pages()` mounts pages for one test and unmounts them after it (call it at the top of a file).
 */
export async function tap(el: Element | null): Promise<void> {
  if (!el) throw new Error('nothing to tap');
  const { act } = require('@tarojs/test-utils-react/dist/pure');
  await act(async () => {
    (el as HTMLElement).click();
  });
}

export async function type(el: Element | null, value: string): Promise<void> {
  if (!el) throw new Error('no input');
  const { act } = require('@tarojs/test-utils-react/dist/pure');
  await act(async () => typeInto(el, value));
}

export function pages(): (ui: unknown) => { container: HTMLElement; unmount(): void } {
  const { render } = require('@tarojs/test-utils-react/dist/pure');
  const mounted: { unmount(): void }[] = [];
  afterEach(() => mounted.splice(0).forEach((r) => r.unmount()));
  return (ui) => {
    const r = render(ui, {});
    mounted.push(r);
    return r;
  };
}
