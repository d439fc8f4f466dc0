"""The pact's GraphQL gateway: one schema over the services, resolved through their HTTP APIs."""
