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

# The demo travels in time: the seed conclusion is registered on 01/04/2020, the sweep runs on
# five mornings after it, every notification lands in $(DONDOC_HOME)/notifications.txt instead of
# e-mail, and the portal opens on the district as it stood on 08/05/2020.
DEMO_NOW := 2020-05-08T09:00:00+07:00
DEMO_SWEEPS := 2020-04-13 2020-04-17 2020-04-27 2020-05-04 2020-05-08

run: $(VENV)/.installed
	$(BIN)/dondoc init
	$(BIN)/dondoc --now 2020-04-01T15:00:00+07:00 load config/directives/kl-giao-ban-thang-4-2020.yaml
	for day in $(DEMO_SWEEPS); do DONDOC_NOTIFY_REDIRECT=dondocfile:// $(BIN)/dondoc --now $${day}T09:00:00+07:00 sweep || exit 1; done
	$(BIN)/dondoc --now $(DEMO_NOW) report
	$(BIN)/dondoc --now $(DEMO_NOW) notifications --limit 30
	@echo "Thông báo đã gửi (toàn văn): $(DONDOC_HOME)/notifications.txt"
	$(BIN)/dondoc link --coordinator --rotate
	$(BIN)/dondoc link XA-HOABINH --rotate
	DONDOC_NOW=$(DEMO_NOW) DONDOC_NOTIFY_REDIRECT=dondocfile:// $(BIN)/dondoc serve

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .dondoc
