"""Clients for the services' HTTP APIs."""
