"""M2Crypto.X509 over the core: certificates, names, extensions, stacks,
stores and verification contexts, requests and CRLs, one concept per
submodule (the way OpenSSL/_crypto/ is laid out); this module re-exports
them under the names M2Crypto.X509 has.

Objects keep core objects where M2Crypto keeps SWIG pointers: X509._cert
(also .x509 and _ptr()), X509_Name.x509_name, X509_Extension.x509_ext,
X509_Store._store, Request.req, CRL.crl. Names and validity times handed out
by a certificate are live views into it, as in M2Crypto.

Every module-level name of the single-file module this package replaced is
still here, private helpers included (M2Crypto.m2 and the tests use
_EntryRef; dependents probe what upstream has), and every class and function
reports __module__ "M2Crypto.X509" as before: reprs, the catalog check
(test_catalog.py) and pickled references name the public module.
"""

from __future__ import annotations

import binascii  # noqa: F401  (a module attribute before the split)
import inspect as _inspect
import logging
from typing import Callable, Iterator, List, Optional, Union  # noqa: F401  (as above)

from cryptoshim.legacy import unsafe_operation  # noqa: F401  (as above)
from cryptoshim.policy import is_weak_digest  # noqa: F401  (as above)
from cryptoshim.x509_verification import (  # noqa: F401  (as above)
    X509_V_ERR_APPLICATION_VERIFICATION,
    legacy_chain_policy,
)
from M2Crypto import ASN1, BIO, EVP, _release, m2  # noqa: F401  (as above)
from M2Crypto._common import core, entry, klass  # noqa: F401  (as above)
from M2Crypto._common import exception_api as _exception_api  # noqa: F401  (as above)
from M2Crypto._common import native_free as _native_free  # noqa: F401  (as above)
from M2Crypto._common import read_file as _read_file  # noqa: F401  (as above)
from M2Crypto.X509._cert import (
    X509,
    _parse_cert,
    load_cert,
    load_cert_bio,
    load_cert_der_string,
    load_cert_string,
)
from M2Crypto.X509._common import (
    FORMAT_DER,
    FORMAT_PEM,
    V_OK,
    X509Error,
    _check_format,
    _class,
    _core_key,
    _core_time,
    _digest,
    _ep,
    _key_text,
    _legacy_rsa_text,
    _pubkey_with_origin,
    _read_path,
    _text,
    _write_path,
)
from M2Crypto.X509._crl import CRL, CRL_Stack, _parse_crl, load_crl, load_crl_string
from M2Crypto.X509._extension import (
    AuthorityKeyIdentifier,
    X509_Extension,
    X509_Extension_Stack,
    new_extension,
)
from M2Crypto.X509._name import X509_Name, X509_Name_Entry, _core_name, _EntryRef
from M2Crypto.X509._request import (
    Request,
    _parse_request,
    load_request,
    load_request_bio,
    load_request_der_string,
    load_request_string,
)
from M2Crypto.X509._stack import X509_Stack, new_stack_from_der
from M2Crypto.X509._store import X509_Store, X509_Store_Context, x509_store_default_cb

# M2Crypto.X509 re-exports m2's verification errors, name print flags and
# purposes, and lower-cases the VERIFY_* modes (verify_peer, ...).
for _name in dir(m2):
    if _name.startswith(("X509_V_ERR", "XN_FLAG_", "X509_PURPOSE_")):
        globals()[_name] = getattr(m2, _name)
    elif _name.startswith("VERIFY_"):
        globals()[_name.lower()] = getattr(m2, _name)
del _name

log = logging.getLogger(__name__)


def _claim(obj: object) -> None:
    """Names the public module as the home of a class or function defined in
    a submodule, and of the methods of such a class."""
    obj.__module__ = __name__
    if _inspect.isclass(obj):
        for member in vars(obj).values():
            inner = member
            if isinstance(member, (classmethod, staticmethod)):
                inner = member.__func__  # the wrapper keeps its own __module__ copy
            elif isinstance(member, property):
                inner = member.fget
            for target in {id(member): member, id(inner): inner}.values():
                if callable(target) and _defined_here(target):
                    target.__module__ = __name__


def _defined_here(obj: object) -> bool:
    # Entry points are cryptoshim._core.LegacyFunction objects, not functions.
    return str(getattr(obj, "__module__", "")).startswith(__name__ + "._")


for _obj in list(globals().values()):
    if callable(_obj) and _defined_here(_obj):
        _claim(_obj)
del _obj, _claim, _defined_here, _inspect
