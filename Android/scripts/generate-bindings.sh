#!/usr/bin/env bash
# Regenerates the Kotlin types (shared_types/generated/kotlin) and the uniffi Kotlin bindings
# (shared_types/generated/uniffi/kotlin) from the Rust core. Run by Gradle's
# generateCoreBindings task; also runnable by hand from anywhere.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GENERATED="$ROOT/shared_types/generated"
cd "$ROOT"
if [[ "$(uname -s)" == "Linux" ]]; then
  cargo xtask generate
else
  # `cargo xtask generate` expects the host library as libshared.so; on macOS it is a .dylib.
  cargo run --locked -p shared_types -- "$GENERATED"
  cargo build --locked -p shared --features uniffi-cli
  rm -rf "$GENERATED/uniffi/kotlin"
  "$ROOT/target/debug/uniffi-bindgen" generate --library "$ROOT/target/debug/libshared.dylib" \
    --language kotlin --out-dir "$GENERATED/uniffi/kotlin"
fi
test -f "$GENERATED/uniffi/kotlin/uniffi/shared/shared.kt"
test -f "$GENERATED/kotlin/com/cruxpasskey/shared/types/Types.kt"
