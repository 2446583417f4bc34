"""X.509v3 extensions: X509_Extension, AuthorityKeyIdentifier,
new_extension and X509_Extension_Stack (the list Request.add_extensions takes)."""
from __future__ import annotations

import binascii
from typing import Iterator, List, Optional, Union

from cryptoshim.lazy_import import lazy_attr
from M2Crypto import EVP
from M2Crypto._common import core
from M2Crypto._common import native_free as _native_free
from M2Crypto.X509._common import X509Error, _class, _core_key, _ep
from M2Crypto.X509._common import stack_view as _stack_view

_extension_stack = lazy_attr("M2Crypto._m2_stack", "ExtensionStack")


@_class("m2crypto.X509.X509_Extension")
class X509_Extension:
    """An X.509v3 extension."""
    m2_x509_extension_free = _native_free("m2crypto.X509.X509_Extension.m2_x509_extension_free")

    def __init__(self, x509_ext_ptr=None, _pyfree: int = 1) -> None:
        if x509_ext_ptr is not None and not isinstance(x509_ext_ptr, core.X509Extension):
            raise X509Error(f"x509_ext_ptr must be an extension, not {type(x509_ext_ptr).__name__}")
        self.x509_ext = x509_ext_ptr
        self._pyfree = _pyfree

    def _ptr(self):
        return self.x509_ext

    def _require(self):
        if self.x509_ext is None:
            raise X509Error("Extension not initialized")
        return self.x509_ext

    @_ep("m2crypto.X509.X509_Extension.set_critical")
    def set_critical(self, critical: int = 1) -> int:
        self._require().set_critical(bool(critical))
        return 1

    @_ep("m2crypto.X509.X509_Extension.get_critical")
    def get_critical(self) -> int:
        return int(self._require().critical)

    @_ep("m2crypto.X509.X509_Extension.get_name")
    def get_name(self) -> str:
        return self._require().short_name().decode()

    @_ep("m2crypto.X509.X509_Extension.get_value")
    def get_value(self, flag: int = 0, indent: int = 0) -> str:
        return self._require().print(flag, indent).decode()


@_class("m2crypto.X509.AuthorityKeyIdentifier")
class AuthorityKeyIdentifier:
    """authorityKeyIdentifier with only the keyIdentifier field."""

    def __init__(self, key_identifier: Union[bytes, str]) -> None:
        self.key_identifier = self._coerce_key_identifier(key_identifier)

    @staticmethod
    def _coerce_key_identifier(key_identifier: Union[bytes, str]) -> bytes:
        if isinstance(key_identifier, bytes):
            if not key_identifier:
                raise X509Error("AuthorityKeyIdentifier key_identifier must not be empty")
            return key_identifier
        if isinstance(key_identifier, str):
            value = key_identifier
            if value.startswith("keyid:"):
                value = value[len("keyid:"):]
            value = value.replace(":", "")
            try:
                keyid = binascii.unhexlify(value)
            except (binascii.Error, ValueError) as exc:
                raise X509Error("AuthorityKeyIdentifier key_identifier must be bytes, plain "
                                "hex, or colon-separated hex") from exc
            if not keyid:
                raise X509Error("AuthorityKeyIdentifier key_identifier must not be empty")
            return keyid
        raise TypeError("key_identifier must be bytes or str")

    @_ep("m2crypto.X509.AuthorityKeyIdentifier.as_extension")
    def as_extension(self, critical: int = 0, _pyfree: int = 1) -> X509_Extension:
        ext = core.X509Extension.authority_key_identifier(self.key_identifier, bool(critical))
        return X509_Extension(ext, _pyfree)


@_ep("m2crypto.X509.new_extension")
def new_extension(name: str, value: str, critical: int = 0, _pyfree: int = 1,
                  pkey: Optional[EVP.PKey] = None) -> X509_Extension:
    if not isinstance(name, str) or not isinstance(value, str):
        raise TypeError("extension name and value must be str")
    if name == "subjectKeyIdentifier" and value == "hash" and pkey is None:
        raise X509Error("Cannot create 'subjectKeyIdentifier:hash' without a public key "
                        "(pkey) context.")
    if name == "authorityKeyIdentifier" and value.startswith("keyid:"):
        return AuthorityKeyIdentifier(value).as_extension(critical, _pyfree)
    processed = value.replace(":", "") if name == "subjectKeyIdentifier" else value
    subject = None
    if pkey is not None:
        # The hash method reads the key from the context's subject certificate.
        subject = core.Certificate()
        subject.set_public_key(_core_key(pkey))
    try:
        # subject may be None (no key given): the binding takes None.
        ext = core.X509Extension.create_with_empty_config(
            name.encode(), processed.encode(), subject  # type: ignore[arg-type]
        )
    except core.Error:
        raise X509Error(
            f"Cannot create X509_Extension with name '{name}' and value '{processed}'"
        ) from None
    x509_ext = X509_Extension(ext, _pyfree)
    x509_ext.set_critical(critical)
    return x509_ext


@_class("m2crypto.X509.X509_Extension_Stack")
class X509_Extension_Stack:
    """A list of extensions (for Request.add_extensions)."""
    m2_sk_x509_extension_free = _native_free(
        "m2crypto.X509.X509_Extension_Stack.m2_sk_x509_extension_free"
    )

    def __init__(self, stack=None, _pyfree: int = 0) -> None:
        self.pystack: List[X509_Extension] = [
            X509_Extension(e, _pyfree) for e in (stack or [])]
        self._pyfree = 1

    def __len__(self) -> int:
        return len(self.pystack)

    def __getitem__(self, idx: int) -> X509_Extension:
        return self.pystack[idx]

    def __iter__(self) -> Iterator[X509_Extension]:
        return iter(self.pystack)

    def _ptr(self):
        return [e._ptr() for e in self.pystack]

    @property
    def stack(self):
        """The STACK_OF(X509_EXTENSION) handle m2.sk_x509_extension_* take."""
        return _stack_view()(self, _extension_stack(), lambda e: X509_Extension(e, 1))

    @_ep("m2crypto.X509.X509_Extension_Stack.push")
    def push(self, x509_ext: X509_Extension) -> int:
        if not isinstance(x509_ext, X509_Extension) or x509_ext._ptr() is None:
            raise X509Error("Cannot push an uninitialized extension")
        self.pystack.append(x509_ext)
        return len(self.pystack)

    @_ep("m2crypto.X509.X509_Extension_Stack.pop")
    def pop(self) -> Optional[X509_Extension]:
        return self.pystack.pop() if self.pystack else None
