#!/usr/bin/env bash
# npm run test:clock — the node and ui suites at the hours where date rules break: CI runs at any
# hour of any day, so a test (or a rule) that only holds in the Shanghai daytime fails at night.
# Each run starts the clock (libfaketime, which moves on from there) at one instant (UTC):
#   evening     10:30 UTC = 18:30 Shanghai: past the working day (18:00 deadlines)
#   midnight    15:57 UTC = 23:57 Shanghai: the run crosses into the next day
#   new-week    a Sunday 15:57 UTC: the run crosses into Monday (weekly rules, "this week")
#   new-year    12-31 15:57 UTC: the run crosses into a new calendar year
#   morning     22:30 UTC = 06:30 Shanghai, the next day
# Usage: npm run test:clock [-- name…]   (default: all; extra jest args after --jest)
# Results: test-output/clock-<name>.log and .json. Not part of npm test (about 4 minutes per instant).
source "$(dirname "$0")/lib/common.sh"
require_node
ensure_node_modules

LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [ ! -f "$LIB" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "安装 libfaketime（apt-get install faketime）…"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime; } || die "faketime 安装失败"
  else
    die "需要 libfaketime：sudo apt-get install -y faketime"
  fi
fi

today="$(date -u +%F)"
sunday="$(date -u -d "$today +$(( (7 - $(date -u +%u)) % 7 )) days" +%F)"
declare -A AT=(
  [evening]="$today 10:30:00"
  [midnight]="$today 15:57:00"
  [new-week]="$sunday 15:57:00"
  [new-year]="$(date -u +%Y)-12-31 15:57:00"
  [morning]="$today 22:30:00"
)
ORDER=(evening midnight new-week new-year morning)

names=()
jest_args=()
while [ $# -gt 0 ]; do
  if [ "$1" = --jest ]; then shift; jest_args=("$@"); break; fi
  [ -n "${AT[$1]:-}" ] || die "未知的时刻：$1（可选：${ORDER[*]}）"
  names+=("$1"); shift
done
[ ${#names[@]} -gt 0 ] || names=("${ORDER[@]}")

mkdir -p test-output
FAILED=()
for name in "${names[@]}"; do
  say "时钟 ${AT[$name]} UTC（$name）：jest node、ui…"
  # As npm test runs them: the suites that assert under the functions' 3 s timeouts with many calls
  # at once run afterwards, one at a time (beside other suites, on 2 cores, they time out instead).
  if FAKETIME="@${AT[$name]}" LD_PRELOAD="$LIB" node_modules/.bin/jest "${jest_args[@]}" --selectProjects node ui --maxWorkers=2 \
      --testPathPattern "^(?!.*${TIMING_SUITES})" --json --outputFile="test-output/clock-$name.json" > "test-output/clock-$name.log" 2>&1 &&
    FAKETIME="@${AT[$name]}" LD_PRELOAD="$LIB" node_modules/.bin/jest "${jest_args[@]}" --selectProjects node --runInBand \
      --testPathPattern "${TIMING_SUITES}" --json --outputFile="test-output/clock-$name-timing.json" >> "test-output/clock-$name.log" 2>&1; then
    printf '  %s：%s\n' "$name" "$(grep -E '^Tests:' "test-output/clock-$name.log" | tr -s ' ' | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
  else
    grep -E '^(FAIL|Tests:)|● ' "test-output/clock-$name.log" | sort -u | head -40
    FAILED+=("$name")
  fi
done
[ ${#FAILED[@]} -eq 0 ] || die "这些时刻有测试未通过：${FAILED[*]}（日志见 test-output/clock-*.log）"
say "全部时刻通过"
