#!/usr/bin/env bash
# Compiles the Android shell's plain Kotlin (the cruxpasskey kit and the app's core/ package)
# with the generated types, uniffi's bindings and the stubs in stubs/, then runs the JVM test
# (src/) against the real libshared.so through JNA.
#
#   SHARED_LIBRARY    the core library (default: $TARGET/debug/libshared.so)
#   SHARED_GENERATED  the generated sources (default: $ROOT/shared_types/generated)
#   CARGO_TARGET_DIR  where tools go (default: $ROOT/target); kotlinc lands in $TARGET/tools
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
SHARED_LIBRARY="${SHARED_LIBRARY:-$TARGET/debug/libshared.so}"
SHARED_GENERATED="${SHARED_GENERATED:-$ROOT/shared_types/generated}"
TOOLS="$TARGET/tools"
KOTLIN_VERSION="2.4"

fail() { echo "jvm-check: $*" >&2; exit 1; }

# --- Tools ------------------------------------------------------------------------------------
command -v java >/dev/null || fail "java (17+) is not installed"
KOTLIN_HOME="$TOOLS/kotlin/node_modules/kotlin-compiler"
if [[ ! -x "$KOTLIN_HOME/bin/kotlinc" ]]; then
  command -v npm >/dev/null || fail "npm is needed to install kotlin-compiler@$KOTLIN_VERSION"
  echo "jvm-check: installing kotlin-compiler@$KOTLIN_VERSION into $TOOLS/kotlin"
  mkdir -p "$TOOLS/kotlin"
  npm install --no-audit --no-fund --silent --prefix "$TOOLS/kotlin" "kotlin-compiler@$KOTLIN_VERSION" >/dev/null
fi
KOTLINC="$KOTLIN_HOME/bin/kotlinc"
COROUTINES_JAR="$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar"
[[ -f "$COROUTINES_JAR" ]] || fail "no kotlinx-coroutines jar in $KOTLIN_HOME/lib"

JNA_JAR="$(ls /usr/share/java/jna-[0-9]*.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JNA_JAR" ]]; then
  echo "jvm-check: installing libjna-java"
  apt-get install -y -qq libjna-java >/dev/null || { apt-get update -qq && apt-get install -y -qq libjna-java >/dev/null; }
  JNA_JAR="$(ls /usr/share/java/jna-[0-9]*.jar 2>/dev/null | head -n 1 || true)"
fi
[[ -n "$JNA_JAR" ]] || fail "libjna-java did not install a jna jar"

# --- Inputs -----------------------------------------------------------------------------------
[[ -f "$SHARED_LIBRARY" ]] || fail "no core library at $SHARED_LIBRARY (build it with the uniffi feature)"
# JNA loads an absolute path as it is; a bare name would be searched for.
SHARED_LIBRARY="$(cd "$(dirname "$SHARED_LIBRARY")" && pwd)/$(basename "$SHARED_LIBRARY")"
TYPES="$SHARED_GENERATED/kotlin/com"
BINDINGS="$SHARED_GENERATED/uniffi/kotlin/uniffi/shared/shared.kt"
[[ -d "$TYPES" && -f "$BINDINGS" ]] || fail "no generated Kotlin in $SHARED_GENERATED (cargo xtask generate)"
KIT="$ROOT/Android/cruxpasskey/src/main/java"
APP_CORE="$ROOT/Android/app/src/main/java/com/cruxpasskey/android/core"

# --- Compile: one kotlinc run -----------------------------------------------------------------
OUT="$TARGET/jvm-check"
rm -rf "$OUT" && mkdir -p "$OUT"
start=$(date +%s.%N)
"$KOTLINC" -nowarn -jvm-target 17 -no-reflect \
  -cp "$COROUTINES_JAR:$JNA_JAR" -d "$OUT/classes" \
  "$TYPES" "$BINDINGS" "$KIT" "$APP_CORE" "$HERE/stubs" "$HERE/src" \
  || fail "kotlinc failed"
end=$(date +%s.%N)
compile_seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")

# --- Run --------------------------------------------------------------------------------------
start=$(date +%s.%N)
status=0
java -cp "$OUT/classes:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$COROUTINES_JAR:$JNA_JAR" \
  -Djna.library.path="$(dirname "$SHARED_LIBRARY")" \
  -Duniffi.component.shared.libraryOverride="$SHARED_LIBRARY" \
  -Dcrux.fixtures="$ROOT/crux_passkey/tests/fixtures" \
  -Dcrux.errorMapping="$ROOT/shells_check/ERROR_MAPPING.md" \
  com.cruxpasskey.jvmcheck.MainKt || status=$?
end=$(date +%s.%N)
test_seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")

echo "jvm-check: kotlinc compile ${compile_seconds} s, JVM test ${test_seconds} s"
[[ $status -eq 0 ]] || fail "the JVM test failed (exit $status)"
