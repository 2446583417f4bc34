#!/usr/bin/env python3
"""Leak check: runs each workload many times through the legacy APIs and
fails when the process's resident set grows by more than the budget.

RSS is read after a warm-up (allocator arenas, OpenSSL's lazily built
tables and the interpreter's caches settle first), then again after the
measured iterations and a gc.collect(). A leak of even a few dozen bytes
per iteration shows up over 100,000 iterations; allocator noise does not
reach 5 MiB.

    leak_check.py                      # every workload, 100,000 iterations
    leak_check.py --iterations 10000   # the reduced count scripts/test.sh uses
    leak_check.py --only sign --json out.json

A workload is one function registered with @workload(name); it gets the
shared fixtures and returns a callable doing one iteration.
"""
import argparse
import gc
import json
import os
import sys
import time
from typing import Callable, Dict

MIB = 1 << 20
WORKLOADS: Dict[str, Callable[[dict], Callable[[], None]]] = {}


def workload(name):
    def register(factory):
        WORKLOADS[name] = factory
        return factory
    return register


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def fixtures() -> dict:
    from OpenSSL import crypto
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 2048)
    cert = crypto.X509()
    cert.get_subject().CN = "leak-check"
    cert.set_issuer(cert.get_subject())
    cert.set_serial_number(7)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.add_extensions([crypto.X509Extension(b"subjectAltName", False, b"DNS:leak.example")])
    cert.sign(key, "sha256")
    return {
        "key": key,
        "key_pem": crypto.dump_privatekey(crypto.FILETYPE_PEM, key),
        "cert": cert,
        "cert_pem": crypto.dump_certificate(crypto.FILETYPE_PEM, cert),
    }


@workload("certificate_load_dump")
def _certificate(fx):
    """pyOpenSSL: parse a PEM certificate, read it, dump it as PEM and DER."""
    from OpenSSL import crypto
    pem = fx["cert_pem"]

    def once():
        cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
        cert.get_subject().CN
        cert.get_extension(0)
        assert crypto.dump_certificate(crypto.FILETYPE_PEM, cert) == pem
        crypto.dump_certificate(crypto.FILETYPE_ASN1, cert)
    return once


@workload("m2_certificate_load_dump")
def _m2_certificate(fx):
    """M2Crypto: the same through X509.load_cert_string / as_pem / as_der."""
    from M2Crypto import X509
    pem = fx["cert_pem"]

    def once():
        cert = X509.load_cert_string(pem)
        assert cert.as_pem() == pem
        cert.as_der()
    return once


@workload("sign")
def _sign(fx):
    """pyOpenSSL: RSA-2048 sign and verify (the failure path too)."""
    from OpenSSL import crypto
    key, cert = fx["key"], fx["cert"]

    def once():
        sig = crypto.sign(key, b"leak check data", "sha256")
        crypto.verify(cert, sig, b"leak check data", "sha256")
        try:
            crypto.verify(cert, sig, b"other data", "sha256")
        except crypto.Error:
            pass
    return once


@workload("m2_sign")
def _m2_sign(fx):
    """M2Crypto: EVP.PKey digest-sign and RSA sign over a digest."""
    import hashlib
    from M2Crypto import RSA
    rsa = RSA.load_key_string(fx["key_pem"])
    digest = hashlib.sha256(b"leak check data").digest()

    def once():
        sig = rsa.sign(digest, "sha256")
        rsa.verify(digest, sig, "sha256")
    return once


@workload("tls_handshake")
def _tls_handshake(fx):
    """pyOpenSSL: a full TLS 1.3 handshake between two Connections over memory
    BIOs (P-256 certificate, verified by the client), then one record each way
    and a shutdown."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from OpenSSL import SSL, crypto
    import datetime
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "leak.example")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("leak.example")]), False)
            .sign(key, hashes.SHA256()))
    server_ctx = SSL.Context(SSL.TLS_METHOD)
    server_ctx.use_privatekey(crypto.PKey.from_cryptography_key(key))
    server_ctx.use_certificate(crypto.X509.from_cryptography(cert))
    client_ctx = SSL.Context(SSL.TLS_METHOD)
    client_ctx.set_verify(SSL.VERIFY_PEER, lambda conn, c, errno, depth, ok: ok)
    store = client_ctx.get_cert_store()
    store.add_cert(crypto.X509.from_cryptography(cert))

    def pump(src, dst):
        try:
            data = src.bio_read(65536)
        except SSL.WantReadError:
            return False
        dst.bio_write(data)
        return True

    def once():
        server, client = SSL.Connection(server_ctx), SSL.Connection(client_ctx)
        server.set_accept_state()
        client.set_connect_state()
        client.set_tlsext_host_name(b"leak.example")
        for _ in range(20):
            for conn in (client, server):
                try:
                    conn.do_handshake()
                except SSL.WantReadError:
                    pass
            moved = pump(client, server) | pump(server, client)
            if not moved:
                break
        client.send(b"ping")
        pump(client, server)
        assert server.recv(16) == b"ping"
        server.send(b"pong")
        pump(server, client)
        assert client.recv(16) == b"pong"
        client.shutdown()
        pump(client, server)
    return once


def measure(name: str, fx: dict, iterations: int) -> dict:
    once = WORKLOADS[name](fx)
    warmup = max(1000, iterations // 20)
    for _ in range(warmup):
        once()
    gc.collect()
    before = rss_bytes()
    start = time.perf_counter()
    for _ in range(iterations):
        once()
    elapsed = time.perf_counter() - start
    gc.collect()
    after = rss_bytes()
    return {"workload": name, "iterations": iterations, "warmup": warmup,
            "rss_before_mib": round(before / MIB, 2), "rss_after_mib": round(after / MIB, 2),
            "growth_mib": round((after - before) / MIB, 3), "seconds": round(elapsed, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--budget-mib", type=float, default=5.0)
    parser.add_argument("--only", action="append", choices=sorted(WORKLOADS))
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    import warnings
    warnings.simplefilter("ignore")  # legacy-API warnings are not under test here
    fx = fixtures()
    results, failed = [], False
    for name in args.only or sorted(WORKLOADS):
        r = measure(name, fx, args.iterations)
        r["ok"] = r["growth_mib"] < args.budget_mib
        failed |= not r["ok"]
        results.append(r)
        print(f"{'ok  ' if r['ok'] else 'LEAK'} {name}: {r['iterations']} iterations in "
              f"{r['seconds']}s, RSS {r['rss_before_mib']} -> {r['rss_after_mib']} MiB "
              f"(+{r['growth_mib']} MiB, budget {args.budget_mib} MiB)", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
