# talkgraph — the two set-up commands work on a fresh machine: they create .venv and
# install what they need (Debian packages for the browser and RDF cross-check tests).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
NOTES  ?= examples
APT_PACKAGES := chromium raptor2-utils rasqal-utils

.PHONY: demo test venv deps-test system-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

deps-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

# Debian packages the tests use: headless Chromium (Playwright drives /usr/bin/chromium),
# rapper and roqet (independent RDF/SPARQL tools to cross-check the exports).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## make demo: build the bundled examples/ into out/ and say what was written
demo: venv
	$(BIN)/talkgraph build $(NOTES) -o $(OUT)

## make test: install everything the tests need, then run the whole suite
test: deps-test system-deps
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: deps-test
	$(BIN)/ruff check graph tests benchmarks schema/src

## make bench: the scale benchmarks and the explorer in headless Chromium (see benchmarks/README.md)
bench: deps-test system-deps
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/plot.py
	$(BIN)/python benchmarks/html_bench.py

clean:
	rm -rf $(OUT)/* .pytest_cache
