"""Placeholder: filled in by the crl work. Exports nothing yet."""
__all__: list = []
