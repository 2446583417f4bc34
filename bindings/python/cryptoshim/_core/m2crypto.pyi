"""
M2Crypto semantics over the core
"""
from __future__ import annotations
import cryptoshim._core
import typing
__all__: list[str] = ['Cipher', 'ConnectionIo', 'HandleCall', 'HandleView', 'HmacStream', 'MemoryBioCall', 'RsaPkcs1Context', 'bytes_from_mpi', 'certificate_issuer', 'certificate_not_after_time', 'certificate_not_before_time', 'certificate_subject', 'certificate_version', 'cipher_name', 'cipher_unsafe_reason', 'connection_expected_host', 'curve_name_from_nid', 'dh_check_params', 'dh_component', 'dh_compute_key', 'dh_from_mpis', 'dh_generate_key', 'dh_generate_params', 'dh_load_params', 'dh_params_text', 'digest_final', 'digest_update', 'dsa_component', 'dsa_from_mpis', 'dsa_generate_key', 'dsa_generate_params', 'dsa_has_key', 'dsa_load_params', 'dsa_params_pem', 'ec_builtin_curves', 'ec_public_key_from_point', 'ec_public_point', 'ecdh_derive', 'ecdsa_der_to_mpis', 'ecdsa_mpis_to_der', 'ecdsa_sign', 'ecdsa_verify', 'hmac_final', 'hmac_update', 'is_unsafe_rsa_padding', 'mpi_from_bytes', 'name_entry_text', 'pbkdf2', 'pop_error_message', 'rand_bytes', 'rsa_e_mpi', 'rsa_n_mpi', 'rsa_private_decrypt', 'rsa_private_encrypt', 'rsa_private_key_from_mpi', 'rsa_public_decrypt', 'rsa_public_encrypt', 'rsa_public_key_from_mpi', 'rsa_sign', 'rsa_sign_pss', 'rsa_verify', 'rsa_verify_pss', 'rsa_without_pss_restrictions', 'sign_prehashed', 'verify_prehashed']
class MemoryBioCall:
    """
    MemoryBioCall(op, cls, method, fallback): one flat m2.bio_* operation on memory BIOs (0 bio_s_mem, 1 bio_new, 2 bio_write, 3 bio_read, 4 bio_free); fallback does the rest.
    """
    @staticmethod
    def __new__(type, *args, **kwargs):
        """
        Create and return a new object.  See help(type) for accurate signature.
        """
    def __call__(self, *args, **kwargs):
        """
        Call self as a function.
        """
    def __repr__(self):
        """
        Return repr(self).
        """
class HandleCall:
    """
    HandleCall(attr, function, nargs, fallback, exact=None): function(getattr(self, attr), *args) for nargs positional arguments (self included), each of the exact type `exact` names at its position (None: any), and a core object that is not None; else fallback(self, *args, **kwargs).
    """
    @staticmethod
    def __new__(type, *args, **kwargs):
        """
        Create and return a new object.  See help(type) for accurate signature.
        """
    def __call__(self, *args, **kwargs):
        """
        Call self as a function.
        """
    def __repr__(self):
        """
        Return repr(self).
        """
class HmacStream:
    """
    HmacStream(digest: str, key: bytes)
    
    Incremental HMAC with the named digest (the core's HmacStream).
    """
    @staticmethod
    def __new__(type, *args, **kwargs):
        """
        Create and return a new object.  See help(type) for accurate signature.
        """
    def copy(self) -> HmacStream:
        """
        An independent stream with the data so far.
        """
    def finalize(self) -> bytes:
        ...
    def update(self, data: bytes) -> None:
        ...
class HandleView:
    """
    HandleView(attr, function, cls, field, constants, owner_field, fallback): a new cls holding function(getattr(self, attr)) in field, for a call with self only; else fallback(self, *args, **kwargs).
    """
    @staticmethod
    def __new__(type, *args, **kwargs):
        """
        Create and return a new object.  See help(type) for accurate signature.
        """
    def __call__(self, *args, **kwargs):
        """
        Call self as a function.
        """
    def __repr__(self):
        """
        Return repr(self).
        """
class ConnectionIo:
    """
    ConnectionIo(kind, fallback, resume): M2Crypto.SSL.Connection.read/write/accept_ssl/connect_ssl's common case in C (one step on a socket without a timeout); other calls go to fallback(self, ...), other outcomes to resume(self, size or data, io tuple), or for the handshake steps resume(self, io tuple or 1).
    """
    @staticmethod
    def __new__(type, *args, **kwargs):
        """
        Create and return a new object.  See help(type) for accurate signature.
        """
    def __call__(self, *args, **kwargs):
        """
        Call self as a function.
        """
    def __repr__(self):
        """
        Return repr(self).
        """
class Cipher:
    """
    Cipher(alg: str, key: bytes, iv: bytes, op: int, key_as_bytes: bool = False, d: str = 'md5', salt: bytes = b'12345678', i: int = 1, padding: bool = True, variable_key: bool = False)
    
    An M2Crypto cipher context (EVP_CipherInit semantics over the core's CipherStream).
    """
    @staticmethod
    def __new__(type, *args, **kwargs):
        """
        Create and return a new object.  See help(type) for accurate signature.
        """
    def final(self) -> bytes:
        ...
    def get_tag(self, length: int) -> bytes:
        ...
    def set_padding(self, on: bool) -> None:
        ...
    def set_tag(self, tag: bytes) -> None:
        ...
    def update(self, data: bytes) -> bytes:
        ...
    def update_aad(self, aad: bytes) -> None:
        ...
    @property
    def block_size(self) -> int:
        """
        1 for stream modes (CTR, CFB, OFB, RC4).
        """
    @property
    def legacy(self) -> bool:
        """
        Whether the cipher came from OpenSSL's legacy provider.
        """
class RsaPkcs1Context:
    """
    rsa_sign / rsa_verify with the key's contexts kept between calls (M2Crypto.RSA.RSA)
    """
    def __init__(self, arg0: cryptoshim._core.Key) -> None:
        ...
    def sign(self, arg0: bytes, arg1: str) -> bytes:
        """
        RSA_sign: the PKCS#1 v1.5 signature of digest `arg0` made with hash `arg1`.
        """
    def verify(self, arg0: bytes, arg1: bytes, arg2: str) -> None:
        """
        RSA_verify: raises cryptoshim._core.Error unless `arg1` is the signature of digest `arg0` with hash `arg2`.
        """
def bytes_from_mpi(arg0: bytes) -> bytes:
    ...
def certificate_issuer(*args, **kwargs):
    """
    Certificate.issuer() as a plain C function (HandleView).
    """
def certificate_not_after_time(*args, **kwargs):
    """
    Certificate.not_after_time() as a plain C function (HandleView).
    """
def certificate_not_before_time(*args, **kwargs):
    """
    Certificate.not_before_time() as a plain C function (HandleView).
    """
def certificate_subject(*args, **kwargs):
    """
    Certificate.subject() as a plain C function (HandleView).
    """
def certificate_version(*args, **kwargs):
    """
    Certificate.version() as a plain C function (HandleCall).
    """
def cipher_name(arg0: str) -> str:
    ...
def cipher_unsafe_reason(arg0: str, arg1: bool, arg2: str) -> str:
    ...
def connection_expected_host(conn: typing.Any) -> str | bytes | None:
    """
    The host name M2Crypto.SSL.Connection `conn` expects the server's certificate to carry: the SNI name, else conn.host (set1_host), else the post-connection check's host, else (when a post-connection check will run) conn.addr[0]; None when there is none.
    """
def curve_name_from_nid(arg0: typing.SupportsInt | typing.SupportsIndex) -> str:
    ...
def dh_check_params(arg0: cryptoshim._core.Key) -> int:
    ...
def dh_component(arg0: cryptoshim._core.Key, arg1: str) -> bytes:
    ...
def dh_compute_key(arg0: cryptoshim._core.Key, arg1: bytes) -> bytes:
    ...
def dh_from_mpis(arg0: bytes, arg1: bytes) -> cryptoshim._core.Key:
    ...
def dh_generate_key(arg0: cryptoshim._core.Key) -> cryptoshim._core.Key:
    ...
def dh_generate_params(arg0: typing.SupportsInt | typing.SupportsIndex, arg1: typing.SupportsInt | typing.SupportsIndex) -> cryptoshim._core.Key:
    ...
def dh_load_params(arg0: bytes) -> cryptoshim._core.Key:
    ...
def dh_params_text(arg0: cryptoshim._core.Key) -> bytes:
    ...
def digest_final(digest: cryptoshim._core.Digest) -> bytes:
    """
    Digest.finalize as a plain C function (HandleCall).
    """
def digest_update(digest: cryptoshim._core.Digest, data: bytes) -> int:
    """
    Digest.update as a plain C function (HandleCall); returns 1, as M2Crypto's update.
    """
def dsa_component(arg0: cryptoshim._core.Key, arg1: str) -> bytes:
    ...
def dsa_from_mpis(arg0: bytes, arg1: bytes, arg2: bytes, arg3: bytes) -> cryptoshim._core.Key:
    ...
def dsa_generate_key(arg0: cryptoshim._core.Key) -> cryptoshim._core.Key:
    ...
def dsa_generate_params(arg0: typing.SupportsInt | typing.SupportsIndex) -> cryptoshim._core.Key:
    ...
def dsa_has_key(arg0: cryptoshim._core.Key, arg1: bool) -> bool:
    ...
def dsa_load_params(arg0: bytes) -> cryptoshim._core.Key:
    ...
def dsa_params_pem(arg0: cryptoshim._core.Key) -> bytes:
    ...
def ec_builtin_curves() -> list:
    ...
def ec_public_key_from_point(arg0: typing.SupportsInt | typing.SupportsIndex, arg1: bytes) -> cryptoshim._core.Key:
    ...
def ec_public_point(arg0: cryptoshim._core.Key) -> bytes:
    ...
def ecdh_derive(arg0: cryptoshim._core.Key, arg1: cryptoshim._core.Key) -> bytes:
    ...
def ecdsa_der_to_mpis(arg0: bytes) -> tuple[bytes, bytes]:
    ...
def ecdsa_mpis_to_der(arg0: bytes, arg1: bytes) -> bytes:
    ...
def ecdsa_sign(arg0: cryptoshim._core.Key, arg1: bytes) -> bytes:
    ...
def ecdsa_verify(arg0: cryptoshim._core.Key, arg1: bytes, arg2: bytes) -> None:
    ...
def hmac_final(hmac: HmacStream) -> bytes:
    """
    HmacStream.finalize as a plain C function (HandleCall).
    """
def hmac_update(hmac: HmacStream, data: bytes) -> None:
    """
    HmacStream.update as a plain C function (HandleCall).
    """
def is_unsafe_rsa_padding(arg0: typing.SupportsInt | typing.SupportsIndex) -> bool:
    ...
def mpi_from_bytes(arg0: bytes) -> bytes:
    ...
def name_entry_text(*args, **kwargs):
    """
    name_entry_text(name, nid): the first entry's text, or None.
    """
def pbkdf2(arg0: bytes, arg1: bytes, arg2: typing.SupportsInt | typing.SupportsIndex, arg3: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def pop_error_message() -> str:
    ...
def rand_bytes(num: int) -> bytes:
    """
    M2Crypto's Rand.rand_bytes: num CSPRNG bytes, with SWIG's argument errors.
    """
def rsa_e_mpi(arg0: cryptoshim._core.Key) -> bytes:
    ...
def rsa_n_mpi(arg0: cryptoshim._core.Key) -> bytes:
    ...
def rsa_private_decrypt(arg0: cryptoshim._core.Key, arg1: bytes, arg2: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def rsa_private_encrypt(arg0: cryptoshim._core.Key, arg1: bytes, arg2: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def rsa_private_key_from_mpi(arg0: bytes, arg1: bytes, arg2: bytes) -> cryptoshim._core.Key:
    ...
def rsa_public_decrypt(arg0: cryptoshim._core.Key, arg1: bytes, arg2: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def rsa_public_encrypt(arg0: cryptoshim._core.Key, arg1: bytes, arg2: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def rsa_public_key_from_mpi(arg0: bytes, arg1: bytes) -> cryptoshim._core.Key:
    ...
def rsa_sign(arg0: cryptoshim._core.Key, arg1: bytes, arg2: str) -> bytes:
    ...
def rsa_sign_pss(arg0: cryptoshim._core.Key, arg1: bytes, arg2: str, arg3: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def rsa_verify(arg0: cryptoshim._core.Key, arg1: bytes, arg2: bytes, arg3: str) -> None:
    ...
def rsa_verify_pss(arg0: cryptoshim._core.Key, arg1: bytes, arg2: bytes, arg3: str, arg4: typing.SupportsInt | typing.SupportsIndex) -> None:
    ...
def rsa_without_pss_restrictions(arg0: cryptoshim._core.Key) -> cryptoshim._core.Key:
    ...
def sign_prehashed(arg0: cryptoshim._core.Key, arg1: bytes) -> bytes:
    ...
def verify_prehashed(arg0: cryptoshim._core.Key, arg1: bytes, arg2: bytes) -> None:
    ...
