"""pyOpenSSL workloads, run unchanged in a venv with the real pyOpenSSL and in
one with cryptoshim's drop-in. Prints one JSON object: {workload: ops/s}.

    python workloads_pyopenssl.py FIXTURES [BUDGET]
"""
from __future__ import annotations

import pathlib
from typing import Dict, Optional

from timing import Rate, script_main

from OpenSSL import crypto


def measure(fix: pathlib.Path, rate: Rate) -> Dict[str, Optional[float]]:
    leaf_pem = (fix / "leaf.pem").read_bytes()
    root = crypto.load_certificate(crypto.FILETYPE_PEM, (fix / "root.pem").read_bytes())
    inter = crypto.load_certificate(crypto.FILETYPE_PEM, (fix / "intermediate.pem").read_bytes())
    leaf = crypto.load_certificate(crypto.FILETYPE_PEM, leaf_pem)
    rsa_pem = (fix / "rsa2048.key").read_bytes()
    rsa_key = crypto.load_privatekey(crypto.FILETYPE_PEM, rsa_pem)
    ec_key = crypto.load_privatekey(crypto.FILETYPE_PEM, (fix / "p256.key").read_bytes())
    data = b"x" * 256
    rsa_sig = crypto.sign(rsa_key, data, "sha256")
    ec_sig = crypto.sign(ec_key, data, "sha256")

    def read_subject_and_extensions():
        leaf.get_subject().CN
        for i in range(leaf.get_extension_count()):
            ext = leaf.get_extension(i)
            ext.get_short_name()
            ext.get_data()

    def verify_chain():
        store = crypto.X509Store()
        store.add_cert(root)
        crypto.X509StoreContext(store, leaf, [inter]).verify_certificate()

    store = crypto.X509Store()
    store.add_cert(root)

    def verify_prebuilt_store():
        crypto.X509StoreContext(store, leaf, [inter]).verify_certificate()

    results = {
        "load PEM certificate": rate(lambda: crypto.load_certificate(crypto.FILETYPE_PEM, leaf_pem)),
        "read subject + extensions": rate(read_subject_and_extensions),
        "get_subject().CN": rate(lambda: leaf.get_subject().CN),
        "dump certificate (PEM)": rate(lambda: crypto.dump_certificate(crypto.FILETYPE_PEM, leaf)),
        "load RSA-2048 private key": rate(lambda: crypto.load_privatekey(crypto.FILETYPE_PEM, rsa_pem)),
        "RSA-2048 sign (sha256)": rate(lambda: crypto.sign(rsa_key, data, "sha256")),
        "RSA-2048 verify (sha256)": rate(lambda: crypto.verify(inter, rsa_sig, data, "sha256")),
        "P-256 sign (sha256)": rate(lambda: crypto.sign(ec_key, data, "sha256")),
        "P-256 verify (sha256)": rate(lambda: crypto.verify(leaf, ec_sig, data, "sha256")),
        "verify 3-cert chain (new X509Store each time)": rate(verify_chain),
        "X509StoreContext(store, leaf, [inter]).verify_certificate()": rate(verify_prebuilt_store),
    }
    return results


if __name__ == "__main__":
    script_main(measure)
