"""The small shared library of the pact services: plumbing only, never domain."""
