#!/usr/bin/env bash
# npm test — every test, from a fresh clone:
#   1. installs npm dependencies when missing/stale, and Debian's chromium for the browser tests
#      (apt-get, when running as root; otherwise says what to install)
#   2. bundles the cloud functions
#   3. builds the mini-program (weapp) and the H5 app
#   3b. the deployment dry run (scripts/deploy.ts --dry-run: plan, quotas, offline weapp compile)
#   4. jest: node (rules, schemas, functions on the local cloud, the local cloud itself),
#      ui (Taro components in jsdom against a real local cloud) and weapp (the weapp build under
#      miniprogram-simulate)
#   5. jest e2e: whole flows in headless Chromium against the H5 build and a local cloud (serially)
# TZ=Asia/Shanghai throughout. Extra arguments go to both jest runs (e.g. -t 'pattern').
# SKIP_BROWSER_TESTS=1 skips step 5 (and the chromium install).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

STARTED=$(date +%s)
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

require_node
ensure_node_modules

if [ "${SKIP_BROWSER_TESTS:-0}" != 1 ] && [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "安装浏览器测试所需的 Chromium（apt-get install chromium）…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    die "浏览器测试需要 Chromium（${CHROMIUM}）。请以 root 运行 npm test，或先执行：sudo apt-get install -y chromium
  （也可设置 CHROMIUM_PATH 指向已安装的 Chromium，或用 SKIP_BROWSER_TESTS=1 跳过浏览器测试）"
  fi
fi
export CHROMIUM_PATH="$CHROMIUM"
# Chinese fonts, so that screenshots under test-output/ are readable (the tests pass without them).
if [ "${SKIP_BROWSER_TESTS:-0}" != 1 ] && command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "安装中文字体（fonts-noto-cjk），用于浏览器截图…"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; } || warn "中文字体安装失败：截图中的中文可能显示为方框"
  else
    warn "未找到中文字体：截图中的中文可能显示为方框（可安装 fonts-noto-cjk）"
  fi
fi

say "类型检查与依赖规则…"
node_modules/.bin/tsc -p tsconfig.json --noEmit || die "类型检查未通过"
npm run --silent lint:deps || die "依赖规则未通过（见 .dependency-cruiser.cjs）"

say "打包云函数…"
npm run --silent build:functions

mkdir -p test-output
say "构建小程序（weapp）…"
node_modules/.bin/taro build --type weapp > test-output/build-weapp.log 2>&1 || { cat test-output/build-weapp.log; die "weapp 构建失败"; }
say "构建 H5…"
node_modules/.bin/taro build --type h5 > test-output/build-h5.log 2>&1 || { cat test-output/build-h5.log; die "H5 构建失败"; }

say "部署演练（npm run deploy -- --dry-run：计划、配额、小程序离线编译与包大小检查）…"
node_modules/.bin/tsx scripts/deploy.ts --dry-run > test-output/deploy-dry-run.log 2>&1 || { cat test-output/deploy-dry-run.log; die "部署演练未通过（超出配额或平台限制）"; }
grep -E "^(✔|小程序离线编译|  包大小)" test-output/deploy-dry-run.log || true

# Both jest runs always run; the script fails at the end if either failed.
FAILED=()
say "jest：node、ui、weapp…"
rm -f test-output/jest-*.json
node_modules/.bin/jest "$@" --selectProjects node ui weapp --json --outputFile=test-output/jest-main.json || FAILED+=("jest node/ui/weapp")

if [ "${SKIP_BROWSER_TESTS:-0}" != 1 ]; then
  say "jest：e2e（Chromium，串行）…"
  node_modules/.bin/jest "$@" --runInBand --selectProjects e2e --json --outputFile=test-output/jest-e2e.json || FAILED+=("jest e2e")
else
  warn "已跳过浏览器测试（SKIP_BROWSER_TESTS=1）"
fi

ELAPSED=$(( $(date +%s) - STARTED ))
# One plain closing line over both jest runs: "tests: N passed, N failed, N skipped".
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of ["test-output/jest-main.json", "test-output/jest-e2e.json"]) {
    if (!fs.existsSync(f)) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0); skipped += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
if [ "${#FAILED[@]}" -gt 0 ]; then
  die "测试未通过：${FAILED[*]}（用时 ${ELAPSED} 秒；截图与构建日志见 test-output/）"
fi
say "全部测试通过，用时 ${ELAPSED} 秒（截图与构建日志见 test-output/）"
