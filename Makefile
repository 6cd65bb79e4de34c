# fangfan: `make run` for a demo on this machine, `make test` for the checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEMO_CITIES ?= 3704 1410
DEMO_PERSONS ?= 5000

.PHONY: setup run serve test lint typecheck pytest demo clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Each step skips what is already there, so `make run` can be run again on the same database.
demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions --province 37 --province 14
	for city in $(DEMO_CITIES); do \
		$(PY) manage.py seed_demo --city $$city --persons $(DEMO_PERSONS) || exit 1; \
		$(PY) manage.py seed_employment --region $$city || exit 1; \
		$(PY) manage.py seed_instruments --region $$city || exit 1; \
	done
	$(PY) manage.py seed_monitoring

run: demo
	@echo "防返 at http://127.0.0.1:8000  (Ctrl-C stops the server and the task worker)"
	$(PY) manage.py db_worker --interval 0.5 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy fangfan

pytest: setup
	$(BIN)/pytest -n 2

test: lint typecheck pytest

clean:
	rm -rf $(VENV) node_modules var staticfiles
