#!/usr/bin/env bash
# Set up innodock on a fresh machine: system packages, a virtual environment with pinned dependencies
# (torch 2.13.0 CPU first, from the local wheel pip finds), and the project itself. Safe to run again.
#   scripts/setup.sh            # what the service needs
#   scripts/setup.sh --test     # also what the tests need (Chromium for the browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--test" ]] && want_browser=1

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# --- system packages: a CJK font (charts, PDF reports, screenshots), pango (PDF), Chromium (browser tests)
pkgs=()
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || pkgs+=(fonts-noto-cjk)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || pkgs+=(libpango-1.0-0 libpangoft2-1.0-0)
if [[ $want_browser == 1 ]]; then
  dpkg -s chromium >/dev/null 2>&1 || pkgs+=(chromium)
fi
if ((${#pkgs[@]})); then
  log "installing system packages: ${pkgs[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  command -v fc-cache >/dev/null && fc-cache -f >/dev/null 2>&1 || true
fi

# --- Python environment
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [[ ! -x .venv/bin/python ]]; then
  log "creating virtual environment (.venv) with $($PY --version)"
  "$PY" -m venv .venv
fi
stamp=.venv/.innodock-installed
want="$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  export PIP_DISABLE_PIP_VERSION_CHECK=1
  # pip warns once per package about an optional local index that may be absent; keep real messages only.
  quiet() { "$@" 2>&1 | sed -e '/is ignored: it is neither a file nor a directory/d'; }
  log "installing torch==2.13.0 (CPU) first"
  quiet .venv/bin/pip install -q torch==2.13.0
  log "installing pinned dependencies (requirements.lock)"
  quiet .venv/bin/pip install -q -r requirements.lock
  log "installing innodock"
  quiet .venv/bin/pip install -q --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
else
  log "python environment up to date"
fi
