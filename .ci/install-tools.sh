#!/usr/bin/env bash
# Installs what the build and the tests need and is missing, at the versions in
# .ci/versions.env. Safe to run again: each step is skipped when its tool is already right.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$root/.ci/versions.env"
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "install-tools: $*"; }
fail() { echo "install-tools: $*" >&2; exit 1; }

command -v cargo >/dev/null || fail "cargo not found; install Rust with rustup (https://rustup.rs) and run again."
command -v npm >/dev/null || fail "npm not found; install Node.js 18 or newer and run again."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

installed_leptos="$(cargo leptos --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$installed_leptos" != "$CARGO_LEPTOS_VERSION" ]]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 11 minutes)"
    # no_downloads keeps it from fetching tools from GitHub. --ignore-rust-version is needed
    # because one of its dependencies declares a newer rustc than it needs.
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" \
        --features no_downloads --ignore-rust-version
fi

bindgen_version="$(awk '/^name = "wasm-bindgen"$/ {found = 1; next} found && /^version/ {gsub(/"/, "", $3); print $3; exit}' "$root/Cargo.lock")"
[[ -n "$bindgen_version" ]] || fail "no wasm-bindgen in Cargo.lock"
installed_bindgen="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$installed_bindgen" != "$bindgen_version" ]]; then
    say "installing wasm-bindgen-cli $bindgen_version (the version in Cargo.lock)"
    # Without --locked: one of its locked dependencies was yanked.
    cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

package_json="$root/end2end/package.json"
for pinned in "@playwright/test=$PLAYWRIGHT_VERSION" "binaryen=$BINARYEN_VERSION" "smtp-server=$SMTP_SERVER_VERSION" \
    "mailparser=$MAILPARSER_VERSION" "oidc-provider=$OIDC_PROVIDER_VERSION" "s3rver=$S3RVER_VERSION" \
    "axe-core=$AXE_CORE_VERSION"; do
    name="${pinned%=*}" version="${pinned##*=}"
    grep -q "\"$name\": \"$version\"" "$package_json" \
        || fail "end2end/package.json must pin $name $version as .ci/versions.env does"
done
stamp="$root/end2end/node_modules/.installed-from-lock"
if [[ ! -f "$stamp" || "$root/end2end/package-lock.json" -nt "$stamp" ]]; then
    say "installing npm packages in end2end/"
    (cd "$root/end2end" && npm ci --no-audit --no-fund)
    touch "$stamp"
fi

if [[ ! -x "$CHROMIUM_PATH" ]]; then
    say "installing Chromium from Debian"
    sudo_cmd=()
    [[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y chromium
fi

say "all tools present"
