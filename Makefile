# The two commands of the README:  make run  |  make test
.PHONY: run test setup lint typecheck pytest messages

run: setup
	.venv/bin/portevoix serve

test: setup lint typecheck pytest

setup:
	@./scripts/setup

lint:
	.venv/bin/ruff check src tests benchmarks scripts
	.venv/bin/ruff format --check src tests benchmarks scripts

typecheck:
	.venv/bin/mypy

# The suite runs in parallel (pytest-xdist), one worker per core up to four; PYTEST_WORKERS=0 runs
# it in this process (for a debugger).
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 4 ] && n=4; echo $$n)

pytest:
	.venv/bin/pytest -n $(PYTEST_WORKERS)

# For developers (needs Debian's gettext): refresh the French catalogue after changing texts.
messages: setup
	cd src/portevoix && ../../.venv/bin/portevoix makemessages -l fr --no-location --no-obsolete
	cd src/portevoix && ../../.venv/bin/portevoix compilemessages -l fr
