# Two commands do everything on a fresh machine with Python 3.11:
#   make run    set up, replay April 2020 for the seed directive, open the portal on it
#   make test   set up, then lint, type-check and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DONDOC_HOME ?= $(CURDIR)/.dondoc
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test lint install ocr clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Scans and photos are read by Debian's Tesseract with its Vietnamese data, installed here when
# missing (as root, with apt-get). Without them everything else works, and a scan gets a message
# naming these packages.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-vie
ocr:
	@tesseract --list-langs 2>/dev/null | grep -qx vie || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Cài Tesseract OCR tiếng Việt ($(OCR_PACKAGES))…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null; \
	  else \
	    echo "Chưa có Tesseract OCR tiếng Việt: bản quét và ảnh chụp chưa đọc được. Cài bằng: sudo apt-get install $(OCR_PACKAGES)"; \
	  fi; }

# The demo travels in time: `dondoc replay` runs config/replay/thang-4-2020.txt in one process
# (the seed conclusion registered on 01/04/2020; digests at 07:00 and sweeps at 09:00 on five
# mornings; agencies report work done, on time, late, after an extension, returned for redo;
# coordinators confirm; the April report as .docx and .xlsx), then the portal opens on the
# district as it stood on 08/05/2020. Every notification lands in .dondoc/notifications.txt.
#
# The demo keeps its own home and starts each run from a clean one, Prefect's database included:
# a second run never trips over the first, and dondoc's event ids (derived from the database's URL
# and the audit row) never meet those of a previous demo in Prefect. One Prefect server serves the
# replay and the portal; it starts while `dondoc init` runs, and the work pool and deployments are
# registered on it while the replay runs (`dondoc serve --deployed` then only starts the worker).
DEMO_NOW := 2020-05-08T09:00:00+07:00
DEMO_PREFECT_PORT ?= 4200
DEMO_PORTAL_PORT ?= 8000
DEMO_HOME := $(CURDIR)/.dondoc
DEMO_PREFECT_HOME := $(DEMO_HOME)/prefect
DEMO_PREFECT_API := http://127.0.0.1:$(DEMO_PREFECT_PORT)/api
run: export DONDOC_HOME := $(DEMO_HOME)
run: export DONDOC_CONFIG := $(CURDIR)/config
run: export PREFECT_HOME := $(DEMO_PREFECT_HOME)
run: export DONDOC_NOTIFY_REDIRECT := dondocfile://
# dondoc marks an event published once Prefect has stored it: a server that stores four times a
# second, not every five seconds, lets each command of the replay finish that much sooner
run: export PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL := 0.25
# the checkout the worker runs flows from (prefect.yaml's pull step), as `dondoc serve` sets it
run: export DONDOC_ROOT := $(CURDIR)
# the demo's own database, clock and servers, whatever this shell points at
DEMO_UNSET := DONDOC_DATABASE_URL DONDOC_DATABASE_URL_FILE DONDOC_NOW DONDOC_PORTAL_URL PREFECT_API_URL

# Prefect's database as a new server leaves it (migrated, its block types registered), made once
# per environment and copied at each run: a new database costs a server ~12 s of migrations before
# it answers, a copy ~4 s. Made at the demo's own path, where the server records its block types.
PREFECT_TEMPLATE := $(VENV)/demo-prefect-home
$(PREFECT_TEMPLATE): $(VENV)/.installed
	@rm -rf $(DEMO_HOME) $@
	@mkdir -p $(DEMO_PREFECT_HOME)
	@echo "Chuẩn bị cơ sở dữ liệu Prefect cho bản minh họa (một lần)…"
	@unset $(DEMO_UNSET); \
	  PREFECT_HOME=$(DEMO_PREFECT_HOME) $(BIN)/prefect server start --host 127.0.0.1 --port $(DEMO_PREFECT_PORT) >/dev/null 2>&1 & \
	  server=$$!; \
	  for i in $$(seq 240); do curl -sf $(DEMO_PREFECT_API)/health >/dev/null && break; sleep 0.5; done; \
	  curl -sf $(DEMO_PREFECT_API)/health >/dev/null || { echo "Lỗi: Prefect không khởi động được"; kill $$server; exit 1; }; \
	  kill $$server; wait $$server 2>/dev/null; \
	  cp -a $(DEMO_PREFECT_HOME) $@

install: $(PREFECT_TEMPLATE)

run: $(VENV)/.installed $(PREFECT_TEMPLATE) ocr
	@rm -rf $(DEMO_HOME)
	@mkdir -p $(DEMO_HOME)/logs
	@cp -a $(PREFECT_TEMPLATE) $(DEMO_PREFECT_HOME)
	@echo "Đang chuẩn bị dữ liệu minh họa: Kết luận 125-KL/HU và tháng 4–5/2020 (chừng một phút)…"
	@unset $(DEMO_UNSET); \
	  $(BIN)/prefect server start --host 127.0.0.1 --port $(DEMO_PREFECT_PORT) >$(DEMO_HOME)/logs/prefect-server.log 2>&1 & \
	  server=$$!; deploying=; \
	  trap 'kill $$server $$deploying 2>/dev/null; wait $$server $$deploying 2>/dev/null' EXIT; \
	  $(BIN)/dondoc init >$(DEMO_HOME)/logs/init.log || exit 1; \
	  for i in $$(seq 240); do curl -sf $(DEMO_PREFECT_API)/health >/dev/null && break; sleep 0.5; done; \
	  export PREFECT_API_URL=$(DEMO_PREFECT_API); \
	  { $(BIN)/prefect work-pool create dondoc --type process && \
	    $(BIN)/prefect --no-prompt deploy --all; } >$(DEMO_HOME)/logs/prefect-deploy.log 2>&1 & \
	  deploying=$$!; \
	  $(BIN)/dondoc replay config/replay/thang-4-2020.txt --log $(DEMO_HOME)/logs/replay.log || exit 1; \
	  wait $$deploying || { echo "Lỗi: chưa đăng ký được các deployment; xem .dondoc/logs/prefect-deploy.log"; exit 1; }; \
	  echo "Báo cáo tháng 4/2020 (Word, Excel): .dondoc/reports/"; \
	  echo "Thông báo đã gửi (thay cho thư điện tử): .dondoc/notifications.txt"; \
	  echo "Trong Prefect: tiến độ http://127.0.0.1:$(DEMO_PREFECT_PORT)/artifacts/key/tien-do-125-kl-hu · sự kiện http://127.0.0.1:$(DEMO_PREFECT_PORT)/events"; \
	  DONDOC_NOW=$(DEMO_NOW) $(BIN)/dondoc serve --port $(DEMO_PORTAL_PORT) --links XA-HOABINH --deployed

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint ocr
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .dondoc
