from servicekit.migrations import run_env

from membership.adapters.orm import metadata

run_env(metadata)
