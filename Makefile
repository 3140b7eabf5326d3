# Two commands for a newcomer: `make run` (the whole system locally) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test bench unit clean browser

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { \
	  echo "Installing python3-venv (needs root)"; apt-get update -qq && apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: $(STAMP)
	$(BIN)/python -m chalicelib.local.stack

test: $(STAMP) browser
	$(BIN)/python -m pytest

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .lapor .pytest_cache .hypothesis test-artifacts
