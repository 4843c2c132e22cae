# Sourced by ./resultstore and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Takes the first JDK >= 21 of $JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm and /opt, reading
# each one's release file rather than starting it (a JVM start per candidate cost ~0.2 s of every launch); with
# JAVA_HOME set to one, nothing else is looked at (checking every candidate cost ~60 ms of each server start).

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

# The feature release from the JDK's release file: no JVM start needed.
java_release() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | grep . || java_major "$1"
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for d in /usr/lib/jvm/* /opt/*jdk* /opt/java/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  local major
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(java_release "$c")
    if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge 21 ]; then
      echo "$c"
      return 0
    fi
  done
  echo "resultstore: no JDK >= 21 found (set JAVA_HOME)" >&2
  return 1
}

JAVA_HOME="$(find_jdk)" || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
