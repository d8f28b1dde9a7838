#!/usr/bin/env bash
# Starts a local cluster: writes DIR/cluster.json (unless it exists), starts every node in the background and
# waits until every group has a leader. Running it again on an existing DIR restarts the same cluster on its data
# (nodes already running are left as they are). If a node fails to start, every node is still tried, each failure is
# named with its cause, the nodes' states are listed, and the exit code is 1.
# Usage: start-cluster.sh [--dir DIR] [--nodes N] [--groups G] [--base-port P] [--etcd-api] [--shiftable-clocks]
#   (--base-port and --etcd-api only matter when DIR has no cluster file yet: node i gets raft port P+i-1, admin port
#   P+1000+i-1, and with --etcd-api an etcd v3 API port P+2000+i-1)
#   --shiftable-clocks: nodes run under libfaketime (package faketime) so that `chorus node clock` and the verify
#   nemesis's clock fault can skew their wall clocks; it sticks to DIR (later starts keep it)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() { echo "usage: start-cluster.sh [--dir DIR] [--nodes N] [--groups G] [--base-port P] [--etcd-api] [--shiftable-clocks]" >&2; exit 2; }
NODES=3
GROUPS_N=3
BASE_PORT=8101
ETCD_API=()
chorus_parse_dir "$@" || usage
set -- ${CHORUS_REST[@]+"${CHORUS_REST[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) [ $# -ge 2 ] || usage; NODES="$2"; shift 2 ;;
    --groups) [ $# -ge 2 ] || usage; GROUPS_N="$2"; shift 2 ;;
    --base-port) [ $# -ge 2 ] || usage; BASE_PORT="$2"; shift 2 ;;
    --shiftable-clocks) export CHORUS_SHIFTABLE_CLOCKS=1; shift ;;
    --etcd-api) ETCD_API=(--etcd-api); shift ;;
    -h|--help) usage ;;
    *) echo "start-cluster.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
chorus_ensure_built
chorus_java dev.chorus.cli.ChorusCli init-local --dir "$CHORUS_DIR" --nodes "$NODES" --groups "$GROUPS_N" --base-port "$BASE_PORT" ${ETCD_API[@]+"${ETCD_API[@]}"}
# Every node is tried, so one that cannot start (`chorus node start` names it and the cause from its log) does not
# hide whether the others can.
failed=()
for node in $(chorus_java dev.chorus.cli.ChorusCli node-ids --dir "$CHORUS_DIR"); do
  "$CHORUS_ROOT/scripts/start-node.sh" --dir "$CHORUS_DIR" --node "$node" || failed+=("$node")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "start-cluster.sh: ${#failed[@]} node(s) failed to start: ${failed[*]} (logs: $CHORUS_DIR/logs/<node>.log); the nodes now:" >&2
  chorus_java dev.chorus.cli.ChorusCli node list --dir "$CHORUS_DIR" >&2 || true
  exit 1
fi
echo "waiting for every group to elect a leader..."
chorus_java dev.chorus.cli.ChorusCli await-leaders --dir "$CHORUS_DIR" --timeout 60s
cat <<INFO

Chorus cluster running in $CHORUS_DIR
  logs:   $CHORUS_DIR/logs/<node>.log
  status: scripts/chorus status --dir $CHORUS_DIR
  try:    scripts/chorus put --dir $CHORUS_DIR hello world && scripts/chorus get --dir $CHORUS_DIR hello
  stop:   scripts/stop-cluster.sh --dir $CHORUS_DIR
INFO
