#!/usr/bin/env bash
# Starts one node of the cluster in DIR as a background process and waits until it answers.
# Usage: start-node.sh --dir DIR --node ID   (log: DIR/logs/ID.log, pid: DIR/ID.pid)
# Same as `scripts/chorus node start --dir DIR ID`, which also offers stop, kill, restart, pause and resume.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() { echo "usage: start-node.sh --dir DIR --node ID" >&2; exit 2; }
NODE=""
chorus_parse_dir "$@" || usage
set -- ${CHORUS_REST[@]+"${CHORUS_REST[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --node) [ $# -ge 2 ] || usage; NODE="$2"; shift 2 ;;
    *) echo "start-node.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$NODE" ] || usage
[ -f "$CHORUS_DIR/cluster.json" ] || { echo "start-node.sh: no cluster file $CHORUS_DIR/cluster.json" >&2; exit 2; }
chorus_ensure_built
chorus_java dev.chorus.cli.ChorusCli node start --dir "$CHORUS_DIR" "$NODE"
