# The commands of the README: `make demo`, `make test`, `make bench`.
# Each creates .venv with the project installed, the Debian packages it needs (with
# apt when run as root; otherwise they are named in an error) and compiled messages.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EGOV := $(BIN)/egov
HOST ?= 127.0.0.1:8000
# python3-venv: Debian's python3 cannot make a venv without it. chromium: the browser
# tests. fonts: Vietnamese and Khmer without boxes. poppler-utils: reading PDFs in tests.
# gettext: compiling the message catalogues. pango, harfbuzz-subset: WeasyPrint (PDF).
# libreoffice-writer-nogui: the test that the annual report's DOCX converts to PDF.
DEBIAN_PACKAGES := python3-venv chromium fonts-dejavu-core fonts-liberation2 fonts-khmeros poppler-utils gettext \
	libreoffice-writer-nogui \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: demo test bench install system-packages messages lint clean

install: system-packages $(VENV)/.installed messages

system-packages:
	@bash scripts/system-packages.sh $(DEBIAN_PACKAGES)

$(BIN)/python: | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,redis]'
	touch $@

# .mo files are built, not committed.
PO_FILES := $(shell find src/egov -name '*.po')
messages: $(VENV)/.messages
# Compiled again only when a catalogue changed: several `make test` may run side by side.
$(VENV)/.messages: $(PO_FILES) | $(VENV)/.installed
	cd src/egov && ../../$(EGOV) compilemessages --ignore '.venv' -v 0
	touch $@

demo: install
	bash scripts/demo.sh $(EGOV) $(HOST)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) var
