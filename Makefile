# Two commands: `make run` starts the app, `make test` runs every test. Both set up .venv first.
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && { echo $$p; break; }; done)

.PHONY: run test bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed: install it, or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.app-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.app-installed

run: $(VENV)/.app-installed
	@echo "Starting the Informational Interview Coach at http://localhost:$(PORT) (data in $${COACH_DATA_DIR:-./.coach-data})"
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

bench: $(VENV)/.test-installed
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/interaction.py
	$(BIN)/python bench/save.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
