"""Certificate revocation lists: CRL, CRL_Stack and the load_crl* functions."""
from __future__ import annotations

from typing import Iterator, List, Optional, Union

from cryptoshim.lazy_import import lazy_attr
from M2Crypto import ASN1, EVP
from M2Crypto._common import core
from M2Crypto._common import native_free as _native_free
from M2Crypto.X509._common import X509Error, _class, _core_key, _ep, _read_path, _text
from M2Crypto.X509._common import stack_view as _stack_view
from M2Crypto.X509._name import X509_Name

_crl_stack = lazy_attr("M2Crypto._m2_stack", "CrlStack")


@_class("m2crypto.X509.CRL")
class CRL:
    """A certificate revocation list."""
    m2_x509_crl_free = _native_free("m2crypto.X509.CRL.m2_x509_crl_free")

    def __init__(self, crl=None, _pyfree: int = 0) -> None:
        if crl is None:
            crl, _pyfree = core.Crl(), 1
        elif not isinstance(crl, core.Crl):
            raise X509Error("'crl' type error")
        self.crl = crl
        self._pyfree = _pyfree

    def _ptr(self):
        return self.crl

    @_ep("m2crypto.X509.CRL.as_text")
    def as_text(self) -> str:
        return self.crl.serialize(core.CrlFormat.TEXT).decode()

    @_ep("m2crypto.X509.CRL.get_issuer")
    def get_issuer(self) -> X509_Name:
        return X509_Name(self.crl.issuer(), _pyfree=1)

    @_ep("m2crypto.X509.CRL.get_lastUpdate")
    def get_lastUpdate(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self.crl.last_update_time())
        t.owner = self
        return t

    @_ep("m2crypto.X509.CRL.get_nextUpdate")
    def get_nextUpdate(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self.crl.next_update_time())
        t.owner = self
        return t

    @_ep("m2crypto.X509.CRL.verify")
    def verify(self, pkey: EVP.PKey) -> int:
        return self.crl.verify_signature(_core_key(pkey))


@_class("m2crypto.X509.CRL_Stack")
class CRL_Stack:
    """A list of CRLs (for X509_Store_Context.add_crls)."""
    m2_sk_x509_crl_free = _native_free("m2crypto.X509.CRL_Stack.m2_sk_x509_crl_free")

    def __init__(self, stack=None, _pyfree: int = 0, _pyfree_x509_crl: int = 0) -> None:
        self.pystack: List[CRL] = [CRL(c, _pyfree_x509_crl) for c in (stack or [])]
        self._pyfree = 1

    def __len__(self) -> int:
        return len(self.pystack)

    def __getitem__(self, idx: int) -> CRL:
        return self.pystack[idx]

    def __iter__(self) -> Iterator[CRL]:
        return iter(self.pystack)

    def _ptr(self):
        return [c._ptr() for c in self.pystack]

    @property
    def stack(self):
        """The STACK_OF(X509_CRL) handle m2.sk_x509_crl_* take."""
        return _stack_view()(self, _crl_stack(), lambda c: CRL(c, 1))

    @_ep("m2crypto.X509.CRL_Stack.push")
    def push(self, crl: CRL) -> int:
        if not isinstance(crl, CRL):
            raise X509Error("only CRL objects can be pushed")
        self.pystack.append(crl)
        return len(self.pystack)

    @_ep("m2crypto.X509.CRL_Stack.pop")
    def pop(self) -> Optional[CRL]:
        return self.pystack.pop() if self.pystack else None


def _parse_crl(data: bytes) -> CRL:
    try:
        return CRL(core.Crl.parse(data, False), 1)  # PEM (der=False)
    except core.Error:
        raise X509Error("Failed to load CRL") from None


@_ep("m2crypto.X509.load_crl")
def load_crl(file: str) -> CRL:
    return _parse_crl(_read_path(file))


@_ep("m2crypto.X509.load_crl_string")
def load_crl_string(crl_string: Union[str, bytes]) -> CRL:
    return _parse_crl(_text(crl_string))
