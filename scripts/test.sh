#!/usr/bin/env bash
# One command for a fresh machine: set up everything the tests need, then run the whole suite
# (SQLite always; PostgreSQL at 127.0.0.1:5432 when reachable; real headless Chromium for the browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# --fast: the inner loop, without the tests marked slow (real models, subprocesses, PDF, schema fuzzing).
if [[ "${1:-}" == "--fast" ]]; then
  shift
  set -- -m "not slow" "$@"
fi
exec .venv/bin/python -m pytest "$@"
