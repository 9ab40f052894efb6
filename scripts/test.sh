#!/usr/bin/env bash
# One command for a fresh machine: set up everything the tests need, then run the whole suite
# (SQLite always; PostgreSQL at 127.0.0.1:5432 when reachable; real headless Chromium for the browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# --fast: the inner loop, without the tests marked slow (real models, subprocesses, PDF, schema fuzzing) and on SQLite
# alone; the full run (no flag, as CI runs it) also runs every database test on PostgreSQL.
if [[ "${1:-}" == "--fast" ]]; then
  shift
  set -- -m "not slow and not postgres" "$@"
fi
# Two worker processes (pytest-xdist), a test file per worker at a time so module fixtures (a live server, a browser)
# are made once; each worker has its own PostgreSQL schema and data folders (tests/conftest.py). Files go out longest
# first, by their measured durations (tests/file_order.py), so the two workers finish together.
# INNODOCK_TEST_WORKERS=0 runs in this process alone (for a debugger, or -x).
workers="${INNODOCK_TEST_WORKERS:-2}"
if [[ "$workers" != "0" ]]; then
  set -- -n "$workers" --dist loadfile --no-loadscope-reorder "$@"
fi
exec .venv/bin/python -m pytest "$@"
