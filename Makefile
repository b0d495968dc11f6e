# The two commands a new user needs: `make run` and `make test`. Each installs what it needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HTMX := portal/static/vendor/htmx.min.js
# The Nu Html Checker, run over every page the browser tests saw (tests/e2e/conftest.py).
VNU := node_modules/vnu-jar/build/dist/vnu.jar
APT_PACKAGES_RUN := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
export PORTAL_DEV_IDP ?= 1
# Tests run in parallel processes; 2 matches the CI machine's cores.
PYTEST_WORKERS ?= 2
# Extra pytest options for every test target, e.g. PYTEST_ARGS=--backends=sqlite.
PYTEST_ARGS ?=
PYTEST = $(BIN)/pytest -n $(PYTEST_WORKERS) -q -p no:cacheprovider $(PYTEST_ARGS)

.PHONY: run test java lint-imports test-core test-e2e test-on install install-test system-deps chromium migrate demo worker tenants-check messages bench clean

run: install $(HTMX) system-deps ## Start the portal with demo data for all four cities
	$(BIN)/portal db upgrade
	$(BIN)/portal demo load
	exec $(BIN)/portal serve

# Browser tests run in a pytest run of their own: Playwright's sync API keeps an event
# loop marked as running in its thread, which async tests in the same process can't share.
test: install-test $(HTMX) $(VNU) system-deps chromium java lint-imports ## Run every test (layers, unit, integration on SQLite and PostgreSQL, browser)
	$(PYTEST) --ignore=tests/e2e tests
	$(PYTEST) tests/e2e

# The layers of .importlinter (web above domains above platform; a domain reaches
# another only through its service module): a violation fails the build.
lint-imports: install-test
	$(BIN)/lint-imports --no-cache

test-core: install-test $(HTMX) system-deps ## Unit and integration tests only (no browser)
	$(PYTEST) --ignore=tests/e2e tests

test-e2e: install-test $(HTMX) $(VNU) system-deps chromium java ## Browser tests only (PORTAL_E2E_BACKEND=postgresql for PostgreSQL)
	$(PYTEST) tests/e2e

# The suite as if it were that moment in Amsterdam: make test-on DATE=2026-12-31T23:59
# (TESTS=core or TESTS=e2e for one part; PORTAL_TEST_BACKENDS=sqlite for one database).
test-on: ## Run the tests on a given date: make test-on DATE=2026-12-31T23:59
	@if [ -z "$(DATE)" ]; then echo "usage: make test-on DATE=2026-12-31T23:59 [TESTS=core|e2e]"; exit 2; fi
	$(MAKE) --no-print-directory $(if $(TESTS),test-$(TESTS),test) PYTEST_ARGS='$(PYTEST_ARGS) --clock=$(DATE)'

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

# htmx comes from the npm registry at the version pinned in package-lock.json; the
# portal serves the file itself (no CDN).
$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $(HTMX))
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

# vnu-jar comes from the npm registry too (a dev dependency, pinned in package-lock.json).
$(VNU): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The Nu Html Checker is a Java program (17 or later).
java:
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; \
	  else echo "Please install Java 17 (Debian: openjdk-17-jre-headless)"; exit 1; fi; fi

# WeasyPrint (decision letters) needs Pango from the system.
system-deps:
	@if ! ldconfig -p | grep -q 'libpango-1.0.so'; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(APT_PACKAGES_RUN); \
	  else echo "Please install the Debian packages: $(APT_PACKAGES_RUN)"; exit 1; fi; fi

# Browser tests use Debian's Chromium; nothing downloads a browser.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'"; exit 1; fi; fi

migrate: install
	$(BIN)/portal db upgrade

demo: migrate
	$(BIN)/portal demo load

worker: install
	$(BIN)/portal worker

tenants-check: install
	$(BIN)/portal tenants check

# Extract, update and compile translations; then list what is still untranslated.
messages: install-test
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l -k lazy_gettext -o locales/messages.pot --no-location --sort-output . >/dev/null
	for po in locales/*/LC_MESSAGES/*.po; do $(BIN)/pybabel compile -i $$po -o $${po%.po}.mo >/dev/null || exit 1; done
	$(BIN)/portal i18n missing

bench: install-test
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf var/ .pytest_cache
