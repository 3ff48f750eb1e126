# releasekit: the two commands a new user needs are `make all` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RAW    ?= data/raw
OUT    ?= data/processed
EMPTY_NLTK := $(CURDIR)/.nltk_data_empty

.PHONY: all setup locked lock build notebooks site test benchmark clean

all: build notebooks site  ## set up, build the tables, execute notebooks, render HTML, write the evidence site

$(BIN)/releasekit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[analysis,dev]'
	@touch $@

setup: $(BIN)/releasekit  ## create .venv and install releasekit with the analysis extra (charts, notebooks) and its test tools

locked:  ## create .venv with the exact versions of requirements.lock, then install releasekit into it
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .

lock: setup  ## write the exact versions of .venv to requirements.lock (after changing a dependency)
	@{ echo "# Exact versions for the pip path (Python $$($(BIN)/python -c 'import platform; print(platform.python_version())')), written by \`make lock\`"; \
	   echo "# (pip freeze of a .venv made by \`make setup\`). Recreate with \`make locked\`."; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^releasekit'; } > requirements.lock

build: setup
	@mkdir -p $(EMPTY_NLTK)
	NLTK_DATA=$(EMPTY_NLTK) $(BIN)/releasekit build $(RAW) $(OUT)

notebooks: build  ## execute the notebooks in place, render reports/*.html
	@mkdir -p $(EMPTY_NLTK)
	NLTK_DATA=$(EMPTY_NLTK) MPLBACKEND=Agg $(BIN)/releasekit notebooks

site: build  ## the review queue (reports/review.csv) and the evidence site (reports/site/index.html)
	$(BIN)/releasekit review $(OUT) reports/review.csv
	$(BIN)/releasekit site $(OUT) reports/site

test: setup  ## run the whole test suite offline
	@mkdir -p $(EMPTY_NLTK)
	NLTK_DATA=$(EMPTY_NLTK) $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
