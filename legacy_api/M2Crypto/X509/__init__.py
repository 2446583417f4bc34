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

# The imports below that nothing here uses keep the module attributes the
# single-file module had (pyproject.toml ignores F401 for this file).
import binascii
import logging
from typing import Callable, Iterator, List, Optional, Union

from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import is_weak_digest
from cryptoshim.x509_verification import (
    X509_V_ERR_APPLICATION_VERIFICATION,
    legacy_chain_policy,
)
from M2Crypto import ASN1, BIO, EVP, _release, m2
from M2Crypto._common import core, entry, klass
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free
from M2Crypto._common import read_file as _read_file
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
    _claim_module,
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

# _signed.py builds parts of _cert and _request; importing them bound it
# here, but it is none of this module's names (dir() stays as it was).
del globals()["_signed"]

# Claimed last, once every name above is bound (it leaves no name behind).
_claim_module(globals(), __name__)
