#!/usr/bin/env python3
"""Instructions per call of the M2Crypto X509/flat rows (or, with
--lib pyopenssl, the pyOpenSSL verification rows) under callgrind: a
steady measure on a loaded machine, where timings swing with the other
processes. Each workload runs N and 2N times in separate callgrind processes
(telemetry on, warnings ignored, as bench/run_bench.py runs them); the
difference of the two instruction totals over N is the per-call cost, free of
start-up and import. The first row is the loop alone (a call of an empty
lambda): subtract it for the cost of the call itself.

    python bench/callgrind_calls.py --python .venv/bin/python \\
        --python $CRYPTOSHIM_REAL_M2CRYPTO_PYTHON [--n 20000] [--only get_version]
    python bench/callgrind_calls.py --lib pyopenssl --python .venv/bin/python \
        --python $CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON --n 2000

Prints one table, a column per interpreter. Needs valgrind.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent

# Run inside the measured interpreter: argv = fixtures dir, workload, n.
CHILD = r"""
import pathlib, sys, warnings
warnings.simplefilter("ignore")
from M2Crypto import RSA, X509, m2
fix = pathlib.Path(sys.argv[1])
leaf_pem = (fix / "leaf.pem").read_bytes()
leaf = X509.load_cert_string(leaf_pem)
store = X509.X509_Store()
store.add_x509(X509.load_cert_string((fix / "root.pem").read_bytes()))
untrusted = X509.X509_Stack()
untrusted.push(X509.load_cert_string((fix / "intermediate.pem").read_bytes()))
rsa = RSA.load_key_string((fix / "rsa2048.key").read_bytes())
dgst = b"d" * 32
sig = rsa.sign(dgst, "sha256")
empty = X509.X509()
message = b"x" * 1024

def bio_round_trip():
    bio = m2.bio_new(m2.bio_s_mem())
    m2.bio_write(bio, message)
    m2.bio_read(bio, 2048)
    m2.bio_free(bio)

def read_subject_and_not_after():
    leaf.get_subject().as_text()
    str(leaf.get_not_after())

def store_context_verify():  # as bench/workloads_m2crypto.py
    ctx = X509.X509_Store_Context()
    ctx.init(store, leaf, untrusted)
    assert ctx.verify_cert() == 1

work = {
    "loop only (lambda: None)": lambda: None,
    "get_version": empty.get_version,
    "get_subject().CN": lambda: leaf.get_subject().CN,
    "read subject + notAfter": read_subject_and_not_after,
    "load_cert_string": lambda: X509.load_cert_string(leaf_pem),
    "bn_to_hex(dec_to_bn)": lambda: m2.bn_to_hex(m2.dec_to_bn(b"123456789012345678901234567890")),
    "bio round trip (1 KiB)": bio_round_trip,
    "X509_Store_Context verify": store_context_verify,
    "RSA.verify": lambda: rsa.verify(dgst, sig, "sha256"),
}[sys.argv[2]]


def loop(n):  # locals, not module globals: the loop costs the same everywhere
    for _ in range(n):
        work()


work()
loop(int(sys.argv[3]))
"""
PYOPENSSL_CHILD = r"""
import pathlib, sys, warnings
warnings.simplefilter("ignore")
from OpenSSL import crypto
fix = pathlib.Path(sys.argv[1])
def load(name):
    return crypto.load_certificate(crypto.FILETYPE_PEM, (fix / name).read_bytes())
root, inter, leaf = load("root.pem"), load("intermediate.pem"), load("leaf.pem")
store = crypto.X509Store()
store.add_cert(root)

def verify_chain():  # as bench/workloads_pyopenssl.py
    s = crypto.X509Store()
    s.add_cert(root)
    crypto.X509StoreContext(s, leaf, [inter]).verify_certificate()

work = {
    "loop only (lambda: None)": lambda: None,
    "verify, prebuilt store": lambda: crypto.X509StoreContext(store, leaf, [inter]).verify_certificate(),
    "verify, new store": verify_chain,
}[sys.argv[2]]


def loop(n):
    for _ in range(n):
        work()


work()
loop(int(sys.argv[3]))
"""
WORKLOADS = {
    "m2crypto": ("loop only (lambda: None)", "get_version", "get_subject().CN",
                 "read subject + notAfter", "load_cert_string", "bn_to_hex(dec_to_bn)",
                 "bio round trip (1 KiB)", "X509_Store_Context verify", "RSA.verify"),
    "pyopenssl": ("loop only (lambda: None)", "verify, prebuilt store", "verify, new store"),
}
CHILDREN = {"m2crypto": CHILD, "pyopenssl": PYOPENSSL_CHILD}


def instructions(python: str, lib: str, fixtures: pathlib.Path, workload: str, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        str(pathlib.Path(python).absolute()), "-c", CHILDREN[lib], str(fixtures),
                        workload, str(n)],
                       check=True, capture_output=True, env=env, cwd=HERE)
        summary = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
        if summary is None:
            raise RuntimeError(f"no callgrind summary for {workload}")
        return int(summary.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", action="append", required=True, help="repeatable")
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--lib", choices=sorted(WORKLOADS), default="m2crypto")
    parser.add_argument("--only", action="append",
                        choices=sorted({w for names in WORKLOADS.values() for w in names}))
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from fixtures import write_fixtures

    fixtures = HERE / "_work" / "fixtures"
    fixtures.parent.mkdir(exist_ok=True)
    write_fixtures(fixtures)
    header = f"{'instructions per call':28}" + "".join(
        f"{p[-40:]:>42}" for p in args.python)
    print(header)
    for workload in args.only or WORKLOADS[args.lib]:
        if workload not in WORKLOADS[args.lib]:
            parser.error(f"{workload!r} is not a {args.lib} workload")
        cells = []
        for python in args.python:
            small = instructions(python, args.lib, fixtures, workload, args.n)
            large = instructions(python, args.lib, fixtures, workload, 2 * args.n)
            cells.append(f"{(large - small) / args.n:42.0f}")
        print(f"{workload:28}" + "".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
