#!/usr/bin/env bash
# Stops the nodes that start-cluster.sh / start-node.sh started in DIR (by pid file): SIGTERM, then SIGKILL after 15 s.
# Usage: stop-cluster.sh [--dir DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chorus_parse_dir "$@" || { echo "usage: stop-cluster.sh [--dir DIR]" >&2; exit 2; }
[ ${#CHORUS_REST[@]} -eq 0 ] || { echo "stop-cluster.sh: unknown argument '${CHORUS_REST[0]}'" >&2; echo "usage: stop-cluster.sh [--dir DIR]" >&2; exit 2; }
shopt -s nullglob
pidfiles=("$CHORUS_DIR"/*.pid)
if [ ${#pidfiles[@]} -eq 0 ]; then
  echo "no running nodes recorded in $CHORUS_DIR"
  exit 0
fi
for f in "${pidfiles[@]}"; do
  if chorus_pid_alive "$f"; then kill -TERM "$(cat "$f")" 2>/dev/null || true; fi
done
for f in "${pidfiles[@]}"; do
  node=$(basename "$f" .pid)
  for _ in $(seq 1 150); do
    chorus_pid_alive "$f" || break
    sleep 0.1
  done
  if chorus_pid_alive "$f"; then
    echo "node $node did not stop within 15 s; killing it"
    kill -KILL "$(cat "$f")" 2>/dev/null || true
  fi
  rm -f "$f"
  echo "node $node stopped"
done
