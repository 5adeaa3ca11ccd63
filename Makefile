# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup launcher translations catalogs neo4j-stop bench clean

run: setup ## set up, start Neo4j, load the demo if the graph is empty, serve on 127.0.0.1:5000
	$(BIN)/powermap neo4j start
	$(BIN)/powermap schema init
	$(BIN)/powermap demo load --if-empty
	$(BIN)/powermap users demo-login
	$(BIN)/powermap serve

test: setup ## set up, then run the whole suite against a real (test-only) Neo4j
	$(BIN)/python -m pytest

setup: $(STAMP) launcher catalogs

catalogs: $(STAMP) ## compile the translations (.po, kept in git) to the .mo files the app reads
	$(BIN)/pybabel compile --statistics -d powermap/translations -D messages

translations: $(STAMP) ## after changing any sentence: extract them all and update each language's .po
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location --sort-output \
	  --project Powermap --copyright-holder "Powermap" -o powermap/translations/messages.pot .
	$(BIN)/pybabel update -i powermap/translations/messages.pot -d powermap/translations \
	  -D messages --no-fuzzy-matching --ignore-obsolete

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

launcher: $(STAMP) ## build the Neo4j launcher with Maven unless it is up to date
	$(BIN)/python -c "from powermap.config import load_settings; from powermap.graph.local_server import ensure_launcher; ensure_launcher(load_settings(), print)"

neo4j-stop:
	$(BIN)/powermap neo4j stop

bench: setup ## run the benchmarks in bench/ (results in bench/results/, summary in docs/performance.md)
	$(BIN)/python -m bench analytics
	$(BIN)/python -m bench imports --people 200000 --heap 8g
	$(BIN)/python -m bench drawing
	$(BIN)/python -m bench load
	$(BIN)/python -m bench dense
	$(BIN)/python -m bench pack --picture docs/img/pack-first-page.png
	$(BIN)/python -m bench search

clean:
	rm -rf $(VENV) launcher/target
