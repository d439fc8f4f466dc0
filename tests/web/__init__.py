"""The web site in a real browser, against the whole platform."""
