PY ?= python3

.PHONY: app test install install-test lint

# Install and run the chat app on the bundled documents (builds the index on first start).
app: install
	$(PY) app.py

# Install everything (Python packages and Debian's chromium + Chinese font) and run every test,
# slow ones included. CI runs exactly this.
test: install-test
	$(PY) -m ruff check assistant tests app.py
	$(PY) -m mypy
	$(PY) -m pytest -m "slow or not slow" -p no:cacheprovider

install:
	$(PY) -m pip install -q -e .

install-test:
	bash scripts/system-deps.sh
	$(PY) -m pip install -q -e ".[test]"
