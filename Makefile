# Folkmoot: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint install install-crosscheck demo worker bench backup restore lock clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Python's venv module (python3-venv)..."; \
	    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Python's venv module is missing. Install it with: sudo apt-get install python3-venv"; exit 1; \
	  fi; }

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

install-crosscheck: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,crosscheck]'

demo: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

# The web server and the background worker run together; emails print here. Ctrl-C stops both.
run: demo
	@echo "Folkmoot is at http://127.0.0.1:$(PORT)/  (press Ctrl-C to stop)"
	@trap 'kill 0' INT TERM EXIT; export SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}; \
	  $(BIN)/python manage.py db_worker --reload & \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(BIN)/python manage.py db_worker

# The whole suite on SQLite. Browser tests need /usr/bin/chromium (.ci/run installs it).
test: install
	@mkdir -p var
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rewrite the pinned versions from what is installed now (after changing pyproject.toml).
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^folkmoot' > requirements.lock

# Benchmarks (not part of CI): results go to bench/results/. More arrive with the scale issue.
bench: install-crosscheck
	@mkdir -p bench/results
	$(BIN)/python bench/stv_compare.py --json bench/results/stv_compare.json
	$(BIN)/python bench/cascade.py --json bench/results/cascade.json
	$(BIN)/python bench/stv_synthetic.py --json bench/results/stv_synthetic.json
	$(BIN)/python bench/page_weight.py --json bench/results/page_weight.json
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "http_load needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/http_load.py $(HTTP_LOAD_ARGS) --json bench/results/http_load.json
	$(BIN)/python bench/summary.py

# A full backup of the database (SQLite or PostgreSQL, from DATABASE_URL) into var/backups/,
# or BACKUP=file; `make restore BACKUP=file` replaces the database with it and checks it.
backup: install
	$(BIN)/python manage.py backup $(BACKUP)

restore: install
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/<file>"; exit 1; }
	$(BIN)/python manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
