#!/usr/bin/env bash
# Stops the nodes of the cluster in DIR (by pid file): SIGTERM, then SIGKILL after 15 s.
# Usage: stop-cluster.sh [--dir DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chorus_parse_dir "$@" || { echo "usage: stop-cluster.sh [--dir DIR]" >&2; exit 2; }
[ ${#CHORUS_REST[@]} -eq 0 ] || { echo "stop-cluster.sh: unknown argument '${CHORUS_REST[0]}'" >&2; echo "usage: stop-cluster.sh [--dir DIR]" >&2; exit 2; }
if [ ! -f "$CHORUS_DIR/cluster.json" ]; then
  echo "no cluster in $CHORUS_DIR"
  exit 0
fi
chorus_ensure_built
pids=()
for node in $(chorus_java dev.chorus.cli.ChorusCli node-ids --dir "$CHORUS_DIR"); do
  chorus_java dev.chorus.cli.ChorusCli node stop --dir "$CHORUS_DIR" "$node" &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
