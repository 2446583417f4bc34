"""m2.sk_x509_* / sk_x509_crl_* / sk_x509_extension_*: OpenSSL stacks as
Python lists of the element handles (core Certificate, Crl, X509Extension).

A stack handle is a list subclass, so the class layer takes it as it is:
X509.X509_Stack(m2.sk_x509_new_null() after m2.sk_x509_push(...), 1) and
X509_Stack._ptr() (a list of certificates) is accepted by every sk_* call.
As in OpenSSL, pop and value return None (NULL) when there is no element
and num of None is -1."""
from __future__ import annotations

from typing import Any, List, Optional

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2_pki_args as _a

__all__ = ["sk_x509_new_null", "sk_x509_free", "sk_x509_num", "sk_x509_push", "sk_x509_pop",
           "sk_x509_value", "sk_x509_crl_new_null", "sk_x509_crl_free", "sk_x509_crl_num",
           "sk_x509_crl_push", "sk_x509_crl_pop", "sk_x509_crl_value",
           "sk_x509_extension_new_null", "sk_x509_extension_free", "sk_x509_extension_num",
           "sk_x509_extension_push", "sk_x509_extension_pop", "sk_x509_extension_value"]


class CertStack(list):
    """STACK_OF(X509)."""

    element: type = _c.Certificate
    ctype = "struct stack_st_X509 *"
    element_ctype = "X509 *"

    def __int__(self) -> int:
        return id(self)


class CrlStack(CertStack):
    """STACK_OF(X509_CRL)."""

    element = _c.Crl
    ctype = "struct stack_st_X509_CRL *"
    element_ctype = "X509_CRL *"


class ExtensionStack(CertStack):
    """STACK_OF(X509_EXTENSION)."""

    element = _c.X509Extension
    ctype = "struct stack_st_X509_EXTENSION *"
    element_ctype = "X509_EXTENSION *"


class StackView:
    """The .stack of an X509.X509_Stack / CRL_Stack / X509_Extension_Stack:
    the sk_* functions push, pop and read the class object's own list
    through it (as the real classes keep a STACK_OF and their pystack)."""

    __slots__ = ("_items", "_wrap", "kind")

    def __init__(self, owner: Any, kind: type, wrap) -> None:
        self._items = owner.pystack
        self._wrap = wrap
        self.kind = kind

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> Any:
        return self._items[index]._ptr()

    def __iter__(self):
        return (item._ptr() for item in self._items)

    def append(self, handle: Any) -> None:
        self._items.append(self._wrap(handle))

    def pop(self) -> Any:
        return self._items.pop()._ptr()

    def __int__(self) -> int:
        return id(self._items)


def _stack(stack: Any, kind: Any, func: str, argno: int = 1) -> Any:
    """The stack handle; a plain list of the right elements (what the class
    layer's _ptr() gives) is accepted as a read-only snapshot."""
    if type(stack) is kind or (isinstance(stack, StackView) and stack.kind is kind):
        return stack
    if isinstance(stack, list) and not isinstance(stack, CertStack) and \
            all(isinstance(item, kind.element) for item in stack):
        return stack
    raise _a.type_error(func, argno, kind.ctype)


def cert_stack(stack: Any, func: str, argno: int, nullable: bool = False) -> List:
    """A STACK_OF(X509) argument of the pkcs7/x509_store functions."""
    if stack is None:
        if nullable:
            return []
        raise ValueError(_a.NULL_POINTER)
    return _stack(stack, CertStack, func, argno)


def _num(stack: Any, kind: type, func: str) -> int:
    if stack is None:
        return -1
    return len(_stack(stack, kind, func))


def _push(stack: Any, item: Any, kind: Any, func: str) -> int:
    items = _stack(stack, kind, func)
    items.append(_a.check(item, kind.element, func, 2, kind.element_ctype))
    return len(items)


def _pop(stack: Any, kind: type, func: str) -> Optional[Any]:
    if stack is None:
        return None
    items = _stack(stack, kind, func)
    return items.pop() if items else None


def _value(stack: Any, idx: Any, kind: type, func: str) -> Optional[Any]:
    if stack is None:
        return None
    items = _stack(stack, kind, func)
    index = _a.check_int(idx, func, 2)
    return items[index] if 0 <= index < len(items) else None


def _free(stack: Any, kind: type, func: str) -> None:
    if stack is not None:
        _stack(stack, kind, func)


@_entry_point("m2crypto.m2.sk_x509_new_null")
def sk_x509_new_null() -> CertStack:
    return CertStack()


@_entry_point("m2crypto.m2.sk_x509_free")
def sk_x509_free(stack) -> None:
    _free(stack, CertStack, "sk_x509_free")


@_entry_point("m2crypto.m2.sk_x509_num")
def sk_x509_num(stack) -> int:
    return _num(stack, CertStack, "sk_x509_num")


@_entry_point("m2crypto.m2.sk_x509_push")
def sk_x509_push(stack, x509) -> int:
    return _push(stack, x509, CertStack, "sk_x509_push")


@_entry_point("m2crypto.m2.sk_x509_pop")
def sk_x509_pop(stack):
    return _pop(stack, CertStack, "sk_x509_pop")


@_entry_point("m2crypto.m2.sk_x509_value")
def sk_x509_value(stack, idx):
    return _value(stack, idx, CertStack, "sk_x509_value")


@_entry_point("m2crypto.m2.sk_x509_crl_new_null")
def sk_x509_crl_new_null() -> CrlStack:
    return CrlStack()


@_entry_point("m2crypto.m2.sk_x509_crl_free")
def sk_x509_crl_free(stack) -> None:
    _free(stack, CrlStack, "sk_x509_crl_free")


@_entry_point("m2crypto.m2.sk_x509_crl_num")
def sk_x509_crl_num(stack) -> int:
    return _num(stack, CrlStack, "sk_x509_crl_num")


@_entry_point("m2crypto.m2.sk_x509_crl_push")
def sk_x509_crl_push(stack, crl) -> int:
    return _push(stack, crl, CrlStack, "sk_x509_crl_push")


@_entry_point("m2crypto.m2.sk_x509_crl_pop")
def sk_x509_crl_pop(stack):
    return _pop(stack, CrlStack, "sk_x509_crl_pop")


@_entry_point("m2crypto.m2.sk_x509_crl_value")
def sk_x509_crl_value(stack, idx):
    return _value(stack, idx, CrlStack, "sk_x509_crl_value")


@_entry_point("m2crypto.m2.sk_x509_extension_new_null")
def sk_x509_extension_new_null() -> ExtensionStack:
    return ExtensionStack()


@_entry_point("m2crypto.m2.sk_x509_extension_free")
def sk_x509_extension_free(stack) -> None:
    _free(stack, ExtensionStack, "sk_x509_extension_free")


@_entry_point("m2crypto.m2.sk_x509_extension_num")
def sk_x509_extension_num(stack) -> int:
    return _num(stack, ExtensionStack, "sk_x509_extension_num")


@_entry_point("m2crypto.m2.sk_x509_extension_push")
def sk_x509_extension_push(stack, x509_ext) -> int:
    return _push(stack, x509_ext, ExtensionStack, "sk_x509_extension_push")


@_entry_point("m2crypto.m2.sk_x509_extension_pop")
def sk_x509_extension_pop(stack):
    return _pop(stack, ExtensionStack, "sk_x509_extension_pop")


@_entry_point("m2crypto.m2.sk_x509_extension_value")
def sk_x509_extension_value(stack, idx):
    return _value(stack, idx, ExtensionStack, "sk_x509_extension_value")

