# Omrade: `make run` serves the demo on SQLite; `make test` runs every check and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install messages run test lint static chromium bench clean

$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

# Compiled catalogues are committed for machines without GNU gettext; refresh them when we can.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/omrade manage compilemessages -v0; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed node_modules/.installed

static: install messages
	$(BIN)/omrade manage collectstatic --noinput -v0

run: static
	$(BIN)/omrade manage migrate --noinput -v0
	$(BIN)/omrade demo --if-empty
	@echo "Serving Omrade on http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	$(BIN)/omrade serve --port $(PORT)

# Browser tests drive Debian's Chromium and PDFs need Pango (WeasyPrint); install them when
# missing and we are root.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && ldconfig -p | grep -q libpangoft2-1.0.so.0; } || \
		{ [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium libpango-1.0-0 libpangoft2-1.0-0 >/dev/null) \
		|| echo "chromium or pango is missing and cannot be installed: some tests will be skipped"; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/omrade manage makemigrations --check --dry-run -v0

# pytest-xdist: one worker per core, at most four (each builds its own test database and loads
# the shared demo once), handed one test at a time so the crawl's parts, which run first,
# spread over them; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: install chromium lint
	OMRADE_TILE_URL=none $(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS) --maxprocesses=4 \
		--maxschedchunk=1

bench: install
	@ls bench/*.py >/dev/null 2>&1 && for script in bench/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) node_modules var
