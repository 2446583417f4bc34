"""X509_Stack, a list of certificates (chains, PKCS#7 degenerate bundles),
and new_stack_from_der."""
from __future__ import annotations

from typing import Iterator, List, Optional, Union

from cryptoshim.lazy_import import lazy_attr
from M2Crypto import BIO
from M2Crypto._common import core
from M2Crypto._common import native_free as _native_free
from M2Crypto.X509._cert import X509
from M2Crypto.X509._common import X509Error, _class, _ep, _text
from M2Crypto.X509._common import stack_view as _stack_view

_cert_stack = lazy_attr("M2Crypto._m2_stack", "CertStack")


@_class("m2crypto.X509.X509_Stack")
class X509_Stack:
    """A list of certificates."""
    m2_sk_x509_free = _native_free("m2crypto.X509.X509_Stack.m2_sk_x509_free")

    def __init__(self, stack=None, _pyfree: int = 0, _pyfree_x509: int = 0) -> None:
        self.pystack: List[X509] = []
        for cert in stack or []:
            if not isinstance(cert, core.Certificate):
                raise X509Error("stack must hold certificates")
            self.pystack.append(X509(cert, _pyfree=_pyfree_x509))
        self._pyfree = 1

    def __len__(self) -> int:
        return len(self.pystack)

    def __getitem__(self, idx: int) -> X509:
        return self.pystack[idx]

    def __iter__(self) -> Iterator[X509]:
        return iter(self.pystack)

    def _ptr(self):
        return [c._ptr() for c in self.pystack]

    @property
    def stack(self):
        """The STACK_OF(X509) handle m2.sk_x509_* and m2.pkcs7_* take."""
        return _stack_view()(self, _cert_stack(), X509._from_core)

    @_ep("m2crypto.X509.X509_Stack.push")
    def push(self, x509: X509) -> int:
        if not isinstance(x509, X509):
            raise X509Error("only X509 objects can be pushed")
        self.pystack.append(x509)
        return len(self.pystack)

    @_ep("m2crypto.X509.X509_Stack.pop")
    def pop(self) -> Optional[X509]:
        return self.pystack.pop() if self.pystack else None

    @_ep("m2crypto.X509.X509_Stack.as_der")
    def as_der(self) -> bytes:
        return core.encode_certificate_sequence(self._ptr())

    @_ep("m2crypto.X509.X509_Stack.create_degenerate")
    def create_degenerate(self, bio: BIO.BIO) -> int:
        if not isinstance(bio, BIO.BIO):
            raise X509Error("bio must be a BIO.BIO")
        if len(self) == 0:
            raise X509Error("Cannot create degenerate PKCS7 from empty stack")
        bio.write(core.pkcs7_degenerate(self._ptr()).to_der())
        return 1

    @_ep("m2crypto.X509.X509_Stack.save_degenerate")
    def save_degenerate(self, filename: Union[str, bytes]) -> int:
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8")
        if len(self) == 0:
            raise X509Error("Cannot create degenerate PKCS7 from empty stack")
        with BIO.openfile(filename, "wb") as bio:
            return self.create_degenerate(bio)


@_ep("m2crypto.X509.new_stack_from_der")
def new_stack_from_der(der_string: bytes) -> X509_Stack:
    try:
        certs = core.decode_certificate_sequence(_text(der_string))
    except core.Error:
        raise X509Error("Failed to create stack from DER sequence") from None
    return X509_Stack(certs, 1, 1)
