"""Resident memory held by 100,000 loaded certificates: the same leaf PEM
loaded N times and kept in a list, through pyOpenSSL or M2Crypto (real or
drop-in). Prints {row: MiB} (the growth of VmRSS; lower is better).

    python rss_certs.py pyopenssl|m2crypto FIXTURES [N]
"""
from __future__ import annotations

import gc
import json
import pathlib
import sys


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> None:
    kind, fix = sys.argv[1], pathlib.Path(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    pem = (fix / "leaf.pem").read_bytes()
    if kind == "pyopenssl":
        from OpenSSL import crypto

        def load():
            return crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    else:
        from M2Crypto import X509

        def load():
            return X509.load_cert_string(pem)
    load()  # first-use allocations (caches, warnings registry) before the baseline
    gc.collect()
    before = rss_kib()
    certs = [load() for _ in range(n)]
    gc.collect()
    grown = rss_kib() - before
    assert len(certs) == n
    label = "pyOpenSSL" if kind == "pyopenssl" else "M2Crypto"
    print(json.dumps({f"{label} RSS growth, {n:,} certificates loaded (MiB)": grown / 1024}))


if __name__ == "__main__":
    main()
