#!/usr/bin/env bash
# npm start — everything needed to use the app in a browser, in one command:
#   1. installs npm dependencies when they are missing or stale
#   2. bundles the cloud functions (cloudfunctions/<fn>/index.js)
#   3. starts the local cloud in dev mode with its data under .localcloud/ (demo data on first start)
#   4. serves the H5 app (Taro's dev server with live reload; `npm start -- --static` serves a
#      production build instead) and prints the URL to open.
# Ctrl-C stops everything.
# Environment: CLOUD_PORT (8787), H5_PORT (10086), LOCALCLOUD_DATA (.localcloud).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

MODE=dev
for arg in "$@"; do
  case "$arg" in
    --static) MODE=static ;;
    --reset) RESET=1 ;;
    -h|--help)
      echo "用法：npm start [-- --static] [-- --reset]"
      echo "  --static  构建一次生产版 H5 并以静态文件提供（更快打开，无热更新）"
      echo "  --reset   清空 .localcloud/ 中的本地云数据并重新写入演示数据"
      exit 0 ;;
    *) die "未知参数：$arg" ;;
  esac
done

CLOUD_PORT="${CLOUD_PORT:-8787}"
H5_PORT="${H5_PORT:-10086}"
DATA_DIR="${LOCALCLOUD_DATA:-.localcloud}"
CLOUD_URL="http://127.0.0.1:${CLOUD_PORT}"
H5_URL="http://127.0.0.1:${H5_PORT}/"

require_node
ensure_node_modules

PIDS=()
cleanup() {
  trap - INT TERM EXIT
  if [ "${#PIDS[@]}" -gt 0 ]; then
    say "正在停止…"
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
  fi
}
trap cleanup INT TERM EXIT

say "打包云函数…"
npm run --silent build:functions

mkdir -p "$DATA_DIR"
if [ "${RESET:-0}" = 1 ]; then
  npm run --silent cloud -- reset --data "$DATA_DIR"
  rm -f "$DATA_DIR/.seeded"
fi
if [ ! -f "$DATA_DIR/.seeded" ]; then
  say "首次启动：写入演示数据…"
  set +e
  npm run --silent cloud -- seed --data "$DATA_DIR"
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    date -u +%FT%TZ > "$DATA_DIR/.seeded"
  elif [ "$rc" = 2 ]; then
    warn "还没有演示数据脚本（scripts/seed/index.ts），本次不写入演示数据"
  else
    die "写入演示数据失败（退出码 $rc）"
  fi
fi

say "启动本地云（开发模式）：${CLOUD_URL}"
node_modules/.bin/tsx localcloud/cli.ts serve --port "$CLOUD_PORT" --data "$DATA_DIR" --dev --no-build &
PIDS+=($!)
wait_for_url "${CLOUD_URL}/healthz" 60 || die "本地云没有在 60 秒内启动（端口 ${CLOUD_PORT} 是否被占用？可用 CLOUD_PORT=… npm start 换端口）"

export TARO_APP_CLOUD_URL="$CLOUD_URL"
if [ "$MODE" = static ]; then
  say "构建 H5（生产版）…"
  npm run --silent build:h5
  node_modules/.bin/tsx scripts/serve-h5.ts --port "$H5_PORT" &
  PIDS+=($!)
else
  say "启动 H5 开发服务器（首次编译约需半分钟）…"
  H5_PORT="$H5_PORT" node_modules/.bin/taro build --type h5 --watch &
  PIDS+=($!)
fi
wait_for_url "$H5_URL" 240 || die "H5 没有在 4 分钟内就绪（端口 ${H5_PORT} 是否被占用？可用 H5_PORT=… npm start 换端口）"

printf '\n\033[1m  家长学校已启动\033[0m\n'
printf '  打开：\033[1;36m%s\033[0m  （选择一个演示账号即可体验）\n' "$H5_URL"
printf '  本地云：%s   数据：%s\n' "$CLOUD_URL" "$DATA_DIR"
printf '  按 Ctrl-C 停止\n\n'

# Stop everything as soon as one of them exits.
wait -n "${PIDS[@]}"
