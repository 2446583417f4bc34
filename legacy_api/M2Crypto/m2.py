"""The flat M2Crypto.m2 namespace: the SWIG extension _m2 (generated from the
shims' plain-C interface m2_c_api.h), its constants table, and the digest
getters M2Crypto exposes as functions. The helpers listed in the catalog are
wrapped as counted entry points."""
from typing import TYPE_CHECKING, Any

from cryptoshim.legacy import API_ATTRIBUTE as _API_ATTRIBUTE
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2 as _ext
from M2Crypto._common import builtin_form as _builtin_form
from M2Crypto._common import core as _common_core
from M2Crypto._common import m2c as _m2c
from M2Crypto._m2 import *  # noqa: F403

if TYPE_CHECKING:
    # For type checkers only: the constants below and the SWIG functions the
    # star import brings are bound at run time, without stubs.
    def __getattr__(name: str) -> Any: ...


for _i in range(_ext.constant_count()):
    globals()[_ext.constant_name(_i)] = _ext.constant_value(_i)
OPENSSL_VERSION_TEXT = _ext.openssl_version_text()
# M2Crypto's own value when built with OPENSSL_NO_DEPRECATED_3_0, as the core
# is: the ENGINE API does not exist (M2Crypto.Engine explains and refuses).
is_engine_available = False
del _i

# Catalog records for the flat helpers this package provides.
_COUNTED = (
    "m2crypto.m2.err_get_error",
    "m2crypto.m2.err_peek_error",
    "m2crypto.m2.err_clear_error",
    "m2crypto.m2.err_lib_error_string",
    "m2crypto.m2.err_func_error_string",
    "m2crypto.m2.err_reason_error_string",
    "m2crypto.m2.bn_to_hex",
    "m2crypto.m2.hex_to_bn",
    "m2crypto.m2.dec_to_bn",
    "m2crypto.m2.bn_to_mpi",
    "m2crypto.m2.mpi_to_bn",
    "m2crypto.m2.bin_to_bn",
    "m2crypto.m2.rand_bytes",
    "m2crypto.m2.rand_status",
    "m2crypto.m2.time_t_bits",
    "m2crypto.m2.get_digestbyname",
    "m2crypto.m2.rsa_new",
    "m2crypto.m2.rsa_set_n",
    "m2crypto.m2.rsa_set_e",
    "m2crypto.m2.rsa_free",
    "m2crypto.m2.cipher_ctx_new",
    "m2crypto.m2.cipher_ctx_free",
    "m2crypto.m2.cipher_init",
    "m2crypto.m2.cipher_update",
    "m2crypto.m2.cipher_final",
    "m2crypto.m2.cipher_set_padding",
    "m2crypto.m2.threading_init",
    "m2crypto.m2.threading_cleanup",
    "m2crypto.m2.aes_new",
    "m2crypto.m2.AES_set_key",
    "m2crypto.m2.AES_crypt",
    "m2crypto.m2.AES_free",
    "m2crypto.m2.AES_type_check",
    "m2crypto.m2.cipher_update_aad",
    "m2crypto.m2.cipher_ctrl_get",
    "m2crypto.m2.cipher_ctrl_set",
)


def _counted(name: str) -> Any:
    """The extension's function `name` as the counted entry point
    m2crypto.m2.<name> (the builtin form where it has one)."""
    return _builtin_form(_entry_point("m2crypto.m2." + name)(getattr(_ext, name)))


for _id in _COUNTED:
    _name = _id.rsplit(".", 1)[1]
    globals()[_name] = _counted(_name)
del _id, _name

from M2Crypto._m2_bio import *  # noqa: E402, F403  (bio_* on BIO objects)
from M2Crypto._m2_components import *  # noqa: E402, F403  (rsa_set_d, dsa_new/set_*)
from M2Crypto._m2_cvar import cvar  # noqa: E402,F401  (SWIG's global variables)
from M2Crypto._m2_evp import *  # noqa: E402, F403  (digest/sign/verify/hmac/rc4 contexts)
from M2Crypto._m2_handles import *  # noqa: E402, F403  (x509_*, pkcs7_* on handles)
from M2Crypto._m2_misc import *  # noqa: E402, F403  (rand_*, util_*, engine_*, provider_*)
from M2Crypto._m2_names import *  # noqa: E402, F403  (x509_name_entry_*, asn1_string_*)
from M2Crypto._m2_obj import *  # noqa: E402, F403  (m2.obj_*)
from M2Crypto._m2_openssl_stack import *  # noqa: E402, F403  (OPENSSL_sk_*, ossl_check_*)
from M2Crypto._m2_pkey import *  # noqa: E402, F403  (pkey_*)
from M2Crypto._m2_pki import *  # noqa: E402, F403  (x509/asn1/sk/pkcs7/smime/dsa/dh/ec)
from M2Crypto._m2_pyfd import *  # noqa: E402, F403  (pyfd_*, BIO_PYFD_CTX)
from M2Crypto._m2_rsa import *  # noqa: E402, F403  (rsa_* on RSA handles)
from M2Crypto._m2_ssl import *  # noqa: E402, F403  (SSL_* constants, ssl_* on handles)
from M2Crypto._m2_ssl_flat import *  # noqa: E402, F403  (ssl_ctx_*, ssl I/O, sessions)

# SWIG's class of the BIGNUM handles; its static type takes the catalog id
# only through the extension (instances come from the counted *_to_bn).
_ext._set_class_attribute(_ext.bignum_st, _API_ATTRIBUTE, "m2crypto.m2.bignum_st")


def _rsa_error(message: str) -> Exception:
    from M2Crypto import RSA  # M2Crypto.RSA imports this module
    return RSA.RSAError(message)


def _core_handle(rsa):
    """The drop-in RSA objects' handle (RSA.rsa), or None for a SWIG m2_rsa."""
    return rsa if hasattr(rsa, "key") else None


@_entry_point("m2crypto.m2.rsa_get_n")
def rsa_get_n(rsa) -> bytes:
    handle = _core_handle(rsa)
    if handle is None:
        return _ext.rsa_get_n(rsa)
    return _m2c.rsa_n_mpi(handle.key)


@_entry_point("m2crypto.m2.rsa_get_e")
def rsa_get_e(rsa) -> bytes:
    handle = _core_handle(rsa)
    if handle is None:
        return _ext.rsa_get_e(rsa)
    return _m2c.rsa_e_mpi(handle.key)


@_entry_point("m2crypto.m2.rsa_set_en")
def rsa_set_en(rsa, e: bytes, n: bytes) -> None:
    """Replaces (e, n) of a public key held by an RSA object's handle, or of
    a detached m2.rsa_new() holder."""
    handle = _core_handle(rsa)
    if handle is None:
        # The counted helpers the _COUNTED loop defines.
        rsa_set_e(rsa, e)  # type: ignore[name-defined]  # noqa: F405
        rsa_set_n(rsa, n)  # type: ignore[name-defined]  # noqa: F405
        return
    try:
        key = _m2c.rsa_public_key_from_mpi(bytes(e), bytes(n))
    except _common_core.Error as exc:
        raise _rsa_error(str(exc)) from None
    if handle.key.has_private:
        raise _rsa_error("cannot replace (e, n) under a private key")
    handle.key = key


@_entry_point("m2crypto.m2.bn_rand")
def bn_rand(bits: int, top: int, bottom: int) -> int:
    """BN_rand as a Python int (M2Crypto converts through hex)."""
    return int.from_bytes(_ext.bn_rand_bytes(bits, top, bottom), "big")


@_entry_point("m2crypto.m2.bn_rand_range")
def bn_rand_range(range: int) -> int:
    if range <= 0:
        raise ValueError("range must be positive")
    data = range.to_bytes((range.bit_length() + 7) // 8, "big")
    return int.from_bytes(_ext.bn_rand_range_bytes(data), "big")


# The EVP getters are the extension's own (m2.i, M2_EVP_GETTER); these are
# catalogued, so counted: ripemd160, the CBC getters real dependents call
# (survey), and the legacy-provider ciphers (unsafe).
_COUNTED_GETTERS = ("ripemd160", "aes_128_cbc", "aes_192_cbc", "aes_256_cbc")
_UNSAFE_CIPHERS = (
    "des_ede_ecb",
    "des_ede_cbc",
    "des_ede_cfb",
    "des_ede_ofb",
    "des_ede3_ecb",
    "des_ede3_cbc",
    "des_ede3_cfb",
    "des_ede3_ofb",
    "bf_ecb",
    "bf_cbc",
    "bf_cfb",
    "bf_ofb",
    "cast5_ecb",
    "cast5_cbc",
    "cast5_cfb",
    "cast5_ofb",
    "des_ecb",
    "des_cbc",
    "des_cfb",
    "des_ofb",
    "rc4",
    "rc2_40_cbc",
)
for _n in _COUNTED_GETTERS + _UNSAFE_CIPHERS:
    globals()[_n] = _counted(_n)
del _n


def lib_init() -> None:
    """OpenSSL 3 initialises itself; kept for callers of M2Crypto.m2.lib_init."""


from M2Crypto import _m2_arity  # noqa: E402

_m2_arity.install(globals())
del _m2_arity
