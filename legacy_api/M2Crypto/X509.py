"""M2Crypto.X509: a first slice (loading certificates and their public
keys). The rest of the module is listed in the catalog as planned."""
from __future__ import annotations

from typing import Union

from M2Crypto import BIO, EVP, util
from M2Crypto._common import core, entry, klass, read_file
from M2Crypto._common import exception_api as _exception_api

__all__ = ["X509Error", "X509", "load_cert", "load_cert_bio", "load_cert_string",
           "load_cert_der_string", "FORMAT_DER", "FORMAT_PEM"]

FORMAT_DER = 0
FORMAT_PEM = 1


@_exception_api("m2crypto.X509.X509Error")
class X509Error(ValueError):
    pass


_ep = entry(X509Error)
_class = klass(X509Error)


@_class("m2crypto.X509.X509")
class X509(object):
    """An X.509 certificate."""

    def __init__(self, x509=None, _pyfree: int = 0) -> None:
        self._cert = x509 if x509 is not None else core.Certificate()
        self._pyfree = _pyfree

    @classmethod
    def _from_core(cls, cert) -> "X509":
        self = cls.__new__(cls)
        self._cert = cert
        self._pyfree = 1
        return self

    @property
    def x509(self):
        return self._cert

    def _ptr(self):
        return self._cert

    @_ep("m2crypto.X509.X509.as_pem")
    def as_pem(self) -> bytes:
        return self._cert.to_pem()

    @_ep("m2crypto.X509.X509.as_der")
    def as_der(self) -> bytes:
        return self._cert.to_der()

    @_ep("m2crypto.X509.X509.as_text")
    def as_text(self) -> str:
        return self._cert.to_text().decode()

    @_ep("m2crypto.X509.X509.get_pubkey")
    def get_pubkey(self) -> EVP.PKey:
        return EVP.PKey._from_core(self._cert.public_key())


def _parse(data: bytes, format: int) -> X509:
    return X509._from_core(core.Certificate.parse(data, format == FORMAT_PEM))


@_ep("m2crypto.X509.load_cert")
def load_cert(file: Union[str, bytes], format: int = FORMAT_PEM) -> X509:
    try:
        data = read_file(file)
    except OSError as ex:
        raise BIO.BIOError(ex.args) from None
    return _parse(data, format)


@_ep("m2crypto.X509.load_cert_bio")
def load_cert_bio(bio, format: int = FORMAT_PEM) -> X509:
    return _parse(BIO._bio_bytes(bio), format)


@_ep("m2crypto.X509.load_cert_string")
def load_cert_string(string, format: int = FORMAT_PEM) -> X509:
    return _parse(util.py3bytes(string), format)


@_ep("m2crypto.X509.load_cert_der_string")
def load_cert_der_string(string) -> X509:
    return _parse(util.py3bytes(string), FORMAT_DER)


# --- m2smime: minimal X509_Stack/X509_Store, replaced by m2x509's at merge ---
# Only what SMIME needs (the agreed protocol: X509_Stack iterates X509
# objects and has push/pop/len; X509_Store keeps a core Store in `_store`
# and its verify callback, if any, in `_verify_cb`).
@_class("m2crypto.X509.X509_Stack")
class X509_Stack(object):
    """A stack of X509 certificates."""

    def __init__(self, stack=None, _pyfree: int = 0, _pyfree_x509: int = 0) -> None:
        self.pystack = [X509._from_core(c) for c in stack] if stack is not None else []
        self._pyfree = 1

    def __len__(self) -> int:
        return len(self.pystack)

    def __getitem__(self, idx: int) -> X509:
        return self.pystack[idx]

    def __iter__(self):
        return iter(self.pystack)

    def _ptr(self):
        return self

    @_ep("m2crypto.X509.X509_Stack.push")
    def push(self, x509: X509) -> int:
        if not isinstance(x509, X509):
            raise TypeError("expected an X509 object")
        self.pystack.append(x509)
        return len(self.pystack)

    @_ep("m2crypto.X509.X509_Stack.pop")
    def pop(self):
        return self.pystack.pop() if self.pystack else None


@_class("m2crypto.X509.X509_Store")
class X509_Store(object):
    """A trust store (X509_STORE) for verification."""

    def __init__(self, store=None, _pyfree: int = 0) -> None:
        self._store = store if store is not None else core.Store()
        self._pyfree = 1
        self._verify_cb = None

    @property
    def store(self):
        return self._store

    def _ptr(self):
        return self._store

    @_ep("m2crypto.X509.X509_Store.load_info")
    def load_info(self, file: str) -> int:
        self._store.load_locations(file, None)
        return 1

    load_locations = load_info

    @_ep("m2crypto.X509.X509_Store.add_x509")
    def add_x509(self, x509: X509) -> int:
        self._store.add_cert(x509._cert)
        return 1

    add_cert = add_x509

    @_ep("m2crypto.X509.X509_Store.set_verify_cb")
    def set_verify_cb(self, callback=None) -> None:
        # None restores OpenSSL's own verdicts (M2Crypto's x509_store_default_cb).
        if callback is not None and not callable(callback):
            raise X509Error("set_verify(): callback is not callable")
        self._verify_cb = callback
