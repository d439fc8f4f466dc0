"""DataLoaders, one per file, built per request in the context."""
