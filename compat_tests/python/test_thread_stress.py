"""Eight threads hashing, signing and verifying through the legacy APIs at
once, with telemetry on: every result is checked against an independent
implementation (hashlib, pyca/cryptography) and every telemetry count must add
up exactly. The long calls run without the GIL, so the threads really do
overlap inside OpenSSL; the last tests check the GIL is in fact released."""
import hashlib
import threading

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from cryptoshim import telemetry
from gil_probe import releases_gil
from M2Crypto import EVP, RSA
from OpenSSL import crypto

THREADS = 8
ROUNDS = 25
# Above the GIL-release threshold (2048 bytes), so updates run without the GIL.
BIG = bytes(range(256)) * 256  # 64 KiB


@pytest.fixture(scope="module")
def keys():
    pkey = crypto.PKey()
    pkey.generate_key(crypto.TYPE_RSA, 2048)
    cert = crypto.X509()
    cert.get_subject().CN = "stress"
    cert.set_issuer(cert.get_subject())
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(pkey)
    cert.sign(pkey, "sha256")
    pem = crypto.dump_privatekey(crypto.FILETYPE_PEM, pkey)
    m2_rsa = RSA.load_key_string(pem)
    public = serialization.load_pem_private_key(pem, password=None).public_key()
    return pkey, cert, m2_rsa, public


@pytest.fixture(autouse=True)
def _telemetry_on():
    telemetry.set_enabled(True)
    telemetry.reset()
    yield
    telemetry.reset()


def _calls(api_id):
    entry = telemetry.snapshot()["apis"].get(api_id)
    return entry["calls"] if entry else 0


def _worker(n, keys, shared_md, errors, barrier):
    pkey, cert, m2_rsa, public = keys
    try:
        barrier.wait()
        for i in range(ROUNDS):
            data = b"%d/%d:" % (n, i) + BIG
            # Hashing: one private digest, one update on the digest all threads share.
            md = EVP.MessageDigest("sha256")
            md.update(data)
            md.update(b"tail")
            assert md.final() == hashlib.sha256(data + b"tail").digest()
            shared_md.update(BIG)
            # pyOpenSSL sign/verify, checked by pyca/cryptography too.
            sig = crypto.sign(pkey, data, "sha256")
            public.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
            assert crypto.verify(cert, sig, data, "sha256") is None
            with pytest.raises(crypto.Error):
                crypto.verify(cert, sig, data + b"x", "sha256")
            # M2Crypto RSA over a digest.
            digest = hashlib.sha256(data).digest()
            m2_sig = m2_rsa.sign(digest, "sha256")
            assert m2_sig == sig  # PKCS#1 v1.5 is deterministic
            assert m2_rsa.verify(digest, m2_sig, "sha256") == 1
            with pytest.raises(RSA.RSAError):
                m2_rsa.verify(hashlib.sha256(b"other").digest(), m2_sig, "sha256")
    except BaseException as exc:  # surfaced by the main thread
        errors.append((n, exc))


def test_eight_threads_results_and_exact_telemetry(keys):
    shared_md = EVP.MessageDigest("sha256")
    telemetry.reset()  # count only the threads' calls
    errors = []
    barrier = threading.Barrier(THREADS)
    threads = [threading.Thread(target=_worker, args=(n, keys, shared_md, errors, barrier))
               for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    # All shared updates were the same chunk, so their order does not matter:
    # a lost or torn update changes the digest.
    total = THREADS * ROUNDS
    assert shared_md.final() == hashlib.sha256(BIG * total).digest()

    expected = {
        "m2crypto.EVP.MessageDigest": total,
        "m2crypto.EVP.MessageDigest.update": 3 * total,
        "m2crypto.EVP.MessageDigest.final": total + 1,
        "pyopenssl.crypto.sign": total,
        "pyopenssl.crypto.verify": 2 * total,
        "m2crypto.RSA.RSA.sign": total,
        "m2crypto.RSA.RSA.verify": 2 * total,
    }
    snapshot = telemetry.snapshot()["apis"]
    actual = {api: snapshot.get(api, {}).get("calls", 0) for api in expected}
    assert actual == expected
    for api in expected:
        entry = snapshot[api]
        assert sum(entry["sites"].values()) + entry["calls_at_dropped_sites"] == entry["calls"]


def _pbkdf2():
    return lambda: EVP.pbkdf2(b"password", b"salt" * 4, 200_000, 32)


def _digest_update():
    md, buf = EVP.MessageDigest("sha512"), bytes(32 << 20)
    return lambda: md.update(buf)


def _cipher_update():
    cipher, buf = EVP.Cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 1), bytes(32 << 20)
    return lambda: cipher.update(buf)


# Each factory prepares its inputs first, so only the call itself is probed.
LONG_CALLS = {"EVP.pbkdf2": _pbkdf2, "MessageDigest.update": _digest_update,
              "Cipher.update": _cipher_update}


@pytest.mark.parametrize("name", sorted(LONG_CALLS))
def test_long_calls_let_other_threads_run(name):
    # No clock: gil_probe decides by whether another thread could run at
    # all before the call returned (see its docstring).
    assert releases_gil(LONG_CALLS[name]()), f"{name} kept the GIL for the whole call"


def test_the_probe_sees_a_call_that_keeps_the_gil():
    # The probe itself must be able to say no: sum() over a big range runs
    # in C without ever releasing the GIL.
    assert not releases_gil(lambda: sum(range(5_000_000)), max_calls=2)
