# Two commands on a fresh machine: `make run` (the whole system with demo data) and `make test`.
# Everything installs into .venv from requirements.lock with uv, on the machine's Python 3.11;
# uv is bootstrapped from PyPI into the venv and never downloads an interpreter.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: install run test lock contracts schema bench clean chromium screenshots

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

test: install chromium
	$(PY) -m pytest

# The web site's browser tests and screenshots drive Debian's chromium; apt runs only when it is missing and we are root.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Debian's chromium (apt-get install chromium): the web site's browser tests need /usr/bin/chromium" >&2; exit 1; fi; \
	fi

screenshots: install chromium
	$(PY) tools/screenshots.py

DEPLOYABLES := membership events awards notifications gateway web

# requirements.lock for development and CI; deploy/locks/<deployable>.txt, a subset at the same
# versions, for each image (only that deployable's dependencies).
lock: | $(UV)
	$(UV) pip compile requirements.in -o requirements.lock --python $(PY) --python-version 3.11 --no-header --quiet
	grep -v -e '^-e' -e '^ *#' requirements.lock > $(VENV)/constraints.txt
	for d in $(DEPLOYABLES); do \
	  case $$d in gateway) in="./contracts ./libs/servicekit ./gateway";; web) in="./web";; *) in="./contracts ./libs/servicekit ./services/$$d";; esac; \
	  printf '%s\n' $$in > $(VENV)/$$d.in; \
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
