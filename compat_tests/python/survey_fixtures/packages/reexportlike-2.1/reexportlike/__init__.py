"""Fixture: legacy names reached through the libraries' own re-exports."""
