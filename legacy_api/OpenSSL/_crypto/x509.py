"""Placeholder: filled in by the x509 work. Exports nothing yet."""
__all__: list = []
