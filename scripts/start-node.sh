#!/usr/bin/env bash
# Starts one node of the cluster in DIR as a background process.
# Usage: start-node.sh --dir DIR --node ID   (log: DIR/logs/ID.log, pid: DIR/ID.pid)
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
mkdir -p "$CHORUS_DIR/logs"
PIDFILE="$CHORUS_DIR/$NODE.pid"
LOG="$CHORUS_DIR/logs/$NODE.log"
if chorus_pid_alive "$PIDFILE"; then
  echo "node $NODE already running (pid $(cat "$PIDFILE"))"
  exit 0
fi
echo "=== $(date '+%F %T') starting node $NODE" >> "$LOG"
LOG_START=$(( $(wc -c < "$LOG") + 1 ))
nohup java ${CHORUS_NODE_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC} -Dlogging.path="$CHORUS_DIR/logs" \
  -cp "$CHORUS_JAR" dev.chorus.node.NodeMain --cluster "$CHORUS_DIR/cluster.json" --node "$NODE" >> "$LOG" 2>&1 < /dev/null &
echo $! > "$PIDFILE"
# Wait (bounded) until the node says it runs, or report why it died.
for _ in $(seq 1 300); do
  if ! chorus_pid_alive "$PIDFILE"; then
    rm -f "$PIDFILE"
    echo "start-node.sh: node $NODE exited during start-up; last log lines:" >&2
    tail -n 5 "$LOG" >&2
    exit 1
  fi
  if tail -c "+$LOG_START" "$LOG" | grep -q "node $NODE running (pid $(cat "$PIDFILE"))"; then
    echo "node $NODE started (pid $(cat "$PIDFILE"), log $LOG)"
    exit 0
  fi
  sleep 0.1
done
echo "start-node.sh: node $NODE did not report running within 30 s; see $LOG" >&2
exit 1
