#!/usr/bin/env bash
# Runs every fuzz target for a while: `fuzz/run.sh [seconds-per-target]` (default 20).
#
# Installs what it needs on a fresh machine (the nightly toolchain if absent, cargo-fuzz if
# absent), builds all targets once, then runs them one after another. Each run starts from the
# checked-in seeds (fuzz/corpus/<target>, read only) plus what earlier runs found
# (fuzz/target/corpus/<target>, where libFuzzer writes new inputs). A crash leaves its input in
# fuzz/artifacts/<target>/ and makes this script exit non-zero after the remaining targets ran.
set -euo pipefail

seconds="${1:-20}"
cd "$(dirname "$0")"

if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

targets=(server_credential server_http core_ffi_bytes core_sequence)

cargo +nightly fuzz build

failed=()
for target in "${targets[@]}"; do
    mkdir -p "target/corpus/$target"
    echo "== fuzz $target for ${seconds}s"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a leak or a blow-up fails the run.
    if ! cargo +nightly fuzz run "$target" "target/corpus/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a crash"
