# vanban — `make extract` and `make test` set everything up on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-8)

.PHONY: install extract test eval bench profile schemas serve install-tools clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

extract: $(STAMP)
	$(BIN)/vanban extract corpus --db outputs/vanban.db --json-dir outputs/json

test: $(STAMP)
	$(BIN)/python -m pytest

# Both gold sets of ../shared in one table: dev (seeds + two Word files) and real (60 documents, and by halves).
eval: $(STAMP)
	$(BIN)/vanban eval --sets

# Speed and memory, measured (README "Performance"): extraction per format against the
# floors of bare reading, then graph queries on 1,000,000 documents / 5,000,000 citations
# (the graph database, ~1.3 GB, is built once in ~1 min and kept in outputs/bench/); then the
# real PDFs and scans of ../shared/real-binary scored per file, with OCR's CPU time a page (~1 min).
bench: $(STAMP)
	$(BIN)/python tests/bench/bench_extract.py --out outputs/bench/extract.json
	$(BIN)/python tests/bench/bench_graph.py --out outputs/bench/graph.json --db outputs/bench/graph.db
	$(BIN)/python tests/bench/real_binary.py --out outputs/bench/real_binary.json
	$(BIN)/python tests/bench/seal_robustness.py --quick

# Where the time goes: a py-spy flame graph of extracting 1,000 generated .txt files
# (outputs/bench/profile-txt.svg). FORMAT=pdf or docx for the others.
profile: $(STAMP)
	$(BIN)/pip install -q py-spy
	$(BIN)/python tests/bench/profile_extract.py --format $(or $(FORMAT),txt)

serve: $(STAMP)
	$(BIN)/vanban serve --db outputs/vanban.db

schemas: $(STAMP)
	$(BIN)/python -m pipeline.schemas schemas

# Optional tools: LibreOffice (Word 97 .doc), Tesseract with Vietnamese (scanned PDFs), Chromium (browser tests).
install-tools:
	apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-vie chromium && \
	  (apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui || \
	  apt-get install -y -qq --no-install-recommends libreoffice-writer)

clean:
	rm -rf outputs/vanban.db outputs/vanban.db-* outputs/json outputs/bench .pytest_cache
