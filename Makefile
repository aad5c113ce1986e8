# Leadline — run `make help` for the targets.

SHELL := /bin/bash
GO ?= go
GOBIN := $(shell $(GO) env GOPATH)/bin
# The templ CLI must match the templ library in go.mod, or the generated code differs.
TEMPL_VERSION := $(shell $(GO) list -m -f '{{.Version}}' github.com/a-h/templ)
TEMPL := $(GOBIN)/templ
TAILWIND := node_modules/.bin/tailwindcss
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell c=$$(git rev-parse HEAD 2>/dev/null) && { git diff --quiet HEAD 2>/dev/null && echo $$c || echo $$c-dirty; } || echo unknown)
# The build date is the commit's, in UTC: one commit always builds the same bytes, so
# anyone can rebuild a release and compare it with dist/SHA256SUMS.
BUILD_DATE ?= $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo unknown)
LDFLAGS := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(BUILD_DATE)
# The platforms `make release` builds for.
RELEASE_PLATFORMS := linux/amd64 linux/arm64
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
export TEST_DATABASE_URL

.DEFAULT_GOAL := help
.PHONY: help run dev generate css assets test lint build release bench clean tools seed scale

help: ## Show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(TEMPL): go.mod
	@if [ "$$($(TEMPL) version 2>/dev/null)" != "$(TEMPL_VERSION)" ]; then \
		echo "installing templ $(TEMPL_VERSION)"; \
		$(GO) install github.com/a-h/templ/cmd/templ@$(TEMPL_VERSION); \
	fi
	@touch $@

tools: node_modules/.installed $(TEMPL) ## Install npm packages and the templ CLI at go.mod's version

generate: $(TEMPL) ## Generate Go code from the templ files
	$(TEMPL) generate

css: node_modules/.installed ## Build Tailwind's CSS and vendor htmx and its SSE extension into assets/static
	$(TAILWIND) -c tailwind.config.js -i assets/src/app.css -o assets/static/app.css --minify
	cp node_modules/htmx.org/dist/htmx.min.js assets/static/htmx.min.js
	cp node_modules/htmx-ext-sse/dist/sse.min.js assets/static/htmx-ext-sse.min.js

assets: generate css

run: assets ## Build everything and serve http://localhost:3000 on the embedded database
	$(GO) run -ldflags "-X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(BUILD_DATE)" .

dev: tools ## Rebuild templ, CSS and the server on every change
	@trap 'kill 0' EXIT; \
	$(TAILWIND) -c tailwind.config.js -i assets/src/app.css -o assets/static/app.css --watch=always & \
	$(TEMPL) generate --watch --proxy=http://localhost:3000 --cmd="$(GO) run ." & \
	wait

# FUZZERS are package:FuzzTarget pairs that `make test` runs for FUZZTIME each, after
# the tests (which run their seed corpora). FUZZTIME counts runs rather than seconds: a
# duration races Go 1.26's fuzz coordinator at its deadline and can fail with a bare
# "context deadline exceeded" and no failing input (golang/go#75804, fixed in 1.27).
FUZZERS := handlers:FuzzLeadPost handlers:FuzzSignIn handlers:FuzzLeadList handlers:FuzzAPILeadBody models:FuzzParseLeadFilter internal/webhook:FuzzCheckURL
FUZZTIME ?= 500x

test: assets ## Run every test (PostgreSQL, SQLite, browser) with the race detector, then the fuzzers briefly
	$(GO) test -race -count=1 -timeout 20m ./...
	@for pair in $(FUZZERS); do \
		pkg=$${pair%%:*}; fn=$${pair##*:}; \
		echo "fuzz $$fn ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) ./$$pkg > /tmp/fuzz-$$fn.log 2>&1 \
			|| { cat /tmp/fuzz-$$fn.log; exit 1; }; \
	done

lint: $(TEMPL) ## go vet, gofmt and templ fmt
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$')); \
		if [ -n "$$out" ]; then echo "not gofmt-formatted: $$out"; exit 1; fi
	$(TEMPL) fmt -fail views

build: assets ## Build the release binary bin/leadline (no cgo, version, commit and date stamped)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/leadline .

release: assets ## Build dist/leadline-linux-{amd64,arm64} and dist/SHA256SUMS
	rm -rf dist && mkdir -p dist
	@set -e; for p in $(RELEASE_PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; \
		echo "build dist/leadline-$$os-$$arch"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o dist/leadline-$$os-$$arch .; \
	done
	cd dist && sha256sum leadline-* > SHA256SUMS && cat SHA256SUMS

bench: build ## Go benchmarks, the HTTP load tests beside their references, the staff pages and CSV at 100k and 1M leads
	$(GO) test -run '^$$' -bench . -benchmem ./...
	scripts/load.sh
	scripts/load-notify.sh
	scripts/bench-scale.sh

# N leads for `make seed`.
N ?= 100000

seed: ## Add N varied leads (default 100000) to the configured database (DATABASE_URL or the SQLite file)
	$(GO) run ./scripts/seed -n $(N)

# The PostgreSQL database `make scale` recreates.
SCALE_DB ?= leadline_scale

scale: build ## Seed N leads (default 100000) into a fresh PostgreSQL database SCALE_DB and measure the staff pages
	dropdb --if-exists -h 127.0.0.1 -U postgres $(SCALE_DB) && createdb -h 127.0.0.1 -U postgres $(SCALE_DB)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(SCALE_DB)?sslmode=disable $(GO) run ./scripts/seed -n $(N)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(SCALE_DB)?sslmode=disable LEADLINE_DATA_DIR=tmp/scale scripts/scale.sh

clean: ## Remove build output and the local data directory
	rm -rf bin dist tmp data
