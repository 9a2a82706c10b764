# vagal: the two commands are `make run` (the app on SQLite) and `make test` (every check and test).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
DEMO_PASSWORD := a calm demo password
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")

.PHONY: run test setup system-deps lint types demo clean

setup: ## Python dependencies from the lock file, into .venv
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --inexact --compile-bytecode --quiet

run: setup ## Start vagal on SQLite at http://127.0.0.1:8000
	@.venv/bin/vagal db upgrade
	@.venv/bin/vagal serve

demo: setup ## A demo account (demo@example.org) with 90 days of realistic data
	@.venv/bin/vagal db upgrade >/dev/null
	@echo "$(DEMO_PASSWORD)" | .venv/bin/vagal user create --email demo@example.org --password-stdin >/dev/null 2>&1 || true
	@.venv/bin/vagal demo --user demo@example.org --replace
	@echo "Log in as demo@example.org, password: $(DEMO_PASSWORD)"

system-deps: ## PostgreSQL and Chromium for the full test suite (apt-get as root)
	@scripts/system-deps.sh

lint: setup
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/ruff format --check src tests benchmarks

types: setup
	.venv/bin/mypy src

test: setup system-deps lint types ## Every check and test, on SQLite and on PostgreSQL, with a real browser
	@scripts/test.sh

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
