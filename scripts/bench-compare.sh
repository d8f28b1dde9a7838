#!/usr/bin/env bash
# Chorus beside etcd 3.4, measured in one sitting on this machine: 3 members each on loopback, fsync on (both
# defaults), alternating rounds. Prints one table of medians and ratios, and every round's figures.
# A benchmark, not a test. Needs etcd (Debian: apt-get install etcd-server); exits 3 without it.
# Usage: bench-compare.sh [--rounds N] [--duration D] [--warmup D] [--base-port P]
#   put and linearizable get at 64 clients, put at 1 client, and transfers at 1, 8 and 32 clients: Chorus moves 1
#   between accounts of different groups (`chorus bank run`, a cross-group transaction), etcd runs the optimistic
#   transfer its users write (read both keys, one Txn if neither mod_revision changed), over 100 accounts each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() { echo "usage: bench-compare.sh [--rounds N] [--duration D] [--warmup D] [--base-port P]" >&2; exit 2; }
ROUNDS=3
DURATION=20s
WARMUP=5s
BASE_PORT=31100
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) [ $# -ge 2 ] || usage; ROUNDS="$2"; shift 2 ;;
    --duration) [ $# -ge 2 ] || usage; DURATION="$2"; shift 2 ;;
    --warmup) [ $# -ge 2 ] || usage; WARMUP="$2"; shift 2 ;;
    --base-port) [ $# -ge 2 ] || usage; BASE_PORT="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench-compare.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
command -v etcd >/dev/null || { echo "bench-compare.sh: etcd is not installed (apt-get install etcd-server); nothing to compare against" >&2; exit 3; }
chorus_ensure_built

WORK=$(mktemp -d /tmp/bench-compare.XXXXXX)
RESULTS="$WORK/results.jsonl"
ETCD_PIDS=()
cleanup() {
  for p in ${ETCD_PIDS[@]+"${ETCD_PIDS[@]}"}; do kill "$p" 2>/dev/null || true; done
  "$CHORUS_ROOT/scripts/stop-cluster.sh" --dir "$WORK/chorus" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# etcd: 3 members, client ports P+5000.., peer ports P+5100..
ENDPOINTS=""
CLUSTER=""
for i in 1 2 3; do CLUSTER+="${CLUSTER:+,}e$i=http://127.0.0.1:$((BASE_PORT + 5100 + i))"; done
for i in 1 2 3; do
  cport=$((BASE_PORT + 5000 + i))
  ENDPOINTS+="${ENDPOINTS:+,}127.0.0.1:$cport"
  etcd --name "e$i" --data-dir "$WORK/etcd/e$i" \
    --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
    --listen-peer-urls "http://127.0.0.1:$((BASE_PORT + 5100 + i))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((BASE_PORT + 5100 + i))" \
    --initial-cluster "$CLUSTER" --initial-cluster-state new --initial-cluster-token bench \
    > "$WORK/etcd-e$i.log" 2>&1 &
  ETCD_PIDS+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$((BASE_PORT + 5000 + i))/health" | grep -q '"health":"true"' && break
    sleep 1 # polling etcd's health endpoint, bounded by 60 tries
  done
done
echo "etcd $(etcd --version | head -1 | awk '{print $3}') on $ENDPOINTS"
"$CHORUS_ROOT/scripts/start-cluster.sh" --dir "$WORK/chorus" --base-port "$BASE_PORT" > "$WORK/chorus-start.log"
echo "chorus on $WORK/chorus (3 nodes, 3 groups)"
chorus() { chorus_java dev.chorus.cli.ChorusCli "$@" --dir "$WORK/chorus"; }
chorus bank init --accounts 100 --balance 1000000 > /dev/null

# One measurement: appends {"round","system","test",...the command's JSON...} to RESULTS.
measure() {
  local round="$1" system="$2" test="$3"; shift 3
  local json
  json=$("$@" 2>/dev/null | tail -1) || json='{"failed":true}'
  echo "{\"round\":$round,\"system\":\"$system\",\"test\":\"$test\",\"result\":$json}" >> "$RESULTS"
  echo "  round $round $system $test: $json"
}
chorus_run() {
  local round="$1" test="$2"
  case "$test" in
    put64) measure "$round" chorus "$test" chorus bench --workload put --clients 64 --duration "$DURATION" --warmup "$WARMUP" --json ;;
    get64) measure "$round" chorus "$test" chorus bench --workload get --clients 64 --duration "$DURATION" --warmup "$WARMUP" --json ;;
    put1) measure "$round" chorus "$test" chorus bench --workload put --clients 1 --duration "$DURATION" --warmup "$WARMUP" --json ;;
    transfer*) measure "$round" chorus "$test" chorus bank run --clients "${test#transfer}" --duration "$DURATION" --json ;;
  esac
}
etcd_run() {
  local round="$1" test="$2"
  local bench=(chorus_java dev.chorus.cli.ChorusCli etcd-bench --endpoints "$ENDPOINTS" --duration "$DURATION" --warmup "$WARMUP" --json)
  case "$test" in
    put64) measure "$round" etcd "$test" "${bench[@]}" --workload put --clients 64 ;;
    get64) measure "$round" etcd "$test" "${bench[@]}" --workload get --clients 64 ;;
    put1) measure "$round" etcd "$test" "${bench[@]}" --workload put --clients 1 ;;
    transfer*) measure "$round" etcd "$test" "${bench[@]}" --workload transfer --keys 100 --clients "${test#transfer}" ;;
  esac
}
TESTS="put64 get64 put1 transfer1 transfer8 transfer32"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS"
  for test in $TESTS; do
    # Alternate who goes first, so neither always meets the other's leftovers (compactions, page cache).
    if [ $((round % 2)) -eq 1 ]; then chorus_run "$round" "$test"; etcd_run "$round" "$test"
    else etcd_run "$round" "$test"; chorus_run "$round" "$test"; fi
  done
done

# The table: medians over rounds; throughput from throughputOpsPerSec (bench) or throughputTxnPerSec (bank run).
awk -v rounds="$ROUNDS" '
  function num(s, key,   m) { if (match(s, "\"" key "\":[-0-9.eE]+")) { m = substr(s, RSTART, RLENGTH); sub(/.*:/, "", m); return m + 0 } return -1 }
  function median(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n == 0 ? 0 : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) }
  {
    match($0, /"system":"[a-z]+"/); sys = substr($0, RSTART + 10, RLENGTH - 11)
    match($0, /"test":"[a-z0-9]+"/); test = substr($0, RSTART + 8, RLENGTH - 9)
    tp = num($0, "throughputOpsPerSec"); if (tp < 0) tp = num($0, "throughputTxnPerSec")
    p50 = num($0, "p50")
    conflicts = num($0, "conflicts"); ops = num($0, "ops"); aborted = num($0, "aborted"); committed = num($0, "committed")
    if (conflicts < 0) conflicts = 0
    abort = aborted >= 0 ? (aborted + committed > 0 ? 100 * aborted / (aborted + committed) : 0) : (conflicts + ops > 0 ? 100 * conflicts / (conflicts + ops) : 0)
    TP[sys, test] = TP[sys, test] " " tp; P50[sys, test] = P50[sys, test] " " p50; AB[sys, test] = AB[sys, test] " " abort
    ALL[sys, test] = ALL[sys, test] sprintf(" %.0f", tp)
  }
  END {
    n = split("put64 get64 put1 transfer1 transfer8 transfer32", tests, " ")
    printf "\n%-12s %14s %14s %8s %12s %12s %8s %9s %9s\n", "test", "chorus/s", "etcd/s", "ratio", "chorus p50", "etcd p50", "p50 ratio", "chorus ab%", "etcd ab%"
    for (i = 1; i <= n; i++) {
      t = tests[i]; c = median(TP["chorus", t]); e = median(TP["etcd", t]); cp = median(P50["chorus", t]); ep = median(P50["etcd", t])
      printf "%-12s %14.0f %14.0f %7.2fx %10.2fms %10.2fms %8.2fx %9.1f %9.1f\n", t, c, e, (e > 0 ? c / e : 0), cp, ep, (ep > 0 ? cp / ep : 0), median(AB["chorus", t]), median(AB["etcd", t])
    }
    printf "\nmedians of %d rounds; every round (throughput): \n", rounds
    for (i = 1; i <= n; i++) { t = tests[i]; printf "  %-12s chorus%s | etcd%s\n", t, ALL["chorus", t], ALL["etcd", t] }
    print "transfers: Chorus cross-group (chorus bank run, 100 accounts) vs etcd single-group optimistic Txn (100 keys)"
  }' "$RESULTS"
echo "raw results: $RESULTS (kept)"
trap - EXIT
cleanup
