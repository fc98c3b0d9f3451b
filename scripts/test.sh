#!/usr/bin/env bash
# npm test — every test, from a fresh clone:
#   1. installs npm dependencies when missing/stale, and Debian's chromium for the browser tests
#      (apt-get, when running as root; otherwise says what to install)
#   2. in three parallel lanes: tsc + ESLint + dependency rules | the function bundles, the weapp
#      build and the deployment dry run (scripts/deploy.ts --dry-run: plan, quotas, offline weapp
#      compile) | the H5 build
#   4. jest: node (rules, schemas, functions on the local cloud, the local cloud itself),
#      ui (Taro components in jsdom against a real local cloud) and weapp (the weapp build under
#      miniprogram-simulate); node with 2 workers, its concurrency/timeout suites one at a time
#   5. jest e2e: whole flows in headless Chromium against the H5 build and a local cloud (2 workers)
# TZ=Asia/Shanghai throughout. Extra arguments go to every jest run (e.g. -t 'pattern').
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

# Checks and builds in three parallel lanes (2 cores: tsc, ESLint and each webpack build are
# mostly single-threaded, so the lanes overlap instead of queueing); each lane's output goes to
# test-output/<lane>.log and is shown when the lane fails.
#   checks: tsc → ESLint (cached in node_modules/.cache/eslint) → dependency rules
#   weapp:  function bundles → weapp build → deployment dry run (it compiles dist/weapp)
#   h5:     H5 build
mkdir -p test-output
lane_checks() {
  node_modules/.bin/tsc -p tsconfig.json --noEmit || { echo "✖ 类型检查未通过"; return 1; }
  node_modules/.bin/eslint . --cache --cache-strategy content --cache-location node_modules/.cache/eslint/ || { echo "✖ ESLint 检查未通过（npx eslint . 查看详情）"; return 1; }
  npm run --silent lint:deps || { echo "✖ 依赖规则未通过（见 .dependency-cruiser.cjs）"; return 1; }
}
lane_weapp() {
  npm run --silent build:functions || { echo "✖ 云函数打包失败"; return 1; }
  node_modules/.bin/taro build --type weapp > test-output/build-weapp.log 2>&1 || { cat test-output/build-weapp.log; echo "✖ weapp 构建失败"; return 1; }
  node_modules/.bin/tsx scripts/deploy.ts --dry-run > test-output/deploy-dry-run.log 2>&1 || { cat test-output/deploy-dry-run.log; echo "✖ 部署演练未通过（超出配额或平台限制）"; return 1; }
}
lane_h5() {
  node_modules/.bin/taro build --type h5 > test-output/build-h5.log 2>&1 || { cat test-output/build-h5.log; echo "✖ H5 构建失败"; return 1; }
}
say "并行：类型检查、ESLint 与依赖规则｜打包云函数、构建小程序（weapp）与部署演练（计划、配额、小程序离线编译与包大小检查）｜构建 H5…"
LANES_STARTED=$(date +%s)
declare -A LANE_PID=()
for lane in checks weapp h5; do
  ( set +e; started=$(date +%s); "lane_$lane"; rc=$?; echo "（用时 $(( $(date +%s) - started )) 秒）"; exit "$rc" ) > "test-output/lane-$lane.log" 2>&1 &
  LANE_PID[$lane]=$!
done
LANES_FAILED=()
for lane in checks weapp h5; do
  if wait "${LANE_PID[$lane]}"; then
    printf '  %s：%s\n' "$lane" "$(tail -1 "test-output/lane-$lane.log")"
  else
    cat "test-output/lane-$lane.log" >&2
    LANES_FAILED+=("$lane")
  fi
done
[ "${#LANES_FAILED[@]}" -eq 0 ] || die "未通过：${LANES_FAILED[*]}（日志见 test-output/lane-*.log）"
say "检查与构建用时 $(( $(date +%s) - LANES_STARTED )) 秒"
grep -E "^(✔|小程序离线编译|  包大小)" test-output/deploy-dry-run.log || true

# Every jest run always runs; the script fails at the end if any failed.
FAILED=()
# node: two workers (each suite starts its own in-memory local cloud), except the suites that
# assert under the functions' 3 s timeouts with many calls at once (concurrency, rush, crash,
# transaction and function-timeout suites): those run last, one at a time, with the machine to
# themselves as before. ui and weapp: one worker each, as their suites share one local cloud per
# project (test/ui/cloud-setup.js) and write to it.
# (Extra path arguments are OR-ed with these patterns by jest; use -t to narrow a run.)
rm -f test-output/jest-*.json
say "jest：node（2 个进程）…"
node_modules/.bin/jest "$@" --selectProjects node --maxWorkers=2 --testPathPattern "^(?!.*${TIMING_SUITES})" --passWithNoTests --json --outputFile=test-output/jest-node.json || FAILED+=("jest node")
say "jest：ui、weapp…"
node_modules/.bin/jest "$@" --selectProjects ui weapp --runInBand --passWithNoTests --json --outputFile=test-output/jest-ui.json || FAILED+=("jest ui/weapp")
say "jest：node 中的并发与超时测试（逐个运行）…"
node_modules/.bin/jest "$@" --selectProjects node --runInBand --testPathPattern "${TIMING_SUITES}" --passWithNoTests --json --outputFile=test-output/jest-timing.json || FAILED+=("jest node（并发与超时）")

if [ "${SKIP_BROWSER_TESTS:-0}" != 1 ]; then
  # Two workers: every e2e file starts its own local cloud, H5 server (port 0) and browser profile,
  # and most of a flow's time is the browser waiting on the app, so two files overlap well.
  say "jest：e2e（Chromium，2 个进程）…"
  node_modules/.bin/jest "$@" --maxWorkers=2 --selectProjects e2e --json --outputFile=test-output/jest-e2e.json || FAILED+=("jest e2e")
else
  warn "已跳过浏览器测试（SKIP_BROWSER_TESTS=1）"
fi

ELAPSED=$(( $(date +%s) - STARTED ))
# One plain closing line over every jest run: "tests: N passed, N failed, N skipped".
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  const failures = [];
  for (const f of ["test-output/jest-node.json", "test-output/jest-ui.json", "test-output/jest-timing.json", "test-output/jest-e2e.json"]) {
    if (!fs.existsSync(f)) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0); skipped += r.numPendingTests + (r.numTodoTests || 0);
    // What failed, repeated here at the end: a CI log is often read from its tail only.
    for (const suite of r.testResults || []) {
      const file = require("path").relative(process.cwd(), suite.name);
      const tests = (suite.assertionResults || []).filter((t) => t.status === "failed");
      if (tests.length === 0 && suite.status === "failed") failures.push(`✖ ${file}: ${(suite.message || "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 2).join(" — ").slice(0, 300) || "suite failed"}`);
      for (const t of tests) {
        const why = (t.failureMessages || []).join("\n").replace(/\u001b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).find((l) => l) || "";
        failures.push(`✖ ${file} › ${t.fullName}\n    ${why.slice(0, 300)}`);
      }
    }
  }
  if (failures.length) console.log(["failed tests:", ...failures].join("\n"));
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
if [ "${#FAILED[@]}" -gt 0 ]; then
  die "测试未通过：${FAILED[*]}（用时 ${ELAPSED} 秒；截图与构建日志见 test-output/）"
fi
say "全部测试通过，用时 ${ELAPSED} 秒（截图与构建日志见 test-output/）"
