# The task runner: the same recipes locally and in .ci/run. `make` = test + lint.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: default setup run demo test lint typecheck bench clean catalogues

default: test

$(BIN)/dtpr: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/dtpr

setup: $(BIN)/dtpr ## create .venv and install the project with its dev extras

run: setup ## validate sensors.yaml and start the whole system on embedded defaults
	$(BIN)/dtpr validate sensors.yaml
	$(BIN)/dtpr up

demo: setup ## the whole system plus a simulated fleet of devices
	$(BIN)/dtpr demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: setup lint ## every test, against a real Mosquitto and PostgreSQL (started if missing)
	eval "$$(bash scripts/ensure-services.sh)" && $(BIN)/pytest $(PYTEST_ARGS)

bench: setup ## every benchmark (as modules: python -m bench.<name>); wrk is installed with apt-get when missing
	for b in bench/*.py; do \
		case $$b in */__init__.py|*/generator.py) continue;; esac; \
		$(BIN)/python -m bench.$$(basename $$b .py) || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

catalogues: setup ## after editing a catalogue: rebuild dtpr.pot from English, merge it into every .po, check them
	$(BIN)/python scripts/catalogues.py update
	$(BIN)/python scripts/catalogues.py check
