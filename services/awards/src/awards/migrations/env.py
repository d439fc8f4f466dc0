from servicekit.migrations import run_env

from awards.adapters.orm import metadata

run_env(metadata)
