# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EGOV := $(BIN)/egov
HOST ?= 127.0.0.1:8000
# Debian packages the platform and its tests use (installed when run as root).
DEBIAN_PACKAGES := chromium fonts-dejavu-core fonts-khmeros poppler-utils gettext

.PHONY: demo test install system-packages messages lint bench serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,redis]'
	touch $@

install: $(VENV)/.installed system-packages messages

system-packages:
	@bash scripts/system-packages.sh $(DEBIAN_PACKAGES)

messages: $(VENV)/.installed
	@cd src/egov && ../../$(EGOV) compilemessages --ignore '.venv' -v 0

demo: install
	$(EGOV) migrate --no-input -v 0
	$(EGOV) load_demo --if-empty
	$(EGOV) runserver $(HOST)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
