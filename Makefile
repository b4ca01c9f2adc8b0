# The two commands of the README: `make serve` and `make test`.
# Both create .venv and install what they need; nothing else is assumed
# beyond Python 3.11+.

export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
# VENV: the environment to use; a test points it at an existing one (make serve VENV=/path/.venv).
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# cffconvert (the Citation File Format's validator) pins jsonschema below 4, which the
# test tools need at 4.18 or newer: it gets a small environment of its own.
CFF    := $(VENV)/cff/bin/cffconvert
HOST   ?= 127.0.0.1:8000
# pytest-xdist workers: one per core (a Chromium each for the browser tests)
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist worksteal

.PHONY: serve test check-fast build build-instructor build-offline build-instructor-offline bench chromium java biber clean check new

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(CFF): | $(STAMP)
	$(PYTHON) -m venv $(VENV)/cff
	$(VENV)/cff/bin/python -m pip install --quiet 'cffconvert>=2.0,<3'

## serve: the site on http://$(HOST), rebuilt on every change
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict -a $(HOST)

## build: the student edition into site/, strictly
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## build-instructor: the instructor edition (with teaching notes) into site-instructor/
build-instructor: $(STAMP)
	$(BIN)/mkdocs build --strict -f mkdocs.instructor.yml

## build-offline: the student edition for a folder (file://) into site-offline/, and a zip
##   named after the site and the date of the last commit
build-offline: $(STAMP)
	$(BIN)/mkdocs build --strict -f mkdocs.offline.yml
	$(BIN)/tbvsite zip -f mkdocs.offline.yml

## build-instructor-offline: the same for the instructor edition (site-instructor-offline/)
build-instructor-offline: $(STAMP)
	$(BIN)/mkdocs build --strict -f mkdocs.instructor.offline.yml
	$(BIN)/tbvsite zip -f mkdocs.instructor.offline.yml
## check: the taxonomy, the rules, every vignette and the teaching notes (tbvsite check)
check: $(STAMP)
	$(BIN)/tbvsite check

## new: a new case, e.g. make new SLUG=wijkschouw TITLE="De wijkschouw" SOURCE=interview-teamlid-2024 \
##   AUTHOR="Vries, Anna de" ORCID=0000-0002-1825-0097 FORM=beslissing (FORCE=1 rewrites a still-empty skeleton)
new: $(STAMP)
	@test -n "$$SLUG" || { echo 'usage: make new SLUG=naam-van-de-casus [TITLE="De titel"] [SOURCE=id-van-de-bron] [AUTHOR="Achternaam, Voornaam"] [ORCID=0000-0000-0000-0000] [FORM=beslissing|reflectie] [FORCE=1]' >&2; exit 2; }
	@$(BIN)/tbvsite new "$$SLUG" --title "$$TITLE" $${SOURCE:+--source "$$SOURCE"} $${AUTHOR:+--author "$$AUTHOR"} $${ORCID:+--orcid "$$ORCID"} $${FORM:+--form "$$FORM"} $${FORCE:+--force}

## chromium: Debian's Chromium for the browser tests (installed as root when missing)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "chromium missing: installing Debian's package"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "ERROR: chromium is not installed and this is not root; run: sudo apt-get install -y chromium" >&2; exit 1; \
	  fi; }
	@command -v chromium >/dev/null 2>&1 || { echo "ERROR: chromium still missing after apt-get" >&2; exit 1; }

## java: a Java runtime for the Nu HTML Checker (vnu.jar) in the site-integrity tests
java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "java missing: installing Debian's default-jre-headless"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "ERROR: java is not installed and this is not root; run: sudo apt-get install -y default-jre-headless" >&2; exit 1; \
	  fi; }
	@command -v java >/dev/null 2>&1 || { echo "ERROR: java still missing after apt-get" >&2; exit 1; }

## biber: biber and classic bibtex (texlive-binaries) for the .bib tests (installed as root when missing)
biber:
	@{ command -v biber && command -v bibtex; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "biber or bibtex missing: installing Debian's biber and texlive-binaries"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq biber texlive-binaries >/dev/null; \
	  else \
	    echo "ERROR: biber or bibtex is not installed and this is not root; run: sudo apt-get install -y biber texlive-binaries" >&2; exit 1; \
	  fi; }
	@{ command -v biber && command -v bibtex; } >/dev/null 2>&1 || { echo "ERROR: biber or bibtex still missing after apt-get" >&2; exit 1; }

## test: every test, the browser tests included (CI runs this; about 6 minutes on two cores)
test: $(STAMP) $(CFF) chromium java biber
	CFFCONVERT=$(CFF) $(PYTEST)

## check-fast: the edit loop: the tests without a browser and without the slow end-to-end commands
check-fast: $(STAMP) $(CFF) java
	CFFCONVERT=$(CFF) $(PYTEST) -m "not browser and not slow"

## bench: the performance benchmark; writes tests/bench/RESULTS.md
bench: $(STAMP) chromium
	$(BIN)/python tests/bench/run.py

clean:
	rm -rf $(VENV) site .pytest_cache site-offline site-instructor-offline
