"""Placeholder: filled in by the pkcs work. Exports nothing yet."""
__all__: list = []
