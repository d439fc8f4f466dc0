from servicekit.migrations import run_env

from events.adapters.orm import metadata

run_env(metadata)
