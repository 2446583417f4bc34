"""M2Crypto.Provider (0.51.0) over cryptoshim's core.

M2Crypto loads a named OpenSSL provider into a private library context and
generates or loads keys through it (keys on a PKCS#11 token, say). The core
runs every operation in OpenSSL's default library context and loads no
provider modules, so this shim does only what that context can do:

- ``Provider("default")`` and ``Provider("base")`` work (the core always has
  them); RSA and EC key generation work through them.
- Any other provider (``pkcs11``, ``legacy``, ``fips``, a module path) is
  refused with ProviderError, as M2Crypto refuses a provider it cannot load,
  and the message says why.
- ``load_key``/``load_certificate`` (OSSL_STORE URIs) are refused the same way:
  the default provider has no store for such URIs here.
- ``destroy_key`` raises NotImplementedError, as in M2Crypto.
"""
from __future__ import annotations

import re
from typing import Optional

from M2Crypto import EVP, X509
from M2Crypto._common import entry, exception_api, klass

__all__ = ["Provider", "ProviderError"]

# Providers that the core's (default) library context always has.
_BUILT_IN = ("default", "base")
_NO_PROVIDERS = ("cryptoshim loads no OpenSSL provider modules: its core uses OpenSSL's default "
                 "library context only (providers 'default' and 'base')")
_NO_STORE = ("cryptoshim has no OSSL_STORE loader for provider URIs; load PEM/DER files with "
             "M2Crypto.EVP.load_key / M2Crypto.X509.load_cert, or use a PKCS#11 library directly")


@exception_api("m2crypto.Provider.ProviderError")
class ProviderError(ValueError):
    """Provider-related errors."""


_ep = entry(ProviderError)


def _check_uri(uri: object) -> str:
    if not isinstance(uri, str):
        raise ProviderError(f"Wrong type {type(uri)} != str for uri")
    return uri


@klass(ProviderError)("m2crypto.Provider.Provider")
class Provider:
    """An OpenSSL provider: only the built-in 'default' and 'base' here."""

    def __init__(self, _id: str):
        self._context: Optional[str] = None
        self._ptr: Optional[str] = None
        if _id not in _BUILT_IN:
            raise ProviderError(f"Failed to load OpenSSL provider '{_id}': {_NO_PROVIDERS}")
        self._context = self._ptr = _id

    def _provider_ptr(self) -> str:
        if self._ptr is None:
            raise ProviderError("Provider is closed")
        return self._ptr

    @_ep("m2crypto.Provider.Provider.load_key")
    def load_key(self, uri: str) -> EVP.PKey:
        uri = _check_uri(uri)
        parts = re.split(";|\\?", uri)
        if "type=private" not in parts and "type=public" not in parts:
            raise ProviderError("Key URI should indicate " + "'type=private' or 'type=public'")
        self._provider_ptr()
        raise ProviderError(f"Failed to open store: {uri} ({_NO_STORE})")

    @_ep("m2crypto.Provider.Provider.load_certificate")
    def load_certificate(self, uri: str) -> X509.X509:
        uri = _check_uri(uri)
        self._provider_ptr()
        raise ProviderError(f"Failed to open store: {uri} ({_NO_STORE})")

    @_ep("m2crypto.Provider.Provider.generate_rsa_key_pair")
    def generate_rsa_key_pair(self, bits: int = 2048, exponent: int = 65537) -> EVP.PKey:
        if not isinstance(bits, int) or bits < 512:
            raise ProviderError(f"Invalid bits value: {bits}")
        if not isinstance(exponent, int) or exponent < 3:
            raise ProviderError(f"Invalid exponent value: {exponent}")
        self._provider_ptr()
        from M2Crypto import RSA

        try:
            rsa = RSA.gen_key(bits, exponent, callback=lambda *_: None)
        except RSA.RSAError as exc:
            raise ProviderError(f"Failed to generate RSA key pair: {exc}") from None
        pkey = EVP.PKey()
        pkey.assign_rsa(rsa)
        pkey._provider_owner = self
        return pkey

    @_ep("m2crypto.Provider.Provider.generate_ec_key_pair")
    def generate_ec_key_pair(self, curve_name: str = "prime256v1") -> EVP.PKey:
        if not isinstance(curve_name, str) or not curve_name:
            raise ProviderError(f"Invalid curve_name: {curve_name}")
        self._provider_ptr()
        from M2Crypto import EC, m2

        nid = m2.obj_sn2nid(curve_name) or m2.obj_txt2nid(curve_name)
        try:
            ec = EC.gen_params(nid)
            ec.gen_key()
        except (EC.ECError, ValueError):
            raise ProviderError("Failed to generate EC key pair") from None
        pkey = EVP.PKey()
        pkey.assign_ec(ec)
        pkey._provider_owner = self
        return pkey

    @_ep("m2crypto.Provider.Provider.destroy_key")
    def destroy_key(self, uri: str, user_pin: Optional[str] = None) -> None:
        _check_uri(uri)
        raise NotImplementedError(
            "Provider key destruction is provider-specific and is not implemented"
        )
