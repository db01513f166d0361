# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast lint format worker beat serve check-deploy clean \
	bench-participation bench-otree bench-compare bench-reading bench-coding bench-matrix

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Migrate, load the demo study, print its logins and serve http://127.0.0.1:8000
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo "Serving Vignette Lab on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/python manage.py runserver $(HOST):$(PORT)

## The whole test suite (SQLite by default; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## A Celery worker and beat for the services setup (REDIS_URL must be set)
worker: install
	$(BIN)/celery -A config worker --loglevel=INFO --max-memory-per-child=400000

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

## gunicorn as in production (set DJANGO_ENV, SECRET_KEY, ALLOWED_HOSTS, ...)
serve: install
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/gunicorn config.wsgi -c config/gunicorn.conf.py --bind $(HOST):$(PORT) --workers 3 --access-logfile -

## Load benchmark of the participant's online flow: gunicorn on PostgreSQL (local server,
## or BENCH_DATABASE_URL), simulated participants at 50 and 16 at once; prints JSON
bench-participation: install
	@$(BIN)/python -m bench.participation $(BENCH_ARGS)

## The same flow served by oTree 6 (its own .venv-otree, `otree prodserver`, PostgreSQL),
## 16 participants at once: the rate the participation budget is relative to; prints JSON
bench-otree: install
	@$(BIN)/python -m bench.otree_flow $(BENCH_ARGS)

## The throughput budget: the two above in turn at 16, three rounds; prints JSON with
## the ratio of their request rates (budget: at least 2)
bench-compare: install
	@$(BIN)/python -m bench.compare $(BENCH_ARGS)

## Render time of the transcript reading view: a 20,000-word interview, in process on
## PostgreSQL (local server, or BENCH_DATABASE_URL); prints JSON
bench-reading: install
	@$(BIN)/python -m bench.reading $(BENCH_ARGS)

## Coding speed: segments created and listed, the coding page and its empty poll, through
## gunicorn on a generated study of 2,000 transcripts and 1,000,000 segments, then the same
## creates and list on Taguette 1.5.2 (its own .venv-taguette, made by the benchmark) and
## the ratios (budget: at least twice its rates, p95 no worse); prints JSON
bench-coding: install
	@$(BIN)/python -m bench.coding $(BENCH_ARGS)

## Matrix speed: a role-by-theme matrix as bare SQL, then through the Celery job (a real
## worker on Redis: REDIS_URL, or redis://127.0.0.1:6379/0) from request to stored result,
## the stored result served again and the matrix page, the dyad and co-occurrence matrices,
## on generated studies of 10,000, 100,000 and 1,000,000 segments; prints JSON
bench-matrix: install
	@$(BIN)/python -m bench.matrix $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
