# releasekit: the two commands a new user needs are `make all` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RAW    ?= data/raw
OUT    ?= data/processed
EMPTY_NLTK := $(CURDIR)/.nltk_data_empty

.PHONY: all setup build notebooks site test benchmark clean

all: build notebooks site  ## set up, build the tables, execute notebooks, render HTML, write the evidence site

$(BIN)/releasekit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/releasekit  ## create .venv and install releasekit with its test tools

build: setup
	@mkdir -p $(EMPTY_NLTK)
	NLTK_DATA=$(EMPTY_NLTK) $(BIN)/releasekit build $(RAW) $(OUT)

notebooks: build  ## execute the notebooks in place, render reports/*.html
	@mkdir -p $(EMPTY_NLTK)
	NLTK_DATA=$(EMPTY_NLTK) MPLBACKEND=Agg $(BIN)/python -m releasekit.notebooks

site: build  ## the review queue (reports/review.csv) and the evidence site (reports/site/index.html)
	$(BIN)/releasekit review $(OUT) reports/review.csv
	$(BIN)/releasekit site $(OUT) reports/site

test: setup  ## run the whole test suite offline
	@mkdir -p $(EMPTY_NLTK)
	NLTK_DATA=$(EMPTY_NLTK) $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
