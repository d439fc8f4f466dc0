"""GraphQL types, one module per domain concept."""
