#!/usr/bin/env bash
# Regenerates templates/base/pnpm-lock.yaml from templates/base/package.json. Every generated app shares this one
# lockfile because its dependency set never depends on the manifest. Run it after changing a template dependency,
# then commit both files. Needs pnpm (npm i -g pnpm@12) and the npm registry.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/templates/base/package.json" "$work/"
cd "$work"
pnpm install --lockfile-only --ignore-scripts
cp pnpm-lock.yaml "$root/templates/base/pnpm-lock.yaml"
echo "refreshed templates/base/pnpm-lock.yaml"
