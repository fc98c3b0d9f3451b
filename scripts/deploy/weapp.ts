/**
 * The mini-program side of a deployment, through miniprogram-ci (the compiler WeChat DevTools
 * uses). Offline (the dry run): compile dist/weapp the way an upload does (es6 + minify) and run
 * its code-quality checks, package sizes included. miniprogram-ci asks WeChat for the project's
 * attributes when it has a real key; with none, the project answers with miniprogram-ci's own
 * DefaultProjectAttr (the published limits: main 2 MB, subpackage 2 MB), so nothing goes online.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT } from './plan';
import type { DeployLimits } from './limits';

export const WEAPP_DIR = join(ROOT, 'dist', 'weapp');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function ciProject(appid: string | null, uploadKey: string | null): Any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci');
  const project = new ci.Project({
    appid: appid ?? 'wx0000000000000000',
    type: 'miniProgram',
    projectPath: WEAPP_DIR,
    privateKey: uploadKey ?? 'offline',
    ignores: ['node_modules/**/*'],
  });
  if (!uploadKey) project.attr = async () => ci.DefaultProjectAttr;
  return project;
}

export interface WeappCheck {
  compiledFiles: number;
  compiledZipBytes: number;
  /** Bytes per package root as miniprogram-ci measures them ('__APP__' = the main package). */
  packages: Record<string, number>;
  /** Code-quality checks that did not pass (name and text). */
  quality: { name: string; success: boolean; text: string }[];
  ms: number;
}

export async function checkWeappOffline(): Promise<WeappCheck> {
  if (!existsSync(join(WEAPP_DIR, 'app.json'))) throw new Error('dist/weapp 不存在：请先运行 npm run build:weapp');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci');
  const project = ciProject(null, null);
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'weapp-compile-'));
  const zip = join(dir, 'compiled.zip');
  // miniprogram-ci logs its own chatter (and failed lookups of WeChat hosts) to the console.
  const quiet = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  console.log = console.info = console.warn = console.error = () => undefined;
  try {
    const files = await ci.getCompiledResult({ project, setting: { es6: true, minify: true }, onProgressUpdate: () => undefined }, zip);
    const quality = (await ci.checkCodeQuality(project)) as { name: string; success: boolean; text: string; detail?: Record<string, number> }[];
    const size = quality.find((q) => q.name === 'PACKAGE_SIZE_LIMIT');
    return {
      compiledFiles: Object.keys(files ?? {}).length,
      compiledZipBytes: existsSync(zip) ? statSync(zip).size : 0,
      packages: size?.detail ?? {},
      quality: quality.map(({ name, success, text }) => ({ name, success, text })),
      ms: Date.now() - t0,
    };
  } finally {
    Object.assign(console, quiet);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Violations of the package limits, by the compiled sizes. */
export function weappViolations(c: WeappCheck, limits: DeployLimits): string[] {
  const v: string[] = [];
  if (c.compiledFiles === 0) v.push('小程序编译没有产出任何文件');
  const main = c.packages.__APP__ ?? 0;
  if (!main) v.push('未能测得主包大小');
  if (main > limits.maxMainPackageBytes) v.push(`主包 ${(main / 1024).toFixed(0)} KB，超过 ${limits.maxMainPackageBytes / 1024} KB 上限`);
  let total = 0;
  for (const [root, bytes] of Object.entries(c.packages)) {
    total += bytes;
    if (root !== '__APP__' && bytes > limits.maxSubpackageBytes) v.push(`分包 ${root} ${(bytes / 1024).toFixed(0)} KB，超过 ${limits.maxSubpackageBytes / 1024} KB 上限`);
  }
  if (total > limits.maxTotalPackageBytes) v.push(`整个小程序 ${(total / 1024).toFixed(0)} KB，超过 ${limits.maxTotalPackageBytes / 1024} KB 上限`);
  const sizeCheck = c.quality.find((q) => q.name === 'PACKAGE_SIZE_LIMIT');
  if (sizeCheck && !sizeCheck.success) v.push(`代码质量检查未通过：${sizeCheck.text}`);
  return v;
}
