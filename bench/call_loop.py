"""One pyOpenSSL workload called N times, for instruction counts under
callgrind, which load on this shared machine does not move (the timed rows
of run_bench.py do move). Runs unchanged with the drop-in and with either
real pyOpenSSL; instructions per call are (run with N) minus (run of `noop`)
divided by N + 1 (the warm-up call):

    valgrind --tool=callgrind --callgrind-out-file=cg.out \
        PYTHON bench/call_loop.py bench/_work/fixtures load_pem 300
    grep ^summary: cg.out
"""
from __future__ import annotations

import pathlib
import sys

from workloads_tls import _bio_handshake  # the timed rows' own loop

from OpenSSL import SSL, crypto


def workloads(fix: pathlib.Path) -> dict:
    leaf_pem = (fix / "leaf.pem").read_bytes()
    root = crypto.load_certificate(crypto.FILETYPE_PEM, (fix / "root.pem").read_bytes())
    inter = crypto.load_certificate(crypto.FILETYPE_PEM, (fix / "intermediate.pem").read_bytes())
    leaf = crypto.load_certificate(crypto.FILETYPE_PEM, leaf_pem)
    ec_key = crypto.load_privatekey(crypto.FILETYPE_PEM, (fix / "p256.key").read_bytes())
    data = b"x" * 256
    ec_sig = crypto.sign(ec_key, data, "sha256")
    store = crypto.X509Store()
    store.add_cert(root)

    def chain_new_store():
        fresh = crypto.X509Store()
        fresh.add_cert(root)
        crypto.X509StoreContext(fresh, leaf, [inter]).verify_certificate()

    server_ctx = SSL.Context(SSL.TLS_METHOD)
    server_ctx.set_min_proto_version(SSL.TLS1_3_VERSION)
    server_ctx.use_certificate(leaf)
    server_ctx.add_extra_chain_cert(inter)
    server_ctx.use_privatekey(ec_key)
    client_ctx = SSL.Context(SSL.TLS_METHOD)
    client_ctx.set_min_proto_version(SSL.TLS1_3_VERSION)
    client_ctx.load_verify_locations(str(fix / "root.pem"))
    client_ctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errno, depth, ok: ok)

    def handshake():
        """A full TLS 1.3 handshake over memory BIOs, the client verifying."""
        server = SSL.Connection(server_ctx, None)
        server.set_accept_state()
        client = SSL.Connection(client_ctx, None)
        client.set_connect_state()
        _bio_handshake(client, server)

    return {
        "noop": lambda: None,
        "load_pem": lambda: crypto.load_certificate(crypto.FILETYPE_PEM, leaf_pem),
        "p256_verify": lambda: crypto.verify(leaf, ec_sig, data, "sha256"),
        "chain_new_store": chain_new_store,
        "chain": lambda: crypto.X509StoreContext(store, leaf, [inter]).verify_certificate(),
        "handshake": handshake,
    }


def main() -> None:
    fix, name, n = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    fn = workloads(fix)[name]
    for _ in range(n + 1):
        fn()


if __name__ == "__main__":
    main()
