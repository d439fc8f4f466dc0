"""Each service's part of the schema: a Query and a Mutation type that schema.py merges."""
