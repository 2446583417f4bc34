"""M2Crypto.SMIME: PKCS#7 sign / verify / encrypt / decrypt and the S/MIME
text form, over the core's smime.h. PKCS7 objects hold a core Pkcs7 (their
`pkcs7` handle); BIOs are read whole and written in one piece.

Verification with PKCS7_NOVERIFY or PKCS7_NOSIGS, signing with MD5 or SHA-1
and the legacy or 64-bit-block ciphers are reported as unsafe operations."""
from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple, Union

from cryptoshim.legacy import entry_point, legacy_class, unsafe_operation
from cryptoshim.policy import is_weak_digest
from M2Crypto import BIO, EVP, X509, _release, m2, util
from M2Crypto._common import OwnHandle, core, m2c, read_file
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free

__all__ = ["PKCS7_Error", "SMIME_Error", "PKCS7", "Cipher", "SMIME", "load_pkcs7",
           "load_pkcs7_der", "load_pkcs7_bio", "load_pkcs7_bio_der", "smime_load_pkcs7",
           "smime_load_pkcs7_bio", "create_degenerate", "save_degenerate", "load_certificates",
           "text_crlf", "text_crlf_bio"]

PKCS7_TEXT: int = m2.PKCS7_TEXT
PKCS7_NOCERTS: int = m2.PKCS7_NOCERTS
PKCS7_NOSIGS: int = m2.PKCS7_NOSIGS
PKCS7_NOCHAIN: int = m2.PKCS7_NOCHAIN
PKCS7_NOINTERN: int = m2.PKCS7_NOINTERN
PKCS7_NOVERIFY: int = m2.PKCS7_NOVERIFY
PKCS7_DETACHED: int = m2.PKCS7_DETACHED
# sign()/write() default: attached (0) up to 0.45.1, detached since (_release.py).
_DEFAULT_FLAGS = 0 if _release.OLD_DEFAULTS else PKCS7_DETACHED
PKCS7_BINARY: int = m2.PKCS7_BINARY
PKCS7_NOATTR: int = m2.PKCS7_NOATTR
PKCS7_SIGNED: int = m2.PKCS7_SIGNED
PKCS7_ENVELOPED: int = m2.PKCS7_ENVELOPED
PKCS7_SIGNED_ENVELOPED: int = m2.PKCS7_SIGNED_ENVELOPED  # Deprecated
PKCS7_DATA: int = m2.PKCS7_DATA



@_exception_api("m2crypto.SMIME.PKCS7_Error")
class PKCS7_Error(Exception):
    pass


@_exception_api("m2crypto.SMIME.SMIME_Error")
class SMIME_Error(Exception):
    pass


def _mapper(cls):
    # The core's smime messages are already M2Crypto's text ("reason
    # (detail); next reason"), so they are kept as they are.
    return lambda exc: cls(str(exc))


_to_pkcs7_error = _mapper(PKCS7_Error)
_to_smime_error = _mapper(SMIME_Error)


# Digest names sign() has accepted, each with the core's verdict on it
# (is_weak_digest, a function of the name alone): two getattr()s on the flat
# module and a call through the binding per sign cost more than the dict
# lookup. Only exact str instances are recorded, so a str subclass with its
# own __eq__/__hash__ cannot widen it. (RSA's _KNOWN_DIGESTS does the same for
# its laxer NID_-only check, so the two cannot be one.)
_sign_digest_is_weak: Dict[str, bool] = {}


def _accept_sign_digest(algo: object) -> bool:
    """Raise SMIME_Error unless `algo` names a digest m2 has (m2.<name> and
    m2.NID_<name>, as M2Crypto checks); whether it is a weak one. A plain str
    that passes is remembered with the verdict."""
    if not isinstance(algo, str) or getattr(m2, algo, None) is None or \
            getattr(m2, "NID_" + algo, None) is None:
        raise SMIME_Error(f"no such hash algorithm {algo}")
    weak = is_weak_digest(algo)
    if type(algo) is str:
        _sign_digest_is_weak[algo] = weak
    return weak


def _p7_ep(api_id: str):
    return entry_point(api_id, errors=_to_pkcs7_error)


def _smime_ep(api_id: str):
    return entry_point(api_id, errors=_to_smime_error)


def _read_all(bio) -> bytes:
    if not isinstance(bio, BIO.BIO):
        raise TypeError(f"expected an M2Crypto.BIO.BIO, not {type(bio).__name__}")
    return bytes(BIO._bio_bytes(bio) or b"")


def _unread(bio, data: bytes) -> None:
    """Give `data`, just read from `bio`, back to it (memory BIOs only; a
    file BIO stays consumed, as OpenSSL reads it directly)."""
    if isinstance(bio, _ContentBuffer):
        bio._pos -= len(data)
    elif isinstance(bio, BIO.MemoryBuffer):
        bio._buf[:0] = data


def _write_all(bio, data: bytes) -> int:
    if not isinstance(bio, BIO.BIO):
        raise TypeError(f"expected an M2Crypto.BIO.BIO, not {type(bio).__name__}")
    bio.write(data)
    return 1


def _certs(stack) -> list:
    """The core certificates of an X509_Stack (or any iterable of X509)."""
    return [x509._cert for x509 in stack]


class _ContentBuffer(BIO.BIO):
    """The clear part of a multipart/signed message, as the read-only memory
    BIO M2Crypto returns: reading consumes it, seek(0) rewinds it."""
    bio = OwnHandle()

    def __init__(self, data: bytes) -> None:
        super().__init__(_pyfree=1)
        self._data = data
        self._pos = 0
        self.write_closed = 1

    def __len__(self) -> int:
        return len(self._data) - self._pos

    def _read(self, n):
        end = len(self._data) if n is None else min(len(self._data), self._pos + n)
        out = self._data[self._pos:end]
        self._pos = end
        return out

    def _readline(self, limit):
        idx = self._data.find(b"\n", self._pos, self._pos + limit)
        return self._read((idx + 1 - self._pos) if idx >= 0 else limit)

    def seek(self, off: int) -> int:
        if not 0 <= off <= len(self._data):
            raise BIO.BIOError("seek offset out of range")
        self._pos = off
        return 0

    def tell(self) -> int:
        return self._pos

    def reset(self) -> int:
        self._pos = 0
        return 0


@legacy_class("m2crypto.SMIME.PKCS7", errors=_to_pkcs7_error)
class PKCS7:
    """A PKCS#7 object (signedData, envelopedData, ...)."""
    m2_pkcs7_free = _native_free("m2crypto.SMIME.PKCS7.m2_pkcs7_free")

    def __init__(self, pkcs7=None, _pyfree: int = 0) -> None:
        if pkcs7 is None:
            raise PKCS7_Error("PKCS7 objects come from SMIME.sign/encrypt and the load_* functions")
        if not isinstance(pkcs7, core.Pkcs7):
            raise TypeError(f"pkcs7 must be a PKCS7 handle, not {type(pkcs7).__name__}")
        self.pkcs7 = pkcs7
        self._pyfree = _pyfree

    def _ptr(self):
        return self.pkcs7

    @_p7_ep("m2crypto.SMIME.PKCS7.type")
    def type(self, text_name: int = 0) -> Union[int, str]:
        return self.pkcs7.type_name if text_name else self.pkcs7.type_nid

    @_p7_ep("m2crypto.SMIME.PKCS7.write")
    def write(self, bio: BIO.BIO) -> int:
        return _write_all(bio, self.pkcs7.to_pem())

    @_p7_ep("m2crypto.SMIME.PKCS7.write_der")
    def write_der(self, bio: BIO.BIO) -> int:
        return _write_all(bio, self.pkcs7.to_der())

    @_p7_ep("m2crypto.SMIME.PKCS7.get0_signers")
    def get0_signers(self, certs, flags: int = 0):
        signers = core.pkcs7_signers(self.pkcs7, _certs(certs), int(flags))
        stack = X509.X509_Stack()
        for cert in signers:
            stack.push(X509.X509._from_core(cert))
        return stack


def _load(data: bytes, der: bool) -> PKCS7:
    return PKCS7(core.Pkcs7.parse(data, der), 1)


def _read_file(p7file) -> bytes:
    if isinstance(p7file, bytes):
        p7file = p7file.decode()
    try:
        return read_file(p7file)
    except OSError as ex:
        raise BIO.BIOError(ex.args) from None


@_p7_ep("m2crypto.SMIME.load_pkcs7")
def load_pkcs7(p7file: Union[str, bytes]) -> PKCS7:
    return _load(_read_file(p7file), der=False)


@_p7_ep("m2crypto.SMIME.load_pkcs7_der")
def load_pkcs7_der(p7file: Union[str, bytes]) -> PKCS7:
    return _load(_read_file(p7file), der=True)


@_p7_ep("m2crypto.SMIME.load_pkcs7_bio")
def load_pkcs7_bio(p7_bio: BIO.BIO) -> PKCS7:
    return _load(_read_all(p7_bio), der=False)


@_p7_ep("m2crypto.SMIME.load_pkcs7_bio_der")
def load_pkcs7_bio_der(p7_bio: BIO.BIO) -> PKCS7:
    return _load(_read_all(p7_bio), der=True)


def _smime_read(text: bytes) -> Tuple[PKCS7, Optional[BIO.BIO]]:
    p7, content = core.smime_read(text)
    return PKCS7(p7, 1), (None if content is None else _ContentBuffer(content))


@_smime_ep("m2crypto.SMIME.smime_load_pkcs7")
def smime_load_pkcs7(p7file: Union[str, bytes]) -> Tuple[PKCS7, Optional[BIO.BIO]]:
    return _smime_read(_read_file(p7file))


@_smime_ep("m2crypto.SMIME.smime_load_pkcs7_bio")
def smime_load_pkcs7_bio(p7_bio: BIO.BIO) -> Tuple[PKCS7, Optional[BIO.BIO]]:
    return _smime_read(_read_all(p7_bio))


@_smime_ep("m2crypto.SMIME.create_degenerate")
def create_degenerate(cert_stack, bio: BIO.BIO) -> int:
    """Writes a certs-only signedData bag (.p7c, DER) with `cert_stack`."""
    if not isinstance(cert_stack, X509.X509_Stack):
        raise SMIME_Error("cert_stack must be an X509.X509_Stack")
    if not isinstance(bio, BIO.BIO):
        raise SMIME_Error("bio must be a BIO.BIO")
    if len(cert_stack) == 0:
        raise SMIME_Error("cert_stack cannot be empty")
    return _write_all(bio, core.pkcs7_degenerate(_certs(cert_stack)).to_der())


@_smime_ep("m2crypto.SMIME.save_degenerate")
def save_degenerate(cert_stack, filename: Union[str, bytes]) -> int:
    if isinstance(filename, bytes):
        filename = filename.decode("utf-8")
    with BIO.openfile(filename, "wb") as bio:
        return create_degenerate(cert_stack, bio)


@_smime_ep("m2crypto.SMIME.load_certificates")
def load_certificates(filename: Union[str, bytes]):
    """The certificates of a certs-only (.p7c, DER) file, as an X509_Stack."""
    try:
        p7 = load_pkcs7_der(filename)
    except PKCS7_Error as ex:
        raise SMIME_Error(str(ex)) from None
    if p7.type() != PKCS7_SIGNED:
        raise SMIME_Error("Not a degenerate PKCS7 (certs-only) file")
    stack = X509.X509_Stack()
    for cert in p7.pkcs7.certificates():
        stack.push(X509.X509._from_core(cert))
    return stack


@legacy_class("m2crypto.SMIME.Cipher")
class Cipher:
    """A cipher for SMIME.encrypt, named as the m2 getters are ("aes_256_cbc")."""
    cipher = OwnHandle()

    def __init__(self, algo: str) -> None:
        if getattr(m2, algo, None) is None or not callable(getattr(m2, algo)):
            raise ValueError("unknown cipher", algo)
        try:
            self._name = m2c.cipher_name(algo)
        except core.Error:
            raise ValueError("unknown cipher", algo) from None
        reason = m2c.cipher_unsafe_reason(algo, False, "")
        if reason:
            unsafe_operation("m2crypto.SMIME.Cipher", reason)
        self.algo = algo

    def _ptr(self):
        return self


def _verify_callback(store):
    """Adapts an X509_Store's M2Crypto-style callback (ok, X509_Store_Context)
    to the core's (ok, error, depth, certificate) one; None for the default."""
    callback = getattr(store, "_verify_cb", None)
    if callback is None:
        return None

    def call(ok, error, depth, cert):
        verdict = callback(int(ok), _ChainStep(error, depth, cert))
        if verdict and not ok:
            # M2Crypto (and OpenSSL) let the callback overrule a failed
            # check; kept for compatibility, reported (refused under strict).
            unsafe_operation("m2crypto.SMIME.SMIME.verify",
                             "the X509_Store verify callback accepted a certificate that failed "
                             f"verification (X509_V_ERR {error:d} at depth {depth:d})")
        return verdict
    return call


class _ChainStep(X509.X509_Store_Context):
    """What a verify callback receives during SMIME.verify: one step of
    chain building as an X509_Store_Context (so ctx.get_error() and
    m2.x509_store_ctx_get_error(ctx.ctx) both work, as in M2Crypto)."""

    def __init__(self, error: int, depth: int, cert) -> None:
        # Not X509_Store_Context.__init__: this context only reports a step.
        # The rest of a fresh context's state is the class's defaults.
        self._error = error
        self._depth = depth
        self._current = None if cert is None else X509.X509._from_core(cert)
        self._chain = []


@legacy_class("m2crypto.SMIME.SMIME")
class SMIME:
    """Signing, verification, encryption and decryption of S/MIME messages."""

    @_smime_ep("m2crypto.SMIME.SMIME.load_key")
    def load_key(self, keyfile: Union[str, bytes], certfile: Union[str, bytes, None] = None,
                 callback: Callable = util.passphrase_callback) -> None:
        if certfile is None:
            certfile = keyfile
        self.pkey = EVP.load_key(keyfile, callback)
        self.x509 = X509.load_cert(certfile)

    @_smime_ep("m2crypto.SMIME.SMIME.load_key_bio")
    def load_key_bio(self, keybio: BIO.BIO, certbio: Optional[BIO.BIO] = None,
                     callback: Callable = util.passphrase_callback) -> None:
        if certbio is None:
            # One BIO holding both: read it once and give each loader a copy.
            data = _read_all(keybio)
            keybio, certbio = BIO.MemoryBuffer(data), BIO.MemoryBuffer(data)
        self.pkey = EVP.load_key_bio(keybio, callback)
        self.x509 = X509.load_cert_bio(certbio)

    @_smime_ep("m2crypto.SMIME.SMIME.set_x509_stack")
    def set_x509_stack(self, stack) -> None:
        assert isinstance(stack, X509.X509_Stack)
        self.x509_stack = stack

    @_smime_ep("m2crypto.SMIME.SMIME.set_x509_store")
    def set_x509_store(self, store) -> None:
        assert isinstance(store, X509.X509_Store)
        self.x509_store = store

    @_smime_ep("m2crypto.SMIME.SMIME.set_cipher")
    def set_cipher(self, cipher: Cipher) -> None:
        assert isinstance(cipher, Cipher)
        self.cipher = cipher

    @_smime_ep("m2crypto.SMIME.SMIME.unset_key")
    def unset_key(self) -> None:
        del self.pkey
        del self.x509

    @_smime_ep("m2crypto.SMIME.SMIME.unset_x509_stack")
    def unset_x509_stack(self) -> None:
        del self.x509_stack

    @_smime_ep("m2crypto.SMIME.SMIME.unset_x509_store")
    def unset_x509_store(self) -> None:
        del self.x509_store

    @_smime_ep("m2crypto.SMIME.SMIME.unset_cipher")
    def unset_cipher(self) -> None:
        del self.cipher

    @_smime_ep("m2crypto.SMIME.SMIME.encrypt")
    def encrypt(self, data_bio: BIO.BIO, flags: int = 0) -> PKCS7:
        if not hasattr(self, "cipher"):
            raise SMIME_Error("no cipher: use set_cipher()")
        if not hasattr(self, "x509_stack"):
            raise SMIME_Error("no recipient certs: use set_x509_stack()")
        p7 = core.pkcs7_encrypt(_certs(self.x509_stack), _read_all(data_bio), self.cipher._name,
                                int(flags))
        return PKCS7(p7, 1)

    @_p7_ep("m2crypto.SMIME.SMIME.decrypt")
    def decrypt(self, pkcs7: PKCS7, flags: int = 0) -> Optional[bytes]:
        if not hasattr(self, "pkey"):
            raise SMIME_Error("no private key: use load_key()")
        if not hasattr(self, "x509"):
            raise SMIME_Error("no certificate: load_key() used incorrectly?")
        return core.pkcs7_decrypt(pkcs7._ptr(), self.pkey._ptr(), self.x509._cert, int(flags))

    @_smime_ep("m2crypto.SMIME.SMIME.sign")
    def sign(
        self, data_bio: BIO.BIO, flags: int = _DEFAULT_FLAGS, algo: str = _release.DIGEST
    ) -> PKCS7:
        if not hasattr(self, "pkey"):
            raise SMIME_Error("no private key: use load_key()")
        weak = _sign_digest_is_weak.get(algo) if type(algo) is str else None
        if weak is None:
            weak = _accept_sign_digest(algo)
        if weak:
            unsafe_operation("m2crypto.SMIME.SMIME.sign", f"signature digest {algo}")
        extra = _certs(self.x509_stack) if hasattr(self, "x509_stack") else []
        p7 = core.pkcs7_sign(self.x509._cert, self.pkey._ptr(), extra, _read_all(data_bio), algo,
                             int(flags))
        return PKCS7(p7, 1)

    @_p7_ep("m2crypto.SMIME.SMIME.verify")
    def verify(self, pkcs7: PKCS7, data_bio: Optional[BIO.BIO] = None,
               flags: int = 0) -> Optional[bytes]:
        if not hasattr(self, "x509_stack"):
            raise SMIME_Error("no signer certs: use set_x509_stack()")
        if not hasattr(self, "x509_store"):
            raise SMIME_Error("no x509 cert store: use set_x509_store()")
        assert isinstance(pkcs7, PKCS7), "pkcs7 not an instance of PKCS7"
        if flags & (PKCS7_NOVERIFY | PKCS7_NOSIGS):
            unsafe_operation("m2crypto.SMIME.SMIME.verify",
                             "PKCS7_NOVERIFY / PKCS7_NOSIGS skip the signer's chain or signature")
        data = None if data_bio is None else _read_all(data_bio)
        if data:
            # PKCS7_verify reads memory-BIO content through a read-only copy
            # (BIO_new_mem_buf of BIO_get_mem_data), so the caller's BIO keeps
            # it: M2Crypto's own tests verify several times with one BIO.
            _unread(data_bio, data)
        return core.pkcs7_verify(pkcs7._ptr(), _certs(self.x509_stack), self.x509_store._store,
                                 data, int(flags), _verify_callback(self.x509_store))

    @_smime_ep("m2crypto.SMIME.SMIME.write")
    def write(self, out_bio: BIO.BIO, pkcs7: PKCS7, data_bio: Optional[BIO.BIO] = None,
              flags: int = _DEFAULT_FLAGS) -> int:
        data = None if data_bio is None else _read_all(data_bio)
        if data is not None:
            # m2.smime_write_pkcs7_multi: SMIME_write_PKCS7(..., flags | PKCS7_DETACHED),
            # in every release: content given means multipart/signed.
            flags = int(flags) | PKCS7_DETACHED
        return _write_all(out_bio, core.smime_write(pkcs7._ptr(), data, int(flags)))


@_smime_ep("m2crypto.SMIME.text_crlf")
def text_crlf(text: bytes) -> bytes:
    return core.smime_crlf_copy(util.py3bytes(text), PKCS7_TEXT)


@_smime_ep("m2crypto.SMIME.text_crlf_bio")
def text_crlf_bio(bio_in: BIO.BIO) -> BIO.BIO:
    return BIO.MemoryBuffer(core.smime_crlf_copy(_read_all(bio_in), PKCS7_TEXT))
