"""M2Crypto workloads, run unchanged in a venv with the real M2Crypto 0.51.0
and in one with cryptoshim's drop-in. Prints one JSON object: {workload:
ops/s}; a workload the package cannot run is null (with the error on stderr).
The 1 MiB rows are MiB/s. bench/callgrind_calls.py imports workloads() to
count the instructions of the same calls.

    python workloads_m2crypto.py FIXTURES [BUDGET]
"""
from __future__ import annotations

import pathlib
import sys
from typing import Callable, Dict, Optional

from timing import Rate, script_main

from M2Crypto import BIO, EVP, RSA, SMIME, X509, Rand, m2

MIB = b"\x5a" * (1 << 20)


def workloads(fix: pathlib.Path) -> Dict[str, Callable[[], object]]:
    """{row name: the call it times}, set up on the fixtures in `fix`."""
    leaf_pem = (fix / "leaf.pem").read_bytes()
    signer_pem = (fix / "intermediate.pem").read_bytes()
    rsa_pem = (fix / "rsa2048.key").read_bytes()
    leaf = X509.load_cert_string(leaf_pem)
    rsa = RSA.load_key_string(rsa_pem)
    digest = EVP.MessageDigest("sha256")
    digest.update(b"x" * 256)
    dgst = digest.final()
    sig = rsa.sign(dgst, "sha256")
    key, iv = b"k" * 32, b"i" * 16
    smime = SMIME.SMIME()
    smime.load_key_bio(BIO.MemoryBuffer(rsa_pem), BIO.MemoryBuffer(signer_pem))
    message = b"x" * 1024

    def read_subject_and_not_after():
        leaf.get_subject().as_text()
        str(leaf.get_not_after())

    root = X509.load_cert_string((fix / "root.pem").read_bytes())
    inter = X509.load_cert_string(signer_pem)
    store = X509.X509_Store()
    store.add_x509(root)
    untrusted = X509.X509_Stack()
    untrusted.push(inter)

    def store_context_verify():
        ctx = X509.X509_Store_Context()
        ctx.init(store, leaf, untrusted)
        assert ctx.verify_cert() == 1

    def bio_round_trip():
        bio = m2.bio_new(m2.bio_s_mem())
        m2.bio_write(bio, message)
        m2.bio_read(bio, 2048)
        m2.bio_free(bio)

    def cipher_1mib():
        c = EVP.Cipher("aes_256_cbc", key, iv, 1)
        c.update(MIB)
        c.final()

    def digest_1mib():
        d = EVP.MessageDigest("sha256")
        d.update(MIB)
        d.final()

    # A short message, as hashing loops over records, tokens or headers do:
    # the per-call cost of the layers, not OpenSSL's compression function.
    short = b"\x5a" * 64

    def digest_short():
        d = EVP.MessageDigest("sha256")
        d.update(short)
        d.final()

    def hmac_short():
        h = EVP.HMAC(b"k" * 32, "sha256")
        h.update(short)
        h.final()

    def cipher_short():
        c = EVP.Cipher("aes_256_cbc", key, iv, 1)
        c.update(short)
        c.final()

    return {
        "X509.load_cert_string": lambda: X509.load_cert_string(leaf_pem),
        "read subject + notAfter": read_subject_and_not_after,
        "cert.get_subject().CN": lambda: leaf.get_subject().CN,
        "X509_Store_Context verify 3-cert chain": store_context_verify,
        "m2.bn_to_hex(m2.dec_to_bn(...))": lambda: m2.bn_to_hex(m2.dec_to_bn(b"123456789012345678901234567890")),
        "m2.bio_new/bio_write/bio_read/bio_free (1 KiB)": bio_round_trip,
        "RSA.sign (2048, sha256)": lambda: rsa.sign(dgst, "sha256"),
        "RSA.verify (2048, sha256)": lambda: rsa.verify(dgst, sig, "sha256"),
        "EVP.Cipher aes_256_cbc 1 MiB (MiB/s)": cipher_1mib,
        "EVP.MessageDigest sha256 1 MiB (MiB/s)": digest_1mib,
        "EVP.MessageDigest sha256, 64-byte message": digest_short,
        "EVP.HMAC sha256, 64-byte message": hmac_short,
        "EVP.Cipher aes_256_cbc, 64-byte message": cipher_short,
        "EVP.hmac sha256 (one call), 64-byte message": lambda: EVP.hmac(b"k" * 32, short, "sha256"),
        "Rand.rand_bytes(16)": lambda: Rand.rand_bytes(16),
        "SMIME.sign (1 KiB, detached)": lambda: smime.sign(BIO.MemoryBuffer(message)),
    }


def measure(fix: pathlib.Path, rate: Rate) -> Dict[str, Optional[float]]:
    results: Dict[str, Optional[float]] = {}
    for name, fn in workloads(fix).items():
        try:
            results[name] = rate(fn)
        except Exception as exc:  # a missing API is reported, not fatal
            print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            results[name] = None
    return results


if __name__ == "__main__":
    script_main(measure)
