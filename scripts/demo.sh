#!/usr/bin/env bash
# The main job on a fresh machine: builds if needed, starts the local 3-node cluster (or reuses the running one)
# and opens the dashboard attached to it. Closing the dashboard leaves the cluster running
# (stop it with scripts/stop-cluster.sh).
# Usage: demo.sh [--dir DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chorus_parse_dir "$@" || exit 2
chorus_ensure_built
if chorus_java dev.chorus.cli.ChorusCli await-leaders --dir "$CHORUS_DIR" --timeout 2s >/dev/null 2>&1; then
  echo "cluster in $CHORUS_DIR is running"
else
  "$CHORUS_ROOT/scripts/start-cluster.sh" --dir "$CHORUS_DIR"
fi
echo "opening the dashboard (try: Start transfers, then Kill on the leader of g1)..."
exec "$CHORUS_ROOT/scripts/start-gui.sh" --dir "$CHORUS_DIR"
