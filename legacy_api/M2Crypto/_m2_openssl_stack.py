"""m2.OPENSSL_sk_* and m2.ossl_check_*: OpenSSL's generic stack API, which
real M2Crypto's SWIG module exposes because it parses <openssl/stack.h> and
<openssl/safestack.h>.

From Python the generic stack is a stack of opaque pointers: only stacks
made by OPENSSL_sk_new* / dup are accepted (a typed STACK_OF(X509) from
m2.sk_x509_new_null() is a different SWIG type and is refused, as in
M2Crypto), elements are None (NULL) or any handle another m2 function
returned, and the compare/copy/free callbacks can only be NULL (Python
cannot make a C function pointer), so nothing is ever sorted and the
functions that would call a NULL callback on an element, which crash the
real module, refuse instead. The stack is a list of the handles; an element
read back is the very handle that was pushed (M2Crypto returns an opaque
'void *' for it)."""
from __future__ import annotations

import inspect
from typing import Any, Callable, List, Optional

from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2_pki_args as _a

_int = _a.check_int
_STACK = "OPENSSL_STACK *"
_CSTACK = "OPENSSL_STACK const *"
# Values that are data, not pointers: SWIG's void * conversion refuses them.
_NOT_POINTERS = (int, float, complex, str, bytes, bytearray, memoryview, tuple, dict, set,
                 frozenset, type)

__all__: List[str] = []


class OpenSSLStack(list):
    """An OPENSSL_STACK: the pointers, whether it is sorted, and whether it
    was freed (using a freed stack is refused, not undefined)."""

    ctype = "struct stack_st *"

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self.sorted = 0
        self.freed = False

    def __int__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"<OPENSSL_STACK of {len(self):d} at 0x{id(self):x}>"


def _export(api_id: str) -> Callable:
    def register(fn: Callable) -> Callable:
        wrapped = _entry_point(api_id)(fn)
        __all__.append(fn.__name__)
        return wrapped
    return register


def _stack(st: Any, func: str, ctype: str = _STACK) -> Optional[OpenSSLStack]:
    """The stack argument; None is NULL, which every OPENSSL_sk_* accepts."""
    if st is None:
        return None
    if not isinstance(st, OpenSSLStack):
        raise _a.type_error(func, 1, ctype)
    if st.freed:
        raise ValueError(f"{func}: this stack has been freed")
    return st


def _pointer(value: Any, func: str, argno: int, ctype: str = "void const *") -> Any:
    """A void * argument: None or a handle. Data (numbers, strings, plain
    lists), functions and modules are refused as SWIG refuses them, and so is
    a class-layer object whose handle is another object (pass X509._ptr(),
    not the X509), as in M2Crypto."""
    if value is None:
        return None
    if isinstance(value, _NOT_POINTERS) or type(value) is list or \
            inspect.isroutine(value) or inspect.ismodule(value):
        raise _a.type_error(func, argno, ctype)
    ptr = getattr(value, "_ptr", None)
    if callable(ptr) and ptr() is not value:
        raise _a.type_error(func, argno, ctype)
    return value


def _null_callback(value: Any, func: str, argno: int, ctype: str) -> None:
    """A C callback argument: only NULL can come from Python."""
    if value is not None:
        raise TypeError(f"in method '{func}', argument {argno:d} of type '{ctype}' (C callbacks "
                        "cannot be made from Python: pass None)")


def _refuse_null_call(st: OpenSSLStack, func: str, what: str) -> None:
    """OpenSSL calls the NULL callback on every non-NULL element (a crash)."""
    if any(item is not None for item in st):
        raise ValueError(f"{func}: the {what} is NULL and the stack holds non-NULL elements; use "
                         "OPENSSL_sk_dup / OPENSSL_sk_free instead")


@_export("m2crypto.m2.OPENSSL_sk_new")
def OPENSSL_sk_new(cmp) -> OpenSSLStack:
    _null_callback(cmp, "OPENSSL_sk_new", 1, "OPENSSL_sk_compfunc")
    return OpenSSLStack()


@_export("m2crypto.m2.OPENSSL_sk_new_null")
def OPENSSL_sk_new_null() -> OpenSSLStack:
    return OpenSSLStack()


@_export("m2crypto.m2.OPENSSL_sk_new_reserve")
def OPENSSL_sk_new_reserve(c, n) -> OpenSSLStack:
    _null_callback(c, "OPENSSL_sk_new_reserve", 1, "OPENSSL_sk_compfunc")
    _int(n, "OPENSSL_sk_new_reserve", 2)
    return OpenSSLStack()  # a list needs no reservation


@_export("m2crypto.m2.OPENSSL_sk_reserve")
def OPENSSL_sk_reserve(st, n) -> int:
    stack = _stack(st, "OPENSSL_sk_reserve")
    _int(n, "OPENSSL_sk_reserve", 2)
    return 0 if stack is None else 1


@_export("m2crypto.m2.OPENSSL_sk_free")
def OPENSSL_sk_free(st) -> None:
    stack = _stack(st, "OPENSSL_sk_free")
    if stack is not None:
        stack.clear()
        stack.freed = True


@_export("m2crypto.m2.OPENSSL_sk_pop_free")
def OPENSSL_sk_pop_free(st, func) -> None:
    stack = _stack(st, "OPENSSL_sk_pop_free")
    _null_callback(func, "OPENSSL_sk_pop_free", 2, "void (*)(void *)")
    if stack is not None:
        _refuse_null_call(stack, "OPENSSL_sk_pop_free", "free function")
        OPENSSL_sk_free.__wrapped__(stack)


@_export("m2crypto.m2.OPENSSL_sk_deep_copy")
def OPENSSL_sk_deep_copy(st, c, f) -> OpenSSLStack:
    stack = _stack(st, "OPENSSL_sk_deep_copy", _CSTACK)
    _null_callback(c, "OPENSSL_sk_deep_copy", 2, "OPENSSL_sk_copyfunc")
    _null_callback(f, "OPENSSL_sk_deep_copy", 3, "OPENSSL_sk_freefunc")
    if stack is None:
        return OpenSSLStack()
    _refuse_null_call(stack, "OPENSSL_sk_deep_copy", "copy function")
    return _copy(stack)


@_export("m2crypto.m2.OPENSSL_sk_dup")
def OPENSSL_sk_dup(st) -> OpenSSLStack:
    stack = _stack(st, "OPENSSL_sk_dup", _CSTACK)
    return OpenSSLStack() if stack is None else _copy(stack)


def _copy(stack: OpenSSLStack) -> OpenSSLStack:
    copy = OpenSSLStack(stack)
    copy.sorted = stack.sorted
    return copy


@_export("m2crypto.m2.OPENSSL_sk_num")
def OPENSSL_sk_num(st) -> int:
    stack = _stack(st, "OPENSSL_sk_num", _CSTACK)
    return -1 if stack is None else len(stack)


@_export("m2crypto.m2.OPENSSL_sk_value")
def OPENSSL_sk_value(st, i):
    stack = _stack(st, "OPENSSL_sk_value", _CSTACK)
    i = _int(i, "OPENSSL_sk_value", 2)
    if stack is None or not 0 <= i < len(stack):
        return None
    return stack[i]


@_export("m2crypto.m2.OPENSSL_sk_set")
def OPENSSL_sk_set(st, i, data):
    stack = _stack(st, "OPENSSL_sk_set")
    i = _int(i, "OPENSSL_sk_set", 2)
    data = _pointer(data, "OPENSSL_sk_set", 3)
    if stack is None or not 0 <= i < len(stack):
        return None
    stack[i] = data
    stack.sorted = 0
    return data


@_export("m2crypto.m2.OPENSSL_sk_insert")
def OPENSSL_sk_insert(sk, data, where) -> int:
    stack = _stack(sk, "OPENSSL_sk_insert")
    data = _pointer(data, "OPENSSL_sk_insert", 2)
    where = _int(where, "OPENSSL_sk_insert", 3)
    if stack is None:
        return 0
    if 0 <= where < len(stack):
        stack.insert(where, data)
    else:
        stack.append(data)
    stack.sorted = 0
    return len(stack)


@_export("m2crypto.m2.OPENSSL_sk_push")
def OPENSSL_sk_push(st, data) -> int:
    stack = _stack(st, "OPENSSL_sk_push")
    data = _pointer(data, "OPENSSL_sk_push", 2)
    if stack is None:
        return -1
    stack.append(data)
    stack.sorted = 0
    return len(stack)


@_export("m2crypto.m2.OPENSSL_sk_unshift")
def OPENSSL_sk_unshift(st, data) -> int:
    stack = _stack(st, "OPENSSL_sk_unshift")
    data = _pointer(data, "OPENSSL_sk_unshift", 2)
    if stack is None:
        return 0
    stack.insert(0, data)
    stack.sorted = 0
    return len(stack)


@_export("m2crypto.m2.OPENSSL_sk_pop")
def OPENSSL_sk_pop(st):
    stack = _stack(st, "OPENSSL_sk_pop")
    return stack.pop() if stack else None


@_export("m2crypto.m2.OPENSSL_sk_shift")
def OPENSSL_sk_shift(st):
    stack = _stack(st, "OPENSSL_sk_shift")
    return stack.pop(0) if stack else None


@_export("m2crypto.m2.OPENSSL_sk_delete")
def OPENSSL_sk_delete(st, loc):
    stack = _stack(st, "OPENSSL_sk_delete")
    loc = _int(loc, "OPENSSL_sk_delete", 2)
    if stack is None or not 0 <= loc < len(stack):
        return None
    return stack.pop(loc)


def _index(stack: Optional[OpenSSLStack], data: Any) -> int:
    """The first element that is the same pointer (no compare function)."""
    for i, item in enumerate(stack or ()):
        if item is data:
            return i
    return -1


@_export("m2crypto.m2.OPENSSL_sk_delete_ptr")
def OPENSSL_sk_delete_ptr(st, p):
    stack = _stack(st, "OPENSSL_sk_delete_ptr")
    i = _index(stack, _pointer(p, "OPENSSL_sk_delete_ptr", 2))
    return None if i < 0 or stack is None else stack.pop(i)  # _index is -1 for NULL


@_export("m2crypto.m2.OPENSSL_sk_find")
def OPENSSL_sk_find(st, data) -> int:
    return _index(_stack(st, "OPENSSL_sk_find"), _pointer(data, "OPENSSL_sk_find", 2))


@_export("m2crypto.m2.OPENSSL_sk_find_ex")
def OPENSSL_sk_find_ex(st, data) -> int:
    return _index(_stack(st, "OPENSSL_sk_find_ex"), _pointer(data, "OPENSSL_sk_find_ex", 2))


@_export("m2crypto.m2.OPENSSL_sk_find_all")
def OPENSSL_sk_find_all(st, data, pnum) -> int:
    stack = _stack(st, "OPENSSL_sk_find_all")
    data = _pointer(data, "OPENSSL_sk_find_all", 2)
    if pnum is not None:  # an int * out-parameter: Python has none to give
        raise _a.type_error("OPENSSL_sk_find_all", 3, "int *")
    return _index(stack, data)


@_export("m2crypto.m2.OPENSSL_sk_zero")
def OPENSSL_sk_zero(st) -> None:
    stack = _stack(st, "OPENSSL_sk_zero")
    if stack:
        stack.clear()


@_export("m2crypto.m2.OPENSSL_sk_sort")
def OPENSSL_sk_sort(st) -> None:
    _stack(st, "OPENSSL_sk_sort")  # no compare function: OpenSSL leaves it as it is


@_export("m2crypto.m2.OPENSSL_sk_is_sorted")
def OPENSSL_sk_is_sorted(st) -> int:
    stack = _stack(st, "OPENSSL_sk_is_sorted", _CSTACK)
    return 1 if stack is None else stack.sorted


@_export("m2crypto.m2.OPENSSL_sk_set_cmp_func")
def OPENSSL_sk_set_cmp_func(sk, cmp) -> None:
    """Returns the previous compare function: always NULL from Python."""
    stack = _stack(sk, "OPENSSL_sk_set_cmp_func")
    _null_callback(cmp, "OPENSSL_sk_set_cmp_func", 2, "OPENSSL_sk_compfunc")
    del stack
    return None


# --- <openssl/safestack.h>'s ossl_check_* type checks --------------------------
# C casts for the DEFINE_STACK_OF macros: each returns its argument as the
# generic type. No m2 function returns a STACK_OF(OPENSSL_STRING/CSTRING/
# BLOCK), so their stack checks take only None; the string checks give the
# C string back (up to its first NUL, as SWIG's char * does).

def _check_string(api_id: str, ctype: str):
    func = api_id.rsplit(".", 1)[1]

    def check(ptr):
        if ptr is None:
            return None
        if not isinstance(ptr, str):
            raise _a.type_error(func, 1, ctype)
        return ptr.split("\0", 1)[0]
    check.__name__ = check.__qualname__ = func
    return _export(api_id)(check)


def _check_block(api_id: str):
    func = api_id.rsplit(".", 1)[1]

    def check(ptr):
        return _pointer(ptr, func, 1, "void *")
    check.__name__ = check.__qualname__ = func
    return _export(api_id)(check)


def _check_null_only(api_id: str, ctype: str, hint: str):
    func = api_id.rsplit(".", 1)[1]

    def check(value):
        if value is not None:
            raise TypeError(f"in method '{func}', argument 1 of type '{ctype}' ({hint})")
        return None
    check.__name__ = check.__qualname__ = func
    return _export(api_id)(check)


_NO_TYPED_STACK = (
    "no m2 function makes one: use the generic OPENSSL_sk_* on m2.OPENSSL_sk_new_null()"
)
_NO_CALLBACK = "C callbacks cannot be made from Python: pass None"

for _t in ("OPENSSL_STRING", "OPENSSL_CSTRING", "OPENSSL_BLOCK"):
    for _const in ("", "const_"):
        _name = f"ossl_check_{_const}{_t}_sk_type"
        globals()[_name] = _check_null_only(
            "m2crypto.m2." + _name,
            "struct stack_st_{} {}*".format(_t, "const " if _const else ""), _NO_TYPED_STACK)
    for _kind in ("compfunc", "copyfunc", "freefunc"):
        _name = f"ossl_check_{_t}_{_kind}_type"
        globals()[_name] = _check_null_only(
            "m2crypto.m2." + _name, f"sk_{_t}_{_kind}", _NO_CALLBACK
        )
ossl_check_OPENSSL_STRING_type = _check_string(
    "m2crypto.m2.ossl_check_OPENSSL_STRING_type", "char *"
)
ossl_check_OPENSSL_CSTRING_type = _check_string("m2crypto.m2.ossl_check_OPENSSL_CSTRING_type",
                                                "char const *")
ossl_check_OPENSSL_BLOCK_type = _check_block("m2crypto.m2.ossl_check_OPENSSL_BLOCK_type")
del _t, _const, _kind, _name
