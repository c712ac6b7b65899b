# The README's two commands are `make serve` and `make test`; everything else is a helper.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEV     := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve site test corpus golden bench browser screenshots clean

# The runtime lock (requirements.txt) is all `make serve` installs; `make test` adds the test/dev
# lock (requirements-dev.txt: pytest, hypothesis, Playwright, axe, LinkChecker, citeurl…).
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(DEV): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(DEV)

# Debian's Chromium for the browser tests (never `playwright install`).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

corpus: $(STAMP)
	$(BIN)/treaty parse

# The reading site: pages from the corpus, mkdocs build, paragraph-level search index → site/
site: $(STAMP)
	$(BIN)/treaty build

# Serve site/ and the search API (/api/search) on 127.0.0.1; the site also works from file://.
serve: site
	$(BIN)/treaty serve

# The suite on every core (pytest-xdist; JOBS=1 runs it in one process): tests share nothing but
# read-only inputs and the build cache, and each builds in its own temporary folder.  Bytecode is
# written for the suite, outside the tree (.venv/pycache): the package is installed editable, and
# each of the run's Python processes (workers, `treaty` commands, builds) compiled it again from
# source (~10 s of CPU in a run); pytest keeps its rewritten test modules there too.
JOBS ?= auto
test: $(DEV) browser
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache $(BIN)/python -m pytest -q -n $(JOBS) --dist worksteal

golden: $(DEV)
	$(BIN)/python tests/regenerate_golden.py

bench: $(DEV)
	$(BIN)/python benchmarks/run.py

# PNGs of the reading site for a person to look at: make screenshots OUT=/tmp/shots
OUT ?= shots
screenshots: $(DEV) browser
	$(BIN)/python benchmarks/screenshots.py $(OUT)

clean:
	rm -rf $(VENV) site build .pytest_cache
