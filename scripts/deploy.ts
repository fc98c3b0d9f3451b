/**
 * npm run deploy — takes the product to a school's own 云开发 environment.
 *
 *   npm run deploy                       dry run (the default; also with --dry-run, and in CI)
 *   npm run deploy -- --env <envId> [--version 1.2.0] [--desc "…"] [--skip-weapp]
 *
 * Dry run, with no network and no secrets: bundles the functions, builds the plan (functions with
 * sizes, permissions, timeouts, triggers and env variable names; collections with indexes; rules),
 * validates it against the environment's quotas, compiles dist/weapp the way an upload does and
 * runs miniprogram-ci's package-size and code-quality checks. Exits 1 on any violation.
 * Real run: reads the environment's state, prints what differs, changes only that, uploads the
 * mini-program. Secrets come from the environment, never from the repository (docs/deploy.md).
 */
import { buildFunctions } from './build-functions';
import { deployLimits } from './deploy/limits';
import { buildPlan, envVariablesOf, FUNCTIONS_DIR, validatePlan, type DeployPlan } from './deploy/plan';
import { codeHashOf, diffPlan } from './deploy/diff';
import { checkWeappOffline, weappViolations } from './deploy/weapp';

interface Args {
  env: string | null;
  dryRun: boolean;
  version: string;
  desc: string;
  skipWeapp: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { env: null, dryRun: false, version: '', desc: '', skipWeapp: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--env') a.env = argv[++i] ?? null;
    else if (k === '--dry-run') a.dryRun = true;
    else if (k === '--version') a.version = argv[++i] ?? '';
    else if (k === '--desc') a.desc = argv[++i] ?? '';
    else if (k === '--skip-weapp') a.skipWeapp = true;
    else throw new Error(`未知参数 ${k}（可用：--env <环境ID> --dry-run --version --desc --skip-weapp）`);
  }
  if (!a.env || process.env.CI) a.dryRun = true;
  return a;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function printPlan(plan: DeployPlan, log: (l: string) => void): void {
  log(`云函数 ${plan.functions.length} 个${plan.skippedFunctions.length ? `（不部署：${plan.skippedFunctions.join('、')}，仅本地开发用）` : ''}`);
  for (const f of plan.functions) {
    const bits = [kb(f.codeBytes), `超时 ${f.timeoutS} 秒`];
    if (f.openapi.length) bits.push(`openapi：${f.openapi.join(', ')}`);
    if (f.triggers.length) bits.push(`定时：${f.triggers.map((t) => `${t.name}「${t.config}」`).join('、')}`);
    if (f.envVariables.length) bits.push(`环境变量：${f.envVariables.join(', ')}`);
    log(`  · ${f.name}：${bits.join('；')}`);
  }
  log(`集合 ${plan.collections.length} 个（全部仅云函数可读写，客户端不可直接访问）`);
  for (const c of plan.collections) log(`  · ${c.name}：索引 ${c.indexes.length} 个${c.indexes.some((i) => i.unique) ? `（唯一：${c.indexes.filter((i) => i.unique).map((i) => i.name).join('、')}）` : ''}`);
  log(`云存储安全规则：读 ${JSON.stringify(plan.storageRule.read)}；写 ${plan.storageRule.write}`);
  const env = envVariablesOf(plan);
  log(`环境变量 ${env.size} 个：${[...env.entries()].map(([k, fns]) => `${k}（${fns.join('、')}）`).join('；') || '无'}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const log = (l: string) => console.log(l);
  const limits = deployLimits();
  await buildFunctions();
  const plan = buildPlan();
  log(args.dryRun ? '▶ 部署演练（不联网、不需要密钥）' : `▶ 部署到云开发环境 ${args.env}`);
  printPlan(plan, log);
  const violations = validatePlan(plan, limits);
  if (!args.skipWeapp) {
    const w = await checkWeappOffline();
    log(`小程序离线编译（与上传相同：es6 + 压缩）：${w.compiledFiles} 个文件，压缩包 ${kb(w.compiledZipBytes)}，用时 ${(w.ms / 1000).toFixed(1)} 秒`);
    log(`  包大小：${Object.entries(w.packages).map(([k, v]) => `${k === '__APP__' ? '主包' : k} ${kb(v)}`).join('；')}`);
    const failed = w.quality.filter((q) => !q.success);
    if (failed.length) log(`  代码质量提示：${failed.map((q) => q.name).join('、')}`);
    violations.push(...weappViolations(w, limits));
  }
  if (violations.length) {
    for (const v of violations) console.error(`✖ ${v}`);
    return 1;
  }
  log('✔ 计划符合环境配额与平台限制');
  if (args.dryRun) return 0;

  const missing: string[] = [];
  const need = (k: string) => {
    const v = process.env[k];
    if (!v) missing.push(k);
    return v ?? '';
  };
  const secrets = {
    envId: args.env!,
    appid: need('WEAPP_APPID'),
    secretId: need('TENCENTCLOUD_SECRETID'),
    secretKey: need('TENCENTCLOUD_SECRETKEY'),
    uploadKey: process.env.WEAPP_UPLOAD_KEY || (process.env.WEAPP_UPLOAD_KEY_PATH ? require('fs').readFileSync(process.env.WEAPP_UPLOAD_KEY_PATH, 'utf8') : need('WEAPP_UPLOAD_KEY')),
  };
  const env: Record<string, string> = {};
  for (const k of envVariablesOf(plan).keys()) env[k] = need(k);
  if (missing.length) {
    console.error(`✖ 缺少环境变量：${missing.join('、')}（见 docs/deploy.md）`);
    return 1;
  }
  const { readState, applyChanges, uploadWeapp } = await import('./deploy/cloudbase');
  const hashes = Object.fromEntries(plan.functions.map((f) => [f.name, codeHashOf(f, FUNCTIONS_DIR)]));
  const state = await readState(plan, secrets);
  const changes = diffPlan(plan, state, env, hashes);
  log(changes.length ? `需要变更 ${changes.length} 项：` : '云端已与计划一致，无需变更');
  await applyChanges(plan, changes, env, hashes, secrets, log);
  if (!args.skipWeapp) {
    const version = args.version || require('../package.json').version;
    await uploadWeapp(secrets, version, args.desc || `家长学校 ${version}`);
    log(`✔ 已上传小程序 ${version}（在微信公众平台「版本管理」中提交审核）`);
  }
  log(`✔ 完成：变更 ${changes.length} 项`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`✖ 部署失败：${(e as Error).message}`);
      process.exit(1);
    },
  );
}
