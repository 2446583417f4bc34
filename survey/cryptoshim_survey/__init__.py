"""cryptoshim dependency survey: which legacy M2Crypto/pyOpenSSL APIs real dependents use.

Stages (one module each, all cached on disk so every stage can be resumed):
dependents -> download -> scan (archive, parse, resolve, classify) -> match -> report,
plus telemetry_merge for runtime evidence. The API patterns come only from the
legacy API catalog (legacy_api/catalog/*.toml); the drop-in packages are never imported.
"""

__version__ = "0.1.0"
