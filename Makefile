# Two commands do everything on a fresh machine with Python 3.11:
#   make run    set up, register the seed directive, show what dondoc does with it
#   make test   set up, then lint, type-check and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DONDOC_HOME ?= $(CURDIR)/.dondoc
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test lint install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/dondoc init
	$(BIN)/dondoc --now 2020-04-01T15:00:00+07:00 load config/directives/kl-giao-ban-thang-4-2020.yaml
	$(BIN)/dondoc --now 2020-04-20T09:00:00+07:00 report

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .dondoc
