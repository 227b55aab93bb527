# Thin aliases: the scripts are the source of truth.
.PHONY: setup run test ci lint format

setup:
	bash scripts/setup
run:
	bash scripts/run
test:
	bash scripts/test $(ARGS)
ci:
	bash .ci/run
lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
