# Appello. `make run` starts the portal with demo data; `make test` runs every test.
# Both install missing tools first (see .ci/install-tools.sh and .ci/versions.env).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
include .ci/versions.env

# npm's wasm-opt (binaryen) must come before any other on PATH.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export LEPTOS_SITE_ROOT := $(CURDIR)/target/site

APPELLO := $(CURDIR)/target/release/appello
PORTAL_ADDR ?= 127.0.0.1:3000
DEMO_SITE_ADDR ?= 127.0.0.1:3001

.PHONY: run test tools build test-unit test-e2e sizes stop-test-pg clean

## run: install tools, build, load demo data into data/appello.db and serve on 127.0.0.1:3000
run: build
	$(APPELLO) demo --portal-url http://$(PORTAL_ADDR) --site-url http://$(DEMO_SITE_ADDR) \
		--origin http://$(DEMO_SITE_ADDR) --origin http://localhost:$(lastword $(subst :, ,$(DEMO_SITE_ADDR)))
	LEPTOS_SITE_ADDR=$(PORTAL_ADDR) $(APPELLO) serve --demo-site $(DEMO_SITE_ADDR) --public-url http://$(PORTAL_ADDR)

## test: unit and integration tests (SQLite and PostgreSQL), then end-to-end tests in Chromium
test: build test-unit test-e2e

tools:
	.ci/install-tools.sh

## build: the release server, the hydration bundle and the embed loader
build: tools
	cargo leptos build --release
	widget/embed/build.sh $(LEPTOS_SITE_ROOT)/embed

test-unit:
	cargo test -p app --features ssr
	cargo test -p server

test-e2e:
	cd end2end && APPELLO_BIN=$(APPELLO) npx playwright test

## sizes: the bundle sizes recorded in docs/benchmarks.md
sizes:
	.ci/sizes.sh

## stop-test-pg: stop the private PostgreSQL that the integration tests start when none answers
stop-test-pg:
	@if [[ -f target/test-pg/data/postmaster.pid ]]; then \
		pg_ctl="$$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pg_ctl"; \
		if [[ "$$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$$pg_ctl" -D target/test-pg/data stop; \
		else "$$pg_ctl" -D target/test-pg/data stop; fi; \
	else echo "no private test PostgreSQL is running"; fi

clean: stop-test-pg
	cargo clean
	rm -rf end2end/node_modules end2end/test-results end2end/playwright-report
