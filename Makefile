# Two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-deps bench docs catalogs mutants clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/stakeholder-map dashboard

test-deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	   ! { command -v chromium && command -v chromedriver && command -v pdftoppm && [ -x /usr/lib/postgresql/15/bin/initdb ]; } >/dev/null; then \
	  echo "installing chromium, chromedriver and postgresql with apt…"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver postgresql poppler-utils >/dev/null; \
	fi

test: $(STAMP) test-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	@if [ -z "$${STAKEHOLDER_MAP_TEST_PG:-}" ] && [ -x /usr/lib/postgresql/15/bin/initdb ] && [ "$$(id -u)" = 0 ]; then \
	  bash scripts/with-postgres.sh $(BIN)/python -m pytest; \
	else \
	  $(BIN)/python -m pytest; \
	fi

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_read.py
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_brokerage.py
	$(BIN)/python benchmarks/bench_dashboard.py

# Extract every string a person reads, update each language's catalog, compile them.
catalogs: $(STAMP)
	BIN=$(BIN) bash scripts/catalogs.sh

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# Mutation testing (mutmut) over the gap, brokerage, pseudonymisation and safe-output
# modules; slow (tens of minutes on two cores), so not part of `make test`.
mutants: $(STAMP)
	bash scripts/mutants.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache site mutants
