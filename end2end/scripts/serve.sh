#!/usr/bin/env bash
# Prepares a fresh database with the demo data, writes what the tests need to .state/run.json,
# and then runs `appello serve` in the foreground, so that Playwright's webServer owns the
# process and stops it after the run.
#
# Mail goes through a capture SMTP server (scripts/smtp-capture.mjs) that stores each message in
# the run's mail folder, where the tests read it. The capture server reads its standard input
# from a pipe that only this process keeps open, so it stops when `appello serve`, which this
# script becomes, stops.
#
# Environment: APPELLO_BIN and LEPTOS_SITE_ROOT (absolute paths), PORTAL_PORT, SITE_PORT,
# FOREIGN_SITE_PORT, SMTP_PORT, OIDC_PORT. playwright.config.ts sets all of them.
set -euo pipefail

end2end_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state_dir="$end2end_dir/.state"
state_file="$state_dir/run.json"

portal="http://127.0.0.1:$PORTAL_PORT"
site="http://127.0.0.1:$SITE_PORT"

[[ -x "$APPELLO_BIN" ]] || { echo "serve.sh: APPELLO_BIN=$APPELLO_BIN is not an executable file. Run make build first." >&2; exit 1; }
# `cargo leptos build` recreates the site folder, and widget/embed/build.sh adds the loader after it.
for built in "$LEPTOS_SITE_ROOT/embed/embed.js" "$LEPTOS_SITE_ROOT/embed/embed_bg.wasm"; do
    [[ -f "$built" ]] || { echo "serve.sh: $built is missing. Run make build, or wait for a running build to finish." >&2; exit 1; }
done

# The state file records the previous run's database folder, which is removed before starting over.
mkdir -p "$state_dir"
if [[ -f "$state_file" ]]; then
    previous="$(sed -n 's/^  "dataDir": "\(.*\)",$/\1/p' "$state_file")"
    [[ "$previous" == /tmp/appello-e2e.* ]] && rm -rf -- "$previous"
fi
data_dir="$(mktemp -d /tmp/appello-e2e.XXXXXX)"
export DATABASE_URL="sqlite:$data_dir/appello.db"

# Only the first demo site is an allowed origin. The second serves the same page from an
# origin that the key does not list.
demo_output="$("$APPELLO_BIN" demo --origin "$site" --portal-url "$portal" --site-url "$site")"
widget_key="$(sed -n 's/^ *Widget key: *\(pk_[A-Za-z0-9_-]*\).*$/\1/p' <<<"$demo_output")"
reviewer_password="$(sed -n 's/^ *Reviewer password: *\([^ ]*\).*$/\1/p' <<<"$demo_output")"
reviewer_email="$(sed -n 's/^ *Reviewer sign-in: *\([^ ]*\).*$/\1/p' <<<"$demo_output")"
if [[ -z "$widget_key" || -z "$reviewer_password" || -z "$reviewer_email" ]]; then
    echo "serve.sh: the widget key or the reviewer is missing from the output of appello demo:" >&2
    echo "$demo_output" >&2
    exit 1
fi

mail_dir="$data_dir/mail"
mkdir -p "$mail_dir"
exec {smtp_stdin}> >(exec node "$end2end_dir/scripts/smtp-capture.mjs" "$SMTP_PORT" "$mail_dir" --exit-with-stdin \
    >"$data_dir/smtp.port" 2>"$data_dir/smtp.log")
# The capture server prints its port once it listens; wait for that line, at most 20 seconds.
for _ in $(seq 200); do
    [[ -s "$data_dir/smtp.port" ]] && break
    sleep 0.1
done
[[ -s "$data_dir/smtp.port" ]] || { echo "serve.sh: the capture SMTP server did not start:" >&2; cat "$data_dir/smtp.log" >&2; exit 1; }

# The OpenID Connect provider for citizens' sign-in stops when its parent, this process (later
# `appello serve`, with the same process ID), ends.
oidc_secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
node "$end2end_dir/scripts/oidc-provider.mjs" "$OIDC_PORT" --parent "$$" \
    --client-id appello-e2e --client-secret "$oidc_secret" --redirect-uri "$portal/cabinet/oidc/callback" \
    >"$data_dir/oidc.port" 2>"$data_dir/oidc.log" &
for _ in $(seq 200); do
    [[ -s "$data_dir/oidc.port" ]] && break
    sleep 0.1
done
[[ -s "$data_dir/oidc.port" ]] || { echo "serve.sh: the OpenID Connect provider did not start:" >&2; cat "$data_dir/oidc.log" >&2; exit 1; }

cat >"$state_file" <<JSON
{
  "dataDir": "$data_dir",
  "databaseUrl": "$DATABASE_URL",
  "appelloBin": "$APPELLO_BIN",
  "siteRoot": "$LEPTOS_SITE_ROOT",
  "portalUrl": "$portal",
  "siteUrl": "$site",
  "foreignSiteUrl": "http://127.0.0.1:$FOREIGN_SITE_PORT",
  "widgetKey": "$widget_key",
  "mailDir": "$mail_dir",
  "oidcIssuer": "http://127.0.0.1:$OIDC_PORT",
  "reviewer": { "email": "$reviewer_email", "password": "$reviewer_password" }
}
JSON

export LEPTOS_SITE_ADDR="127.0.0.1:$PORTAL_PORT"
# Attached files go into the run's temporary folder, not into data/ of the checkout.
export APPELLO_DATA_DIR="$data_dir"
export APPELLO_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
export APPELLO_OIDC_ISSUER="http://127.0.0.1:$OIDC_PORT"
export APPELLO_OIDC_CLIENT_ID=appello-e2e
export APPELLO_OIDC_CLIENT_SECRET="$oidc_secret"
export APPELLO_OIDC_LABEL="тестовый поставщик OpenID Connect"
# The specs file many complaints and look many up from 127.0.0.1, in the nojs project without
# a proof of work, so the per-address limits are raised far above what one run sends.
export APPELLO_LIMIT_COMPLAINTS_PER_IP=10000/1h
export APPELLO_LIMIT_COMPLAINTS_WITHOUT_POW=10000/1h
export APPELLO_LIMIT_STATUS_PER_IP=10000/1h
exec "$APPELLO_BIN" serve \
    --demo-site "127.0.0.1:$SITE_PORT" \
    --demo-site "127.0.0.1:$FOREIGN_SITE_PORT" \
    --public-url "$portal"
