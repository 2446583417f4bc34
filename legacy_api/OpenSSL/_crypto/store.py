"""Placeholder: filled in by the store work. Exports nothing yet."""
__all__: list = []
