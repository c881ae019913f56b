#!/usr/bin/env bash
# Measures the transfer sizes that the budgets in docs/benchmarks.md cover, as served by the
# release build: starts `appello` on a spare loopback port with a throwaway SQLite database,
# fetches each file, and prints raw and `gzip -9` byte counts. Needs `make build` first.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/target/release/appello"
[[ -x "$bin" ]] || { echo "sizes: $bin not found; run make build first" >&2; exit 1; }

work="$(mktemp -d)"
port="${SIZES_PORT:-3190}"
export DATABASE_URL="sqlite:$work/sizes.db" LEPTOS_SITE_ROOT="$root/target/site" LEPTOS_SITE_ADDR="127.0.0.1:$port"
key="$("$bin" demo --origin http://127.0.0.1:3191 | awk '/Widget key:/ {print $3}')"
"$bin" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done

measure() {
    local label="$1" path="$2"
    curl -sf "http://127.0.0.1:$port$path" -o "$work/file"
    printf '%-44s %9d %9d\n' "$label" "$(wc -c <"$work/file")" "$(gzip -9c "$work/file" | wc -c)"
}

printf '%-44s %9s %9s\n' "file" "raw" "gzip -9"
measure "embed loader: /embed.js" "/embed.js"
measure "embed loader: embed_bg.wasm" "/embed/embed_bg.wasm"
measure "widget page HTML: /w/{key}" "/w/$key?origin=http%3A%2F%2F127.0.0.1%3A3191"
measure "stylesheet: /pkg/appello.css" "/pkg/appello.css"
measure "hydration JS: /pkg/appello.js" "/pkg/appello.js"
measure "hydration wasm: /pkg/appello.wasm" "/pkg/appello.wasm"
