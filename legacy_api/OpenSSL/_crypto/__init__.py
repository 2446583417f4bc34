"""Implementation of OpenSSL.crypto, one file per concept; OpenSSL.crypto
re-exports the public names. Classes set __module__ = "OpenSSL.crypto"."""
