# Bangkom: `make run` (the app on SQLite with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: install run worker test lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The app with demo data, plus the worker that builds big reports (annual report, certificate ZIPs);
# the worker stops with the server.
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "Bangkom: http://$(HOST)/ (with a background worker for reports)"
	$(BIN)/python manage.py db_worker --interval 1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# The background worker alone (production runs it as its own service, see README).
worker: install
	$(BIN)/python manage.py db_worker

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (with flake8-bandit's rules), bandit itself over the app code, and unmade migrations.
lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit --quiet --recursive programs training evaluation needs_analysis reports config --exclude '*/migrations/*'
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the translation catalogues (needs gettext); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages -l id -l en --no-location --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
