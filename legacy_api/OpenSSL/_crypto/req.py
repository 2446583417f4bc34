"""Placeholder: filled in by the req work. Exports nothing yet."""
__all__: list = []
