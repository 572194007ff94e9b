#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e/) need, on a fresh Debian machine or an already
# prepared one. Idempotent: every step is skipped when its result is already there.
#
#   1. Debian packages: chromium (the browser Playwright drives), neovim (the second LSP client),
#      ripgrep and the headers code-server's native modules are built against.
#      `apt-get update` runs once, and only when a package is missing.
#   2. code-server (VS Code in the browser), pinned, installed with npm into the git-ignored
#      folder .e2e/code-server. Its npm cache and temp files stay inside .e2e/ as well.
#   3. playwright-core (a devDependency): `npm ci` when node_modules lacks it.
#
# Env knobs: E2E_DIR (default <repo>/.e2e), CODE_SERVER_VERSION (default 4.99.4; 4.99.x needs Node 20).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
E2E_DIR=${E2E_DIR:-$ROOT/.e2e}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.99.4}
CS_PREFIX=$E2E_DIR/code-server
# code-server 4.99.4 depends on @vscode/ripgrep 1.15.11, whose postinstall downloads ripgrep
# v13.0.0-10 from GitHub. We seed its download cache with Debian's rg instead (see below).
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_VERSION=v13.0.0-10

APT_PACKAGES=(chromium neovim ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

script_start=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
log() { echo "[e2e-setup] $*"; }

# ---------------------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------------------
t=$(date +%s%N)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  log "apt: installing ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then SUDO=(sudo); else
      log "error: not root and no sudo; install these Debian packages first: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q "${missing[@]}"
  log "apt: done in $(ms_since "$t") ms"
else
  log "apt: all present (${APT_PACKAGES[*]}) [$(ms_since "$t") ms]"
fi

# ---------------------------------------------------------------------------------------------
# 2. code-server into .e2e/code-server
# ---------------------------------------------------------------------------------------------
t=$(date +%s%N)
CS_BIN=$CS_PREFIX/node_modules/.bin/code-server
CS_PKG=$CS_PREFIX/node_modules/code-server/package.json
installed_version() {
  [[ -x $CS_BIN && -f $CS_PKG ]] || return 0
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$CS_PKG"
}
# The postinstall (native modules, VS Code's own node_modules) must have completed too.
postinstall_done() { [[ -d $CS_PREFIX/node_modules/code-server/lib/vscode/node_modules ]]; }

if [[ $(installed_version) == "$CODE_SERVER_VERSION" ]] && postinstall_done; then
  log "code-server $CODE_SERVER_VERSION: already installed in ${CS_PREFIX#"$ROOT"/} [$(ms_since "$t") ms]"
else
  log "code-server $CODE_SERVER_VERSION: installing into ${CS_PREFIX#"$ROOT"/}"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX" "$E2E_DIR/npm-cache" "$E2E_DIR/install-tmp"
  ( # a subshell, so these variables do not leak into the later steps
    # Keep everything the install writes inside .e2e/: npm's cache and logs, and os.tmpdir().
    export TMPDIR=$E2E_DIR/install-tmp
    export npm_config_cache=$E2E_DIR/npm-cache
    export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
    # code-server's postinstall.sh refuses to run as root unless this is set (npm 11 warns that it
    # does not know the option; the script reads the variable itself).
    export npm_config_unsafe_perm=true
    # Seed @vscode/ripgrep's download cache ($TMPDIR/vscode-ripgrep-cache-<version>/) with Debian's rg,
    # so that its postinstall finds the "downloaded" archive and never goes to the network.
    case $(uname -m) in
      aarch64 | arm64) rg_target=aarch64-unknown-linux-musl ;;
      *) rg_target=x86_64-unknown-linux-musl ;;
    esac
    rg_cache=$TMPDIR/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION
    mkdir -p "$rg_cache" "$TMPDIR/rgpack"
    cp "$(command -v rg)" "$TMPDIR/rgpack/rg"
    tar -czf "$rg_cache/ripgrep-$RIPGREP_VERSION-$rg_target.tar.gz" -C "$TMPDIR/rgpack" rg
    # A package.json of its own, so npm never treats the project as the install root.
    printf '{\n  "name": "e2e-code-server",\n  "private": true\n}\n' > "$CS_PREFIX/package.json"
    npm install --no-audit --no-fund --no-save --prefix "$CS_PREFIX" "code-server@$CODE_SERVER_VERSION"
  )
  rm -rf "$E2E_DIR/install-tmp"
  if [[ $(installed_version) != "$CODE_SERVER_VERSION" ]] || ! postinstall_done; then
    log "error: code-server $CODE_SERVER_VERSION did not install completely into $CS_PREFIX" >&2
    exit 1
  fi
  log "code-server $CODE_SERVER_VERSION: installed in $(ms_since "$t") ms ($(du -sh "$CS_PREFIX" | cut -f1))"
fi

# ---------------------------------------------------------------------------------------------
# 3. playwright-core (devDependency; no browser download: tests use Debian's /usr/bin/chromium)
# ---------------------------------------------------------------------------------------------
t=$(date +%s%N)
if [[ -f node_modules/playwright-core/package.json ]]; then
  log "playwright-core: present [$(ms_since "$t") ms]"
else
  log "playwright-core: missing, running npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  log "playwright-core: npm ci done in $(ms_since "$t") ms"
fi

log "versions: $(node --version), code-server $(installed_version), $(nvim --version | head -n1), $(chromium --version 2>/dev/null | tail -n1)"
log "total $(ms_since "$script_start") ms"
