# Two commands do all set-up: `make run` (the site with demo accounts) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEV := DEBUG=1
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: serve loadtest install run test lint test-sqlite test-postgres test-browser chromium screenshots messages collectstatic bench

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

## The site on http://127.0.0.1:8000 with the demo teacher and student (SQLite).
run: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py setup_demo
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

## Lint, migrations check, the whole suite on SQLite and on PostgreSQL, then the browser tests.
test: install lint test-sqlite test-postgres test-browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest

# Outside CI a missing PostgreSQL skips this run with a notice; in CI it fails.
test-postgres: install
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL run ($(PG_TEST_URL))"; \
		DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL): failing, as CI must test both databases."; exit 1; \
	else \
		echo "NOTE: PostgreSQL is not reachable at $(PG_TEST_URL); the PostgreSQL run was skipped."; \
	fi

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { \
		echo "Installing Chromium from Debian's packages for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	} || { echo "Chromium is missing: install the 'chromium' package (as root: apt-get install chromium)."; exit 1; }

## Browser tests (tests/e2e) on SQLite, and on PostgreSQL when it is reachable (required in CI).
test-browser: install chromium
	env -u DATABASE_URL $(BIN)/pytest -m e2e
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== Browser tests on PostgreSQL"; \
		DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m e2e; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL): failing, as CI must test both databases."; exit 1; \
	fi

## Screenshots of the main pages into docs/screenshots (shown in the README).
screenshots: install chromium
	env -u DATABASE_URL E2E_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m e2e -q

## Refresh translation catalogs after changing UI text (needs GNU gettext), then translate and rerun.
messages: install
	$(DEV) $(BIN)/python manage.py makemessages --locale kk --locale ru --no-obsolete --ignore '$(VENV)/*'
	$(DEV) $(BIN)/python manage.py compilemessages --ignore '$(VENV)/*'

collectstatic: install
	$(BIN)/python manage.py collectstatic --noinput

## Gradebook speed on a synthetic course (5,000 students x 40 quizzes) in throwaway databases.
BENCH_SQLITE := /tmp/lms-bench.sqlite3
bench: install
	rm -f $(BENCH_SQLITE)*
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(DEV) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(DEV) $(BIN)/python manage.py bench_gradebook
	rm -f $(BENCH_SQLITE)*
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		psql "$(PG_TEST_URL)" -qc "DROP DATABASE IF EXISTS lms_bench" -c "CREATE DATABASE lms_bench" && \
		DATABASE_URL=$(dir $(PG_TEST_URL))lms_bench $(DEV) $(BIN)/python manage.py migrate -v0 && \
		DATABASE_URL=$(dir $(PG_TEST_URL))lms_bench $(DEV) $(BIN)/python manage.py bench_gradebook; \
		psql "$(PG_TEST_URL)" -qc "DROP DATABASE IF EXISTS lms_bench"; \
	fi

## Production-style serving: gunicorn (config/gunicorn.py) with collected, hashed static files.
## Set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (and REDIS_URL) first; see docs/deploy.md.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn config.wsgi -c config/gunicorn.py

## Exam-start load test against gunicorn on loopback (throwaway databases): on PostgreSQL a login
## storm (everyone logs in within 20 s) and an exam start (logins over the minute before, everyone
## starts within 5 s); the exam start again on SQLite. Figures go to docs/performance.md.
LOAD_PG := $(dir $(PG_TEST_URL))lms_load
LOAD_SQLITE := /tmp/lms_load.sqlite3
LOAD_ENV := DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	ALLOWED_HOSTS=127.0.0.1 REPORT_QUERY_COUNT=1 STATIC_ROOT=/tmp/lms_load_static BIND=127.0.0.1:8099
LOAD_STORM ?= 100,200,300
LOAD_START ?= 100,200,300,400,500,600
LOAD_SQLITE_START ?= 100,200,300
loadtest: install
	psql "$(PG_TEST_URL)" -qc "DROP DATABASE IF EXISTS lms_load" -c "CREATE DATABASE lms_load"
	$(LOAD_ENV) DATABASE_URL=$(LOAD_PG) bash .ci/loadtest.sh "$(LOAD_STORM)" docs/loadtest-postgresql-login-storm.json --ramp 20
	$(LOAD_ENV) DATABASE_URL=$(LOAD_PG) bash .ci/loadtest.sh "$(LOAD_START)" docs/loadtest-postgresql-exam-start.json --ramp 60
	psql "$(PG_TEST_URL)" -qc "DROP DATABASE IF EXISTS lms_load"
	rm -f $(LOAD_SQLITE)*
	$(LOAD_ENV) DATABASE_URL=sqlite:///$(LOAD_SQLITE) bash .ci/loadtest.sh "$(LOAD_SQLITE_START)" docs/loadtest-sqlite-exam-start.json --ramp 60
	rm -f $(LOAD_SQLITE)*
