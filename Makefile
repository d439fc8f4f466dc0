# Two commands on a fresh machine: `make run` (the whole system with demo data) and `make test`.
# Everything installs into .venv from requirements.lock with uv, on the machine's Python 3.11;
# uv is bootstrapped from PyPI into the venv and never downloads an interpreter.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: install run test lock contracts schema bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==0.13.9"

# Re-sync only when the lock file changes.
$(VENV)/.synced: requirements.lock | $(UV)
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	touch $@

install: $(VENV)/.synced

run: install
	$(PY) tools/devstack.py

test: install
	$(PY) -m pytest

DEPLOYABLES := membership events awards notifications gateway

# requirements.lock for development and CI; deploy/locks/<deployable>.txt, a subset at the same
# versions, for each image (only that deployable's dependencies).
lock: | $(UV)
	$(UV) pip compile requirements.in -o requirements.lock --python $(PY) --python-version 3.11 --no-header --quiet
	grep -v -e '^-e' -e '^ *#' requirements.lock > $(VENV)/constraints.txt
	for d in $(DEPLOYABLES); do \
	  src=$$( [ $$d = gateway ] && echo ./gateway || echo ./services/$$d ); \
	  printf '%s\n' ./contracts ./libs/servicekit $$src > $(VENV)/$$d.in; \
	  $(UV) pip compile $(VENV)/$$d.in -c $(VENV)/constraints.txt -o deploy/locks/$$d.txt --python $(PY) \
	    --python-version 3.11 --no-header --no-annotate --quiet || exit 1; \
	done

contracts: install
	$(PY) -m contracts.export
	$(PY) -m contracts.samples
	$(PY) tools/k8s_topics.py

schema: install
	$(PY) -m gateway.export_schema

bench: install
	$(PY) bench/outbox_relay.py
	$(PY) bench/register_verify.py
	$(PY) bench/registration.py
	$(PY) bench/awards_tally.py
	$(PY) bench/gateway_queries.py

clean:
	rm -rf .data
