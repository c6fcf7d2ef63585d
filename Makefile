# Tianbao: `make run` serves the demo district; `make test` runs every test on SQLite and MariaDB.

GO      ?= go
BIN     ?= bin/tianbao
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/tianbao-edu/tianbao/backend/app.Version=$(VERSION)

# make run is demo mode unless told otherwise (TIANBAO_DEMO=0 make run); every other
# TIANBAO_* variable in the environment reaches the server as is. Data lives in ./data.
TIANBAO_DEMO ?= 1

# The MariaDB/MySQL server the tests use; each test creates and drops its own database.
MYSQL_HOST ?= 127.0.0.1
MYSQL_PORT ?= 3306
TIANBAO_TEST_MYSQL ?= root@tcp($(MYSQL_HOST):$(MYSQL_PORT))/

.PHONY: all build build-frontend build-go run test test-go test-frontend test-sqlite vet deps check-mariadb clean golden loadtest briefing-tools

all: build

## build: everything the binary needs, then the binary.
build: build-frontend build-go

## build-frontend: npm ci and the Vite build of the SPA into frontend/dist, which the binary embeds.
build-frontend:
	bash frontend/scripts/build.sh

## build-go: the one static binary, with the SPA embedded (the embedspa tag).
build-go:
	CGO_ENABLED=0 $(GO) build -tags embedspa -ldflags '$(LDFLAGS)' -o $(BIN) ./backend/cmd/tianbao

## run: build and serve the demo on 127.0.0.1:8080 (TIANBAO_ADDR to change; it prints the address),
## demo data and accounts on a fresh ./data.
run: build
	TIANBAO_DEMO=$(TIANBAO_DEMO) ./$(BIN) serve

## test: every test suite: Go on SQLite and MariaDB, then the frontend (typecheck, ESLint, vitest, and the
## Playwright journeys in Debian's Chromium against a real server).
test: test-go test-frontend

## test-frontend: installs the npm packages and Chromium if missing, then runs frontend/scripts/test.sh.
test-frontend:
	bash frontend/scripts/test.sh

## test-go: go vet and staticcheck, then every Go test on the embedded SQLite and on MariaDB.
test-go: deps check-mariadb briefing-tools vet
	TIANBAO_TEST_MYSQL='$(TIANBAO_TEST_MYSQL)' $(GO) test -count=1 ./...

## test-sqlite: every Go test on SQLite only; needs no database server.
test-sqlite: deps briefing-tools vet
	TIANBAO_TEST_MYSQL= $(GO) test -count=1 ./...

## briefing-tools: the briefing test opens the generated Word document with a real reader: LibreOffice
## (headless) converts it to PDF and poppler's pdftotext reads it; Noto CJK gives the charts and the PDF
## Chinese glyphs. Installed from Debian when missing and running as root; otherwise the test says what
## to install (and fails in CI).
BRIEFING_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-noto-cjk
briefing-tools:
	@missing=$$(for p in $(BRIEFING_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== installing $$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; }; \
	fi

## vet: go vet and staticcheck (fetched through the Go module proxy at a pinned version).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
vet:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## golden: rewrite the rule evaluators' golden files from the Go evaluator after a deliberate change
## to the evaluators or the seeded forms: the compat suite's expected deviations and the differential
## corpus (backend/form/testdata). Review the diff; vitest then holds the browser to them.
golden:
	$(GO) test ./backend/form -count=1 -run 'TestCompatSuite|TestDifferential' -update

## loadtest: tianbao loadtest against a server it starts on a fresh SQLite file, then on a fresh MariaDB database
## (60 s per scenario; LOADTEST_FLAGS='-duration 10s' to shorten). Markdown reports; see docs/performance.md.
LOADTEST_FLAGS ?=
loadtest: deps
	$(GO) build -o bin/tianbao-load ./backend/cmd/tianbao
	./bin/tianbao-load loadtest -db sqlite $(LOADTEST_FLAGS)
	./bin/tianbao-load loadtest -db 'mysql:$(TIANBAO_TEST_MYSQL)' $(LOADTEST_FLAGS)

deps:
	$(GO) mod download

check-mariadb:
	@if command -v mysql >/dev/null 2>&1; then \
		mysql -h$(MYSQL_HOST) -P$(MYSQL_PORT) -uroot --connect-timeout=5 -e 'SELECT 1' >/dev/null 2>&1 || { \
			echo "make test: cannot log in to MariaDB as root without a password at $(MYSQL_HOST):$(MYSQL_PORT)." >&2; \
			echo "           Start it (bash .ci/run does), or run 'make test-sqlite' for SQLite only." >&2; \
			exit 1; }; \
	elif ! (exec 3<>/dev/tcp/$(MYSQL_HOST)/$(MYSQL_PORT)) 2>/dev/null; then \
		echo "make test: MariaDB is not answering at $(MYSQL_HOST):$(MYSQL_PORT)." >&2; \
		echo "           Start it (bash .ci/run does), or run 'make test-sqlite' for SQLite only." >&2; \
		exit 1; \
	fi
	@echo "MariaDB is up at $(MYSQL_HOST):$(MYSQL_PORT)"

clean:
	rm -rf bin
