"""Encrypted keys and PKCS#12 files choose their own key-derivation cost; the
core caps it (core/src/pbe_cost.h: 10,000,000 PBKDF2/PBE iterations, scrypt
N*r*p <= 2^25) and refuses a hostile file before any KDF runs, with each
legacy library's own exception. Also: the GIL is released while a key is
decrypted, and a Python passphrase callback still works from there.

The files are made with the openssl command line at a normal cost, then
their iteration counts are rewritten in the DER (producing them with
``-iter 2000000000`` would itself run the KDF for half an hour)."""
from __future__ import annotations

import base64
import shutil
import subprocess
import threading

import pytest

from cryptoshim import _core
from gil_probe import MAX_CALLS, no_preemptive_gil_switch

OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(OPENSSL is None, reason="needs the openssl command line")
PASS = b"kdf-cost-test"
HUGE = 2**31 - 1
CAP = 10_000_000
PBKDF2_OID = bytes.fromhex("06092a864886f70d01050c")
SCRYPT_OID = bytes.fromhex("06092b06010401da47040b")


# --- a minimal DER reader/writer, enough to rewrite one INTEGER


def _read(der: bytes, pos: int = 0):
    """(tag, header length, content start, end) of the element at pos."""
    tag, first = der[pos], der[pos + 1]
    if first < 0x80:
        return tag, pos + 2, pos + 2 + first
    n = first & 0x7F
    length = int.from_bytes(der[pos + 2:pos + 2 + n], "big")
    return tag, pos + 2 + n, pos + 2 + n + length


def _parse(der: bytes):
    """A tree: (tag, [children]) for constructed elements and for OCTET
    STRINGs that hold exactly one DER element (PKCS#12 nests its contents
    that way), else (tag, bytes)."""
    tag, start, end = _read(der)
    assert end == len(der)
    body = der[start:end]
    if tag & 0x20:
        children, pos = [], 0
        while pos < len(body):
            _, _, child_end = _read(body, pos)
            children.append(_parse(body[pos:child_end]))
            pos = child_end
        return (tag, children)
    if tag == 0x04 and len(body) > 2 and body[0] == 0x30:
        try:
            if _read(body)[2] == len(body):
                return (tag, [_parse(body)])
        except IndexError:
            pass
    return (tag, body)


def _encode(node) -> bytes:
    tag, content = node
    body = b"".join(_encode(c) for c in content) if isinstance(content, list) else content
    n = len(body)
    length = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes(
        (n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + body


def _integer(value: int):
    return (0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _kdf_params(node, oid: bytes, found):
    """Every SEQUENCE { `oid`, SEQUENCE params } in the tree: the params."""
    tag, content = node
    if not isinstance(content, list):
        return found
    if tag == 0x30 and len(content) == 2 and _encode(content[0]) == oid:
        found.append(content[1])
    for child in content:
        _kdf_params(child, oid, found)
    return found


def _set_field(params, index: int, value: int) -> None:
    params[1][index] = _integer(value)


def _openssl(tmp_path, *args) -> bytes:
    subprocess.run([OPENSSL, *args], check=True, capture_output=True, cwd=tmp_path)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("kdf")
    _openssl(d, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem")
    _openssl(d, "req", "-x509", "-key", "key.pem", "-subj", "/CN=kdf", "-days", "2", "-out", "cert.pem")
    return d


def _pkcs8_der(workdir, *kdf_args) -> bytes:
    _openssl(workdir, "pkcs8", "-topk8", "-in", "key.pem", "-outform", "DER", "-passout",
             "pass:" + PASS.decode(), "-out", "p8.der", *kdf_args)
    return (workdir / "p8.der").read_bytes()


def _pbkdf2_key(workdir, iterations: int) -> bytes:
    tree = _parse(_pkcs8_der(workdir, "-v2", "aes-256-cbc", "-iter", "2048"))
    (params,) = _kdf_params(tree, PBKDF2_OID, [])
    _set_field(params, 1, iterations)  # PBKDF2-params: salt, iterationCount, ...
    return _encode(tree)


def _pem(der: bytes) -> bytes:
    b64 = base64.encodebytes(der).replace(b"\n", b"")
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + b"\n".join(lines) + \
        b"\n-----END ENCRYPTED PRIVATE KEY-----\n"


class _Callback:
    """A passphrase callback that records whether it was asked."""

    def __init__(self):
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return PASS


# --- PKCS#8


def test_rewritten_count_is_what_the_core_reads(workdir):
    """The DER rewrite keeps a valid file: at the original count the key
    loads, at one iteration more the KDF derives another key."""
    assert _core.load_private_key(_pbkdf2_key(workdir, 2048), True, PASS).bits == 2048
    with pytest.raises(_core.Error) as info:
        _core.load_private_key(_pbkdf2_key(workdir, 2049), True, PASS)
    assert info.value.code == "bad_password"


def test_pyopenssl_refuses_a_huge_pbkdf2_count_before_asking(workdir):
    from OpenSSL import crypto

    callback = _Callback()
    with pytest.raises(crypto.Error) as info:
        crypto.load_privatekey(crypto.FILETYPE_PEM, _pem(_pbkdf2_key(workdir, HUGE)), callback)
    message = str(info.value)
    assert f"PBKDF2 iteration count {HUGE} exceeds the limit of {CAP}" in message
    assert callback.calls == 0  # refused before the passphrase and the KDF


@pytest.mark.parametrize("der", [False, True])
def test_one_over_the_cap_is_refused(workdir, der):
    data = _pbkdf2_key(workdir, CAP + 1)
    with pytest.raises(_core.Error) as info:
        _core.load_private_key(data if der else _pem(data), der, PASS)
    assert info.value.code == "policy" and f"count {CAP + 1} exceeds" in str(info.value)


def test_m2crypto_refuses_a_huge_pbkdf2_count(workdir):
    from M2Crypto import RSA
    callback = _Callback()
    with pytest.raises(RSA.RSAError) as info:
        RSA.load_key_string(_pem(_pbkdf2_key(workdir, HUGE)), callback)
    assert "exceeds the limit" in str(info.value)
    assert callback.calls == 0


def test_a_huge_count_in_a_later_block_is_refused(workdir):
    plain = (workdir / "key.pem").read_bytes()
    with pytest.raises(_core.Error, match="exceeds the limit"):
        _core.load_private_key(plain + _pem(_pbkdf2_key(workdir, HUGE)), False, PASS)


def test_scrypt_cost_is_capped(workdir):
    try:
        der = _pkcs8_der(workdir, "-scrypt", "-scrypt_N", "1024", "-scrypt_r", "8", "-scrypt_p", "1")
    except subprocess.CalledProcessError:
        pytest.skip("this openssl cannot write scrypt PKCS#8")
    assert _core.load_private_key(der, True, PASS).bits == 2048
    tree = _parse(der)
    (params,) = _kdf_params(tree, SCRYPT_OID, [])
    _set_field(params, 3, 2**20)  # scrypt-params: salt, N, r, p: p = 2^20 -> N*r*p = 2^33
    with pytest.raises(_core.Error) as info:
        _core.load_private_key(_encode(tree), True, PASS)
    assert info.value.code == "policy" and "scrypt cost" in str(info.value)


# --- PKCS#12


def _p12(workdir, password: bytes, *extra) -> bytes:
    # `extra` first: openssl 3.0 writes the certificates unencrypted when
    # -nomac follows -certpbe.
    _openssl(workdir, "pkcs12", "-export", *extra, "-inkey", "key.pem", "-in", "cert.pem",
             "-passout", "pass:" + password.decode(), "-certpbe", "AES-256-CBC", "-keypbe",
             "AES-256-CBC", "-out", "f.p12")
    return (workdir / "f.p12").read_bytes()


def test_pkcs12_mac_iterations_are_capped(workdir):
    from OpenSSL import crypto

    tree = _parse(_p12(workdir, PASS))
    mac_data = tree[1][2]  # PFX: version, authSafe, macData {mac, macSalt, iterations}
    mac_data[1][2] = _integer(HUGE)
    with pytest.raises(crypto.Error) as info:
        crypto.load_pkcs12(_encode(tree), PASS)
    assert f"PKCS#12 MAC iteration count {HUGE} exceeds" in str(info.value)


@pytest.mark.parametrize("which", [0, 1], ids=["certificate-safe", "key-bag"])
def test_pkcs12_encryption_iterations_are_capped(workdir, which):
    # -nomac: nothing stops the parser before the decryptions, so each
    # PBKDF2 count (the encrypted certificate safe, the shrouded key bag)
    # is checked on its own. (OpenSSL 3.0 reads a file without a MAC only
    # with the empty password.)
    tree = _parse(_p12(workdir, b"", "-nomac"))
    contents = _core.pkcs12_parse(_encode(tree), None)
    assert contents[0] is not None and contents[1] is not None
    params = _kdf_params(tree, PBKDF2_OID, [])
    assert len(params) == 2
    _set_field(params[which], 1, HUGE)
    with pytest.raises(_core.Error) as info:
        _core.pkcs12_parse(_encode(tree), None)
    assert info.value.code == "policy" and f"PBKDF2 iteration count {HUGE}" in str(info.value)


# --- the GIL


def _observer_ran_during_kdf(data: bytes) -> bool:
    asked, finished = threading.Event(), threading.Event()
    seen = []

    def observe():
        asked.wait()
        seen.append(not finished.is_set())

    calls = []

    def callback(*args):
        calls.append(args)
        asked.set()
        return PASS

    observer = threading.Thread(target=observe)
    with no_preemptive_gil_switch():
        observer.start()
        try:
            with pytest.raises(_core.Error) as info:  # the count was rewritten: wrong key
                _core.load_private_key(data, False, callback)
        finally:
            finished.set()
            asked.set()
            observer.join()
    assert info.value.code == "bad_password"
    assert len(calls) == 1
    return seen[0]


def test_key_decryption_releases_the_gil(workdir):
    """Another thread runs Python while a 300,000-iteration PBKDF2 runs, and
    the Python passphrase callback (called from there, with the GIL taken
    back) works.

    The callback runs inside the load just before the KDF. It wakes an
    observer thread; under gil_probe's no-preemption switch interval that
    thread can only run before the load returns if the load lets go of the
    GIL after the callback, that is, for the KDF. No clock is involved; a
    held GIL fails every attempt, however many are made."""
    data = _pem(_pbkdf2_key(workdir, 300_000))
    # any() stops at the first load the observer ran during.
    ran = any(_observer_ran_during_kdf(data) for _ in range(MAX_CALLS))
    assert ran, "the key load kept the GIL through the KDF"
