# Two commands do everything on a fresh machine with Python 3.11:
#   make run    set up, register the seed directive, show what dondoc does with it
#   make test   set up, then lint, type-check and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DONDOC_HOME ?= $(CURDIR)/.dondoc
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run replay test lint install ocr clean

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

# The demo travels in time: the seed conclusion is registered on 01/04/2020; on five mornings
# after it the digests go out at 07:00 and the sweep runs at 09:00; in between, agencies report
# work done (on time, late, one after an extension, one returned for redo) and coordinators
# confirm it. Every notification lands in $(DONDOC_HOME)/notifications.txt instead of e-mail; the
# April 2020 report is written as .docx and .xlsx; the portal opens on the district as it stood
# on 08/05/2020.
DEMO_NOW := 2020-05-08T09:00:00+07:00
# one Prefect server for the whole replay: each command would otherwise start its own (~15 s)
DEMO_PREFECT_PORT ?= 4299
export PREFECT_HOME ?= $(DONDOC_HOME)/prefect
AT = DONDOC_NOTIFY_REDIRECT=dondocfile:// $(BIN)/dondoc --now

run: $(VENV)/.installed ocr
	$(BIN)/dondoc init
	@mkdir -p $(DONDOC_HOME)/logs
	@$(BIN)/prefect server start --host 127.0.0.1 --port $(DEMO_PREFECT_PORT) >$(DONDOC_HOME)/logs/replay-prefect.log 2>&1 & \
	  server=$$!; trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null' EXIT; \
	  for i in $$(seq 240); do curl -sf http://127.0.0.1:$(DEMO_PREFECT_PORT)/api/health >/dev/null && break; sleep 0.5; done; \
	  PREFECT_API_URL=http://127.0.0.1:$(DEMO_PREFECT_PORT)/api $(MAKE) --no-print-directory replay
	$(BIN)/dondoc --now $(DEMO_NOW) report --month 2020-04
	$(BIN)/dondoc --now $(DEMO_NOW) report --month 2020-04 --format docx
	$(BIN)/dondoc --now $(DEMO_NOW) report --month 2020-04 --format xlsx
	$(BIN)/dondoc --now $(DEMO_NOW) notifications --limit 30
	@echo "Thông báo đã gửi (toàn văn): $(DONDOC_HOME)/notifications.txt"
	$(BIN)/dondoc link --coordinator --rotate
	$(BIN)/dondoc link XA-HOABINH --rotate
	$(BIN)/dondoc link XA-HOABINH --calendar --rotate
	$(BIN)/dondoc init --province "Gia Lai" --output $(DONDOC_HOME)/gia-lai/agencies.yaml --force
	@echo "Prefect: http://127.0.0.1:4200/artifacts/key/tien-do-125-kl-hu (tiến độ) · http://127.0.0.1:4200/events (sự kiện)"
	DONDOC_NOW=$(DEMO_NOW) DONDOC_NOTIFY_REDIRECT=dondocfile:// $(BIN)/dondoc serve

# April 2020 through the CLI, as the people of the district would have used it
replay:
	$(AT) 2020-04-01T15:00:00+07:00 load config/directives/kl-giao-ban-thang-4-2020.yaml
	$(AT) 2020-04-13T07:00:00+07:00 digest
	$(AT) 2020-04-13T09:00:00+07:00 sweep
	$(AT) 2020-04-14T10:00:00+07:00 extend 13 --by UBMTTQ --to 24/04/2020 --reason "Chờ ý kiến các tổ chức thành viên"
	$(AT) 2020-04-14T15:00:00+07:00 approve-extension 13 --by VPHU
	$(AT) 2020-04-15T10:00:00+07:00 done 12 --by VPHU --note "Đã thông báo tạm dừng hội họp, bố trí làm việc tại nhà"
	$(AT) 2020-04-15T14:00:00+07:00 confirm 12 --by VPUB
	$(AT) 2020-04-17T07:00:00+07:00 digest
	$(AT) 2020-04-17T09:00:00+07:00 sweep
	$(AT) 2020-04-20T10:00:00+07:00 done 57 --by PVHTT --note "Đã biên soạn tờ rơi phòng, chống dịch"
	$(AT) 2020-04-20T15:00:00+07:00 confirm 57 --by VPHU
	$(AT) 2020-04-22T10:00:00+07:00 done 11 --by UBND --note "Đã chỉ đạo các cơ quan làm việc trực tuyến"
	$(AT) 2020-04-22T15:00:00+07:00 confirm 11 --by VPHU
	$(AT) 2020-04-23T10:00:00+07:00 done 13 --by UBMTTQ --note "Các tổ chức thành viên đã dừng sinh hoạt đông người"
	$(AT) 2020-04-24T09:00:00+07:00 confirm 13 --by VPHU
	$(AT) 2020-04-27T07:00:00+07:00 digest
	$(AT) 2020-04-27T07:30:00+07:00 digest --weekly
	$(AT) 2020-04-27T09:00:00+07:00 sweep
	$(AT) 2020-04-28T10:00:00+07:00 done 23 --by TT-SONLAM --note "Đã rà soát 412 hộ nghèo, 198 hộ cận nghèo"
	$(AT) 2020-04-28T16:00:00+07:00 done 174 --by TT-SONLAM
	$(AT) 2020-04-29T09:00:00+07:00 confirm 23 --by VPUB
	$(AT) 2020-04-29T14:00:00+07:00 return 174 --by VPUB --reason "Chưa có ảnh niêm yết lịch tiếp công dân"
	$(AT) 2020-05-04T07:00:00+07:00 digest
	$(AT) 2020-05-04T07:30:00+07:00 digest --weekly
	$(AT) 2020-05-04T09:00:00+07:00 sweep
	$(AT) 2020-05-06T10:00:00+07:00 done 2 --by PNNPTNT --note "Đã hướng dẫn bà con gieo cấy vụ hè thu"
	$(AT) 2020-05-08T07:00:00+07:00 digest
	$(AT) 2020-05-08T09:00:00+07:00 sweep

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint ocr
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .dondoc
