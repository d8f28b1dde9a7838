# Shared by the scripts: where things are, and building the jar when it is missing or older than the sources.
CHORUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHORUS_JAR="$CHORUS_ROOT/dist/target/chorus.jar"
CHORUS_GUI_JAR="$CHORUS_ROOT/monitor-gui/target/chorus-gui.jar"
# Node processes started by the CLI or the dashboard (restart) run from this jar.
export CHORUS_JAR

chorus_ensure_built() {
  local stale=""
  # CHORUS_SKIP_BUILD=1 (set by the end-to-end tests): use the jar as it is, never rebuild under a running test.
  if [ -f "$CHORUS_JAR" ] && [ -f "$CHORUS_GUI_JAR" ] && [ "${CHORUS_SKIP_BUILD:-0}" = "1" ]; then
    return 0
  fi
  if [ -f "$CHORUS_JAR" ]; then
    stale=$(find "$CHORUS_ROOT" -path "$CHORUS_ROOT/.git" -prune -o -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.css' \) -newer "$CHORUS_JAR" -print -quit)
  fi
  if [ ! -f "$CHORUS_JAR" ] || [ ! -f "$CHORUS_GUI_JAR" ] || [ -n "$stale" ]; then
    command -v mvn >/dev/null || { echo "chorus: Maven (mvn) is needed to build; install it (apt-get install maven)" >&2; return 1; }
    echo "building chorus (mvn package)..." >&2
    (cd "$CHORUS_ROOT" && mvn -B -q -DskipTests package >&2) || { echo "chorus: build failed" >&2; return 1; }
  fi
}

chorus_java() {
  java ${CHORUS_JAVA_OPTS:-} -cp "$CHORUS_JAR" "$@"
}

# Parses --dir DIR (default ./local-cluster) from "$@" into CHORUS_DIR; other args are left in CHORUS_REST.
chorus_parse_dir() {
  CHORUS_DIR="local-cluster"
  CHORUS_REST=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) [ $# -ge 2 ] || { echo "missing value for --dir" >&2; return 2; }; CHORUS_DIR="$2"; shift 2 ;;
      --dir=*) CHORUS_DIR="${1#--dir=}"; shift ;;
      *) CHORUS_REST+=("$1"); shift ;;
    esac
  done
}
