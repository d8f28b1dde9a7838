#!/usr/bin/env bash
# Opens the dashboard attached to a running cluster.
# Usage: start-gui.sh [--dir DIR | --cluster FILE] [--screenshot PNG [--screenshot-after SECONDS]]
# Without a display it says so in one line and exits 3; the cluster is not touched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chorus_parse_dir "$@" || exit 2
set -- ${CHORUS_REST[@]+"${CHORUS_REST[@]}"}
ARGS=()
case " $* " in
  *" --cluster "*|*" --cluster="*) ;;
  *) ARGS+=(--dir "$CHORUS_DIR") ;;
esac
chorus_ensure_built
exec java ${CHORUS_GUI_JAVA_OPTS:--Xmx1g -Dprism.order=sw} -jar "$CHORUS_GUI_JAR" "${ARGS[@]}" "$@"
