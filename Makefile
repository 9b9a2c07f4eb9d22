# Bangkom: `make run` (the app on SQLite with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: install run worker test test-e2e lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The app with demo data, plus the worker that builds big reports (annual report, certificate ZIPs);
# the worker is started again if it dies (a job it left half-done is taken up again: recover_jobs, and
# the job's page), and stops with the server.
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "Bangkom: http://$(HOST)/ (with a background worker for reports)"
	( while true; do $(BIN)/python manage.py db_worker --interval 1; \
	    echo "Bangkom: the background worker stopped; starting it again"; sleep 2; done ) & WORKER=$$!; \
	trap 'CHILD=$$(pgrep -P $$WORKER); kill $$WORKER $$CHILD 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# The background worker alone (production runs it as its own service, see README).
worker: install
	$(BIN)/python manage.py db_worker

# The suite runs on both cores (pytest-xdist; each worker has its own test database).
TEST_WORKERS ?= 2
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The browser journeys (tests/e2e): Playwright drives the system's Chromium (apt-get install chromium)
# against a server the tests start; axe-core and the Nu HTML checker come from npm (Java runs the latter).
# Screenshots and the accessibility/HTML report land in e2e-screenshots/.
test-e2e: install node_modules/.installed-stamp
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install chromium"; exit 1; }
	@command -v java >/dev/null || { echo "Java is missing: apt-get install default-jre-headless"; exit 1; }
	$(BIN)/python -m pytest tests/e2e -m e2e -p no:xdist $(PYTEST_ARGS)

node_modules/.installed-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# ruff (with flake8-bandit's rules), bandit itself over the app code, and unmade migrations.
lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit --quiet --recursive core programs training evaluation needs_analysis reports api demo config --exclude '*/migrations/*'
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the translation catalogues (needs gettext); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages -l id -l en --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
