/**
 * The WeChat cloud (云开发) limits a deployment must fit in, per environment. Sources:
 *  - functions, collections, indexes per collection: developers.weixin.qq.com/miniprogram/dev/wxcloud/basis/concepts/quota.html
 *    ("Number of cloud functions: 50", "Maximum number of collections: 100",
 *    "Maximum number of indexes in a single collection in the database: 20");
 *  - function timeout ≤ 60 s (console maximum), one timer trigger per function
 *    (see shared reference wx-server-sdk-wire.md, "WeChat platform limits");
 *  - mini-program package: main ≤ 2 MB, each subpackage ≤ 2 MB, all ≤ 20 MB.
 * A school on a larger plan can raise these with DEPLOY_MAX_FUNCTIONS / DEPLOY_MAX_COLLECTIONS.
 */
export interface DeployLimits {
  maxFunctions: number;
  maxCollections: number;
  maxIndexesPerCollection: number;
  maxFunctionTimeoutS: number;
  maxTimerTriggersPerFunction: number;
  maxMainPackageBytes: number;
  maxSubpackageBytes: number;
  maxTotalPackageBytes: number;
  /** A function's code as uploaded (zip of its folder); SCF's limit for a direct upload. */
  maxFunctionCodeBytes: number;
}

const MB = 1024 * 1024;

export function deployLimits(env: Record<string, string | undefined> = process.env): DeployLimits {
  const num = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
  return {
    maxFunctions: num(env.DEPLOY_MAX_FUNCTIONS, 50),
    maxCollections: num(env.DEPLOY_MAX_COLLECTIONS, 100),
    maxIndexesPerCollection: 20,
    maxFunctionTimeoutS: 60,
    maxTimerTriggersPerFunction: 1,
    maxMainPackageBytes: 2 * MB,
    maxSubpackageBytes: 2 * MB,
    maxTotalPackageBytes: 20 * MB,
    maxFunctionCodeBytes: 50 * MB,
  };
}
