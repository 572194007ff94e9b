#!/usr/bin/env bash
# End-to-end tests (what `npm run test:e2e` runs): installs what they need (idempotent), builds and
# packages the extension, then runs test/e2e/*.test.mjs with Node's test runner:
#   - editing.test.mjs: real VS Code (code-server) + Chromium, driven by playwright-core
#   - neovim.test.mjs:  headless Neovim as a second LSP client of dist/server.js
# Exits non-zero when any step or test fails. Screenshots: .e2e/screenshots/ (FAILED-*.png on failure).
#
# Env: E2E_SKIP_BUILD=1 skips `npm run build` and `npm run package` (use the existing dist/);
#      any further arguments are passed to `node --test` (e.g. --test-name-pattern=hover).
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
phase() { echo; echo "== $*"; }

phase "e2e setup (apt packages, code-server, playwright-core)"
t=$(date +%s%N)
bash scripts/e2e-setup.sh
setup_ms=$(ms_since "$t")

build_ms=0
if [[ -z ${E2E_SKIP_BUILD:-} ]]; then
  phase "build and package the extension"
  t=$(date +%s%N)
  npm run build
  npm run package
  build_ms=$(ms_since "$t")
fi

phase "end-to-end tests"
t=$(date +%s%N)
rc=0
# One test file at a time: each VS Code session is a code-server plus a browser, and the machine has 2 cores.
node --test --test-concurrency=1 --test-reporter=spec "$@" test/e2e/*.test.mjs || rc=$?
tests_ms=$(ms_since "$t")

phase "timings"
echo "setup ${setup_ms} ms, build+package ${build_ms} ms, tests ${tests_ms} ms, total $(ms_since "$start") ms"
if ((rc != 0)); then
  echo "end-to-end tests FAILED (exit $rc); screenshots in .e2e/screenshots/" >&2
fi
exit "$rc"
