# lankeeper — the two commands: `make demo` (scan the simulated school) and `make test`.
# Both set up everything they need on a fresh Debian 12 machine (run as root: the lab uses
# network namespaces and the Debian packages get installed on first use).

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all setup venv system-deps test lint unit demo collector lab-up lab-down bench schema clean

all: test

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || /usr/bin/python3 -m venv $(VENV)
	@$(VENV)/bin/pip install -q --upgrade pip
	@$(VENV)/bin/pip install -q -e '.[dev]'
	@touch $@

venv: $(STAMP)

setup: system-deps venv

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: setup lint
	@bash scripts/start-postgres.sh
	$(VENV)/bin/pytest

unit: venv
	$(VENV)/bin/pytest tests/unit

demo: setup
	@bash scripts/start-postgres.sh >/dev/null 2>&1 || true
	$(PY) -m tests.lab.demo

collector: venv  # browse what `make demo` reported (loopback only)
	$(PY) -m collector serve --database-url sqlite:///$(CURDIR)/demo-out/collector.sqlite3 --host 127.0.0.1 --port 8600

lab-up: setup
	$(PY) -m tests.lab up

lab-down: venv
	$(PY) -m tests.lab down

bench: setup
	$(PY) -m benchmarks.discovery
	$(PY) -m benchmarks.health
	$(PY) -m benchmarks.knowledge

schema: venv
	$(PY) -m schemas.generate

clean:
	-$(PY) -m tests.lab down
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
