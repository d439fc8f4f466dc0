# Fixtures shared by every package's tests live in servicekit (one place, no copies).
pytest_plugins = ["servicekit.testing"]

# pytest's importlib mode names a test module after its path (``gateway/tests/x.py`` becomes
# ``gateway.tests.x``) and would register the folder ``gateway/`` as a namespace package that
# hides the installed one. Importing the real packages first keeps them in place.
import contracts  # noqa: E402,F401
import gateway  # noqa: E402,F401
import web  # noqa: E402,F401
