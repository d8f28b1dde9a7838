#!/usr/bin/env bash
# Regenerates docs/dashboard.png: a throw-away local cluster with the bank workload running and one link cut,
# the dashboard under Xvfb, a snapshot of its window after a few seconds. Needs: apt-get install xvfb libgtk-3-0
# Usage: screenshot.sh [OUT.png]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT="$(realpath -m "${1:-$CHORUS_ROOT/docs/dashboard.png}")"
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run not found (apt-get install xvfb libgtk-3-0)" >&2; exit 2; }
chorus_ensure_built
DIR="$(mktemp -d)/cluster"
# Stops only what this script started: the bank workload (if it got that far) and the throw-away cluster. Never
# `kill 0` (an unset BANK_PID used to become `kill 0`, which signals the caller's whole process group).
BANK_PID=""
cleanup() {
  if [ -n "$BANK_PID" ]; then kill "$BANK_PID" 2>/dev/null || true; fi
  "$CHORUS_ROOT/scripts/stop-cluster.sh" --dir "$DIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$CHORUS_ROOT/scripts/start-cluster.sh" --dir "$DIR" --base-port 18101 >/dev/null
C="$CHORUS_ROOT/scripts/chorus"
"$C" bank init --dir "$DIR" --accounts 30 --balance 100 >/dev/null
"$C" bank run --dir "$DIR" --clients 4 --duration 60s >/dev/null &
BANK_PID=$!
sleep 5
"$C" fault delay --dir "$DIR" n2 n3 --ms 40 >/dev/null
"$C" leader transfer --dir "$DIR" g1 n2 >/dev/null || true
mkdir -p "$(dirname "$OUT")"
xvfb-run -a -s "-screen 0 1400x900x24" java -Dprism.order=sw -jar "$CHORUS_GUI_JAR" --dir "$DIR" \
  --screenshot "$OUT" --screenshot-after 15
echo "wrote $OUT"
