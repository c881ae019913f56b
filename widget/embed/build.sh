#!/usr/bin/env bash
# Builds the embed loader: the no-modules JS glue and the optimized wasm that the server serves
# as /embed.js and /embed_bg.wasm.
#
# Usage: widget/embed/build.sh [OUT_DIR]
#   OUT_DIR defaults to target/site/embed under the workspace root. A relative OUT_DIR is taken
#   relative to the current directory.
# Needs on PATH: cargo with the wasm32-unknown-unknown target, wasm-bindgen of the same version as
# the wasm-bindgen crate in Cargo.lock, and wasm-opt (binaryen).
# Needs the `embed-release` profile in the workspace Cargo.toml.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workspace_root="$(cd "$script_dir/../.." && pwd)"
if [[ $# -ge 1 ]]; then
    out_dir="$(realpath -m -- "$1")"
else
    out_dir="$workspace_root/target/site/embed"
fi

fail() {
    echo "build.sh: $*" >&2
    exit 1
}

for tool in cargo wasm-bindgen wasm-opt; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found on PATH. Install it and run again."
done

# The CLI must be the version of the wasm-bindgen crate in Cargo.lock, because the macro output
# and the CLI share an unstable format.
locked_version="$(awk '
    /^\[\[package\]\]/ { in_bindgen = 0 }
    $0 == "name = \"wasm-bindgen\"" { in_bindgen = 1 }
    in_bindgen && /^version = / { gsub(/"/, "", $3); print $3; exit }
' "$workspace_root/Cargo.lock")"
[[ -n "$locked_version" ]] || fail "no wasm-bindgen entry found in $workspace_root/Cargo.lock."
cli_version="$(wasm-bindgen --version | awk '{ print $2 }')"
if [[ "$cli_version" != "$locked_version" ]]; then
    fail "wasm-bindgen on PATH is $cli_version but Cargo.lock has $locked_version. Install the matching CLI with: cargo install wasm-bindgen-cli --version $locked_version --locked"
fi

cd "$workspace_root"
cargo build --locked -p embed --target wasm32-unknown-unknown --profile embed-release

target_dir="${CARGO_TARGET_DIR:-$workspace_root/target}"
wasm_input="$target_dir/wasm32-unknown-unknown/embed-release/embed.wasm"
[[ -f "$wasm_input" ]] || fail "cargo finished but $wasm_input does not exist."

mkdir -p "$out_dir"
wasm-bindgen --target no-modules --no-modules-global appelloEmbed --no-typescript \
    --out-dir "$out_dir" "$wasm_input"
# Browsers ignore the producers and target_features sections, which add about 260 bytes.
wasm-opt -Oz --strip-producers --strip-target-features \
    "$out_dir/embed_bg.wasm" -o "$out_dir/embed_bg.wasm"

echo "build.sh: wrote $out_dir/embed.js and $out_dir/embed_bg.wasm"
