#!/usr/bin/env bash
# Builds the Rust core for iOS into iOS/Generated/SharedFFI.xcframework (device + simulator),
# after regenerating the Swift types and uniffi bindings the app compiles against.
#
#   ./build-core.sh            # release build (default)
#   PROFILE=debug ./build-core.sh
#   SKIP_GENERATE=1 ./build-core.sh   # keep the bindings already in shared_types/generated
#
# Needs: macOS with Xcode (xcodebuild, lipo), rustup, and the targets
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PROFILE="${PROFILE:-release}"
GENERATED="$ROOT/shared_types/generated"
OUT="$HERE/Generated"
BUILD="$ROOT/target/ios-xcframework"
DEVICE=aarch64-apple-ios
SIMULATORS=(aarch64-apple-ios-sim x86_64-apple-ios)

cd "$ROOT"

# 1. Types (SharedTypes) and uniffi bindings (shared.swift, sharedFFI.h, sharedFFI.modulemap).
if [[ -z "${SKIP_GENERATE:-}" ]]; then
  if [[ "$(uname -s)" == "Linux" ]]; then
    cargo xtask generate
  else
    # `cargo xtask generate` reads the host library as libshared.so; on macOS it is a .dylib,
    # so run the same two steps directly.
    cargo run --locked -p shared_types -- "$GENERATED"
    cargo build --locked -p shared --features uniffi-cli
    rm -rf "$GENERATED/uniffi/swift"
    "$ROOT/target/debug/uniffi-bindgen" generate --library "$ROOT/target/debug/libshared.dylib" \
      --language swift --out-dir "$GENERATED/uniffi/swift"
  fi
fi
for file in shared.swift sharedFFI.h sharedFFI.modulemap; do
  [[ -f "$GENERATED/uniffi/swift/$file" ]] || { echo "missing $GENERATED/uniffi/swift/$file" >&2; exit 1; }
done

# 2. The static library for each Apple target.
# (macOS ships bash 3.2: no empty arrays under `set -u`, hence the two spellings.)
for target in "$DEVICE" "${SIMULATORS[@]}"; do
  if [[ "$PROFILE" == "release" ]]; then
    cargo build --locked -p shared --lib --features uniffi --target "$target" --release
  else
    cargo build --locked -p shared --lib --features uniffi --target "$target"
  fi
done

# 3. One fat simulator library, a headers folder with the module map, then the XCFramework.
rm -rf "$BUILD" "$OUT/SharedFFI.xcframework"
mkdir -p "$BUILD/headers" "$BUILD/simulator" "$OUT"
cp "$GENERATED/uniffi/swift/sharedFFI.h" "$BUILD/headers/"
cp "$GENERATED/uniffi/swift/sharedFFI.modulemap" "$BUILD/headers/module.modulemap"
lipo -create \
  "$ROOT/target/${SIMULATORS[0]}/$PROFILE/libshared.a" \
  "$ROOT/target/${SIMULATORS[1]}/$PROFILE/libshared.a" \
  -output "$BUILD/simulator/libshared.a"
xcodebuild -create-xcframework \
  -library "$ROOT/target/$DEVICE/$PROFILE/libshared.a" -headers "$BUILD/headers" \
  -library "$BUILD/simulator/libshared.a" -headers "$BUILD/headers" \
  -output "$OUT/SharedFFI.xcframework"

echo "Built $OUT/SharedFFI.xcframework; now run: cd iOS && xcodegen generate && open CruxPasskey.xcodeproj"
