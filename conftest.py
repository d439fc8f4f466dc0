# Fixtures shared by every package's tests live in servicekit (one place, no copies).
pytest_plugins = ["servicekit.testing"]
