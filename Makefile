PY ?= python3

.PHONY: app test install install-test lint

# Install and run the chat app on the bundled documents (builds the index on first start).
app: install
	$(PY) app.py

# Install everything (Python packages and Debian's chromium + Chinese font) and run every test,
# slow ones included. CI runs exactly this. Two pytest processes (one per core; a file's tests stay
# together, so its module fixtures are built once) take about 11 minutes instead of 17; OpenMP threads
# sleep instead of spinning while they wait, so two processes embedding at once do not starve each other.
test: install-test
	$(PY) -m ruff check assistant tests app.py
	$(PY) -m mypy
	OMP_WAIT_POLICY=passive $(PY) -m pytest -m "slow or not slow" -p no:cacheprovider -n 2 --dist loadfile

install:
	$(PY) -m pip install -q -e .

install-test:
	bash scripts/system-deps.sh
	$(PY) -m pip install -q -e ".[test]"
