"""Placeholder: filled in by the pkey work. Exports nothing yet."""
__all__: list = []
