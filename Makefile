# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install migrate lint migrations squash-migrations bench bench-reply sandbox clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/finmatch migrate

run: migrate
	$(BIN)/finmatch run

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

# After changing models/: write the next migration file (check it in).
migrations: install
	$(BIN)/tortoise -c models.db.TORTOISE_ORM makemigrations

sandbox: install
	$(BIN)/finmatch sandbox

# Every benchmark beside its goal on SQLite and PostgreSQL (about 20 min; BENCH_ARGS="--full" adds 10 x and a
# 10,000-recipient broadcast, "--quick" is a few minutes' look); each part alone: python -m bench.<part>
bench: install
	$(BIN)/python -m bench.all $(BENCH_ARGS)

# Reply latency while a broadcast drains (separate sandbox and bot processes, SQLite and PostgreSQL);
# e.g. make bench-reply BENCH_ARGS="--recipients 2000"
bench-reply: install
	$(BIN)/python -m bench.reply_during_broadcast $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache

# Before the first release only: squash every migration into one 0001_initial from the current models.
squash-migrations: install
	rm -f models/migrations/0*.py
	DATABASE_URL=sqlite:///tmp/finmatch-squash.sqlite3 $(BIN)/tortoise -c models.db.TORTOISE_ORM makemigrations -n initial
	rm -f /tmp/finmatch-squash.sqlite3*
