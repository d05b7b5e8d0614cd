#!/usr/bin/env bash
# Installs everything appgen and its tests need on a fresh Debian machine: npm packages (pnpm 12 among them, so
# `appgen check` needs nothing global), PostgreSQL (throwaway test clusters and `appgen check`), Chromium
# (Playwright in generated apps) and fonts (`npm run screenshots`), then fills pnpm's store with the generated apps' locked dependencies so a
# check installs them offline. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then need_apt+=(postgresql); fi
if ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium); fi
if ! command -v git >/dev/null 2>&1; then need_apt+=(git); fi
if ! command -v redis-server >/dev/null 2>&1; then need_apt+=(redis-server); fi
# Fonts for `npm run screenshots` (the README's pictures): text and the emoji of progress comments.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then need_apt+=(fonts-dejavu-core); fi
if [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then need_apt+=(fonts-noto-color-emoji); fi

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "appgen setup: please install these Debian packages as root: ${need_apt[*]}" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "appgen setup: installing ${need_apt[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # Debian starts a default cluster; appgen starts throwaway clusters of its own and needs no service.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    for cluster in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do
      $sudo pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop >/dev/null 2>&1 || true
    done
  fi
  # Debian starts a redis-server service too; the queue tests start their own on a free port.
  if command -v systemctl >/dev/null 2>&1; then $sudo systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
  if command -v service >/dev/null 2>&1; then $sudo service redis-server stop >/dev/null 2>&1 || true; fi
fi

npm install --no-audit --no-fund

# `pnpm fetch` reads only the lockfile; it runs in a scratch directory because it also links a node_modules there.
pnpm_bin="$PWD/node_modules/.bin/pnpm"
if [ -f templates/base/pnpm-lock.yaml ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  cp templates/base/package.json templates/base/pnpm-lock.yaml "$scratch/"
  (cd "$scratch" && "$pnpm_bin" fetch --reporter=silent) || echo "appgen setup: could not warm the pnpm store; \`appgen check\` will download packages on first use" >&2
fi
for tool in "$pnpm_bin" chromium; do
  if ! "$tool" --version >/dev/null 2>&1; then echo "appgen setup: $tool does not run" >&2; exit 1; fi
done
echo "appgen setup: done"
