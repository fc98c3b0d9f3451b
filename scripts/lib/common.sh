# Shared by scripts/start.sh and scripts/test.sh (sourced, not run).
export TZ=Asia/Shanghai
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

say() { printf '\033[1;32m▶ %s\033[0m\n' "$*"; }
warn() { printf '\033[1;33m! %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31m✖ %s\033[0m\n' "$*" >&2; exit 1; }

# Node 20+ is the one thing we cannot install for you.
require_node() {
  command -v node >/dev/null 2>&1 || die "需要 Node.js 20 或更高版本（未找到 node）"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "需要 Node.js 20 或更高版本（当前 $(node -v)）"
}

# npm dependencies: install when node_modules is missing, or when the dependency lists in
# package.json / package-lock.json changed since the last install (a hash stamp in node_modules;
# editing "scripts" does not trigger an install).
deps_hash() {
  node -e '
    const fs = require("fs"), crypto = require("crypto");
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
    const lock = fs.existsSync("package-lock.json") ? fs.readFileSync("package-lock.json", "utf8") : "";
    const pick = ({ dependencies, devDependencies, optionalDependencies, overrides }) => ({ dependencies, devDependencies, optionalDependencies, overrides });
    process.stdout.write(crypto.createHash("sha256").update(JSON.stringify(pick(pkg)) + lock).digest("hex"));
  '
}
ensure_node_modules() {
  local stamp="node_modules/.parent-school-deps" want
  want="$(deps_hash)"
  if [ -d node_modules ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if [ -f package-lock.json ] && [ ! -d node_modules ]; then
    say "安装依赖（npm ci）…"
    # Exactly the committed lock file. The registry here lacks a few optional packages (other
    # platforms' Taro bindings, NutUI's usage-stats tool); package.json "overrides" maps them to
    # empty-npm-package so that the lock file is complete and npm ci can verify it.
    npm ci --no-audit --no-fund || die "npm ci 未通过：package-lock.json 与 package.json 不一致（请运行 npm install 并提交 package-lock.json）"
  else
    say "检查并安装依赖（npm install）…"
    npm install --no-audit --no-fund
  fi
  deps_hash > "$stamp"
}

# wait_for_url URL SECONDS: poll until URL answers (any HTTP status < 500).
wait_for_url() {
  local url="$1" secs="${2:-60}" i=0
  while [ "$i" -lt "$((secs * 5))" ]; do
    if node -e "fetch(process.argv[1]).then(r=>process.exit(r.status<500?0:1)).catch(()=>process.exit(1))" "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
    i=$((i + 1))
  done
  return 1
}

# The node suites that assert under the functions' 3 s timeouts with many calls at once
# (concurrency, rush, crash, transaction and function-timeout suites): scripts/test.sh and
# scripts/test-clock.sh run them after the rest, one at a time, with the machine to themselves.
TIMING_SUITES='(concurrency|rush|crash|transactions|timeouts)\.test\.tsx?$'
