"""Argument checks, error classes and BIO access shared by the flat m2.*
PKI functions (x509, asn1, sk, pkcs7, smime, dsa, dh, ec).

SWIG checks every pointer argument before any C runs: None for a pointer
M2Crypto marks NONNULL is ValueError("Received a NULL pointer."), any other
wrong object is TypeError("in method 'f', argument n of type 'T *'"). The
helpers here raise the same, so bad input never reaches the core.

Failures inside a function raise the class M2Crypto registered with
m2.x509_init / dsa_init / dh_init / ec_init / pkcs7_init / smime_init
(the module's own error class unless a program registered another)."""
from __future__ import annotations

from typing import Any, Dict, List, Tuple, Type, Union

NULL_POINTER = "Received a NULL pointer."

# kind -> (module, class name) of the class M2Crypto registers at import.
_DEFAULT_ERRORS = {"x509": ("X509", "X509Error"), "dsa": ("DSA", "DSAError"),
                   "dh": ("DH", "DHError"), "ec": ("EC", "ECError"),
                   "pkcs7": ("SMIME", "PKCS7_Error"), "smime": ("SMIME", "SMIME_Error")}
_registered: Dict[str, type] = {}


def register_error(kind: str, err: Any) -> None:
    """m2.*_init(err): later failures of that family raise `err`."""
    if not (isinstance(err, type) and issubclass(err, BaseException)):
        raise TypeError(f"expected an exception class, not {type(err).__name__}")
    _registered[kind] = err


def error(kind: str, message: str) -> BaseException:
    cls = _registered.get(kind)
    if cls is None:
        import importlib
        module, name = _DEFAULT_ERRORS[kind]
        cls = getattr(importlib.import_module("M2Crypto." + module), name)
    return cls(message)


def check(value: Any, types: Union[type, Tuple[type, ...]], func: str, argno: int,
          ctype: str, nullable: bool = False) -> Any:
    """SWIG's pointer conversion: the value when it has one of `types`."""
    if value is None:
        if nullable:
            return None
        raise ValueError(NULL_POINTER)
    if not isinstance(value, types):
        raise TypeError(f"in method '{func}', argument {argno:d} of type '{ctype}'")
    return value


def type_error(func: str, argno: int, ctype: str) -> TypeError:
    return TypeError(f"in method '{func}', argument {argno:d} of type '{ctype}'")


# The range SWIG's typemap accepts for each C integer type the flat functions
# take (LP64: long and time_t are 64 bits).
_C_INT_RANGES = {
    "int": (-(2 ** 31), 2 ** 31 - 1),
    "unsigned int": (0, 2 ** 32 - 1),
    "long": (-(2 ** 63), 2 ** 63 - 1),
    "time_t": (-(2 ** 63), 2 ** 63 - 1),
    "unsigned long": (0, 2 ** 64 - 1),
    "size_t": (0, 2 ** 64 - 1),
}


_INT_LOW, _INT_HIGH = _C_INT_RANGES["int"]


def check_int(value: Any, func: str, argno: int, ctype: str = "int") -> int:
    """SWIG's conversion of a C integer argument: bool is an int (True reads
    as 1), an int outside the C type's range raises OverflowError, anything
    else that is not an int TypeError, each with SWIG's message."""
    # The common case first, without the isinstance call, the range lookup
    # and int(): an exact int in C int range (per-message calls such as
    # EVP.Cipher's op pass one).
    if value.__class__ is int and ctype == "int" and _INT_LOW <= value <= _INT_HIGH:
        return value
    if not isinstance(value, int):
        raise type_error(func, argno, ctype)
    low, high = _C_INT_RANGES[ctype]
    if not low <= value <= high:
        raise OverflowError(f"in method '{func}', argument {argno:d} of type '{ctype}'")
    return int(value)


# M2Crypto's SWIG interface declares these functions more than once: arguments
# no declaration accepts fail overload dispatch, with SWIG's overload message.
# (None is still SWIG's NULL check, ValueError, which runs after dispatch.)
_OVERLOADS = {
    "x509_store_set_flags": ("X509_STORE_set_flags(X509_STORE *,unsigned int)",
                             "X509_STORE_set_flags(X509_STORE *,unsigned long)"),
}


def overload_error(func: str) -> TypeError:
    prototypes = "".join(f"    {p}\n" for p in _OVERLOADS[func])
    return TypeError(f"Wrong number or type of arguments for overloaded function '{func}'.\n"
                     f"  Possible C/C++ prototypes are:\n{prototypes}")


def store_flags(flags: Any) -> int:
    """x509_store_set_flags' flags (the flat function and X509_Store.set_flags)."""
    try:
        return check_int(flags, "x509_store_set_flags", 2, "unsigned long")
    except (TypeError, OverflowError):
        raise overload_error("x509_store_set_flags") from None


def check_str(value: Any, func: str, argno: int, ctype: str = "char *") -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"in method '{func}', argument {argno:d} of type '{ctype}'")


def check_bytes(value: Any, message: str = "expected a readable buffer object") -> bytes:
    """M2Crypto's buffer typemap: bytes-like objects only."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(message)


# --- BIOs ---------------------------------------------------------------------

def _is_bio(bio: Any) -> bool:
    return callable(getattr(bio, "write", None)) and callable(getattr(bio, "read", None))


def bio(value: Any, func: str, argno: int = 1) -> Any:
    """A BIO handle (M2Crypto's BIO._ptr() is the BIO object itself)."""
    if value is None:
        raise ValueError(NULL_POINTER)
    if not _is_bio(value):
        raise type_error(func, argno, "BIO *")
    return value


def read_all(value: Any) -> bytes:
    """Everything readable from a BIO handle, as a d2i/SMIME reader takes it."""
    from M2Crypto import BIO
    if isinstance(value, BIO.BIO):
        return bytes(BIO._bio_bytes(value) or b"")
    return bytes(value.read() or b"")


def read_pem_block(value: Any) -> bytes:
    """One PEM block, line by line, as PEM_read_bio does: text before the
    BEGIN line is skipped and whatever follows the END line stays in the BIO
    for the next read. Returns b"" when there is no BEGIN line."""
    lines: List[bytes] = []
    started = False
    while True:
        line = value.readline()
        if not line:
            return b"".join(lines) if started else b""
        if not started:
            if line.startswith(b"-----BEGIN "):
                started = True
                lines.append(line)
            continue
        lines.append(line)
        if line.startswith(b"-----END "):
            return b"".join(lines)


def write(value: Any, data: bytes) -> int:
    value.write(data)
    return 1


ErrorType = Type[BaseException]
