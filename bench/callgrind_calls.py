#!/usr/bin/env python3
"""Instructions per call of the M2Crypto X509/flat rows under callgrind: a
steady measure on a loaded machine, where timings swing with the other
processes. Each workload runs N and 2N times in separate callgrind processes
(telemetry on, warnings ignored, as bench/run_bench.py runs them); the
difference of the two instruction totals over N is the per-call cost, free of
start-up and import. The first row is the loop alone (a call of an empty
lambda): subtract it for the cost of the call itself.

    python bench/callgrind_calls.py --python .venv/bin/python \\
        --python $CRYPTOSHIM_REAL_M2CRYPTO_PYTHON [--n 20000] [--only get_version]
    python bench/callgrind_calls.py --suite pyopenssl --python .venv/bin/python \\
        --python $CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON --n 2000

The 1 MiB and signing rows are slow under callgrind: run them with --only
and a small --n (20 for the 1 MiB rows, 200 for signing).

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
from M2Crypto import BIO, EVP, RSA, SMIME, X509, m2
fix = pathlib.Path(sys.argv[1])
leaf_pem = (fix / "leaf.pem").read_bytes()
leaf = X509.load_cert_string(leaf_pem)
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

MIB = b"\x5a" * (1 << 20)

def cipher_1mib():
    c = EVP.Cipher("aes_256_cbc", b"k" * 32, b"i" * 16, 1)
    c.update(MIB)
    c.final()

def digest_1mib():
    d = EVP.MessageDigest("sha256")
    d.update(MIB)
    d.final()

def lazy(make):  # keys and signers are made on first use, outside the loop
    box = []
    def call():
        if not box:
            box.append(make())
        return box[0]()
    return call

def make_rsa_sign():
    rsa = RSA.load_key_string((fix / "rsa2048.key").read_bytes())
    dgst = b"d" * 32
    return lambda: rsa.sign(dgst, "sha256")

def make_smime_sign():
    smime = SMIME.SMIME()
    smime.load_key_bio(BIO.MemoryBuffer((fix / "rsa2048.key").read_bytes()),
                       BIO.MemoryBuffer((fix / "intermediate.pem").read_bytes()))
    return lambda: smime.sign(BIO.MemoryBuffer(message))

work = {
    "loop only (lambda: None)": lambda: None,
    "get_version": empty.get_version,
    "get_subject().CN": lambda: leaf.get_subject().CN,
    "read subject + notAfter": read_subject_and_not_after,
    "load_cert_string": lambda: X509.load_cert_string(leaf_pem),
    "bn_to_hex(dec_to_bn)": lambda: m2.bn_to_hex(m2.dec_to_bn(b"123456789012345678901234567890")),
    "bio round trip (1 KiB)": bio_round_trip,
    "EVP.Cipher aes_256_cbc 1 MiB": cipher_1mib,
    "EVP.MessageDigest sha256 1 MiB": digest_1mib,
    "RSA.sign (2048, sha256)": lazy(make_rsa_sign),
    "SMIME.sign (1 KiB, detached)": lazy(make_smime_sign),
}[sys.argv[2]]


def loop(n):  # locals, not module globals: the loop costs the same everywhere
    for _ in range(n):
        work()


work()
loop(int(sys.argv[3]))
"""
WORKLOADS = ("loop only (lambda: None)", "get_version", "get_subject().CN",
             "read subject + notAfter", "load_cert_string", "bn_to_hex(dec_to_bn)",
             "bio round trip (1 KiB)", "EVP.Cipher aes_256_cbc 1 MiB",
             "EVP.MessageDigest sha256 1 MiB", "RSA.sign (2048, sha256)",
             "SMIME.sign (1 KiB, detached)")
# The pyOpenSSL rows run in PYOPENSSL_CHILD (--suite pyopenssl).
PYOPENSSL_CHILD = r"""
import pathlib, sys, warnings
warnings.simplefilter("ignore")
from OpenSSL import crypto
fix = pathlib.Path(sys.argv[1])
leaf_pem = (fix / "leaf.pem").read_bytes()
rsa_pem = (fix / "rsa2048.key").read_bytes()
leaf = crypto.load_certificate(crypto.FILETYPE_PEM, leaf_pem)
ec_key = crypto.load_privatekey(crypto.FILETYPE_PEM, (fix / "p256.key").read_bytes())
data = b"x" * 256
ec_sig = crypto.sign(ec_key, data, "sha256")

work = {
    "loop only (lambda: None)": lambda: None,
    "load PEM certificate": lambda: crypto.load_certificate(crypto.FILETYPE_PEM, leaf_pem),
    "load RSA-2048 private key": lambda: crypto.load_privatekey(crypto.FILETYPE_PEM, rsa_pem),
    "P-256 verify (sha256)": lambda: crypto.verify(leaf, ec_sig, data, "sha256"),
}[sys.argv[2]]


def loop(n):
    for _ in range(n):
        work()


work()
loop(int(sys.argv[3]))
"""
PYOPENSSL_WORKLOADS = ("loop only (lambda: None)", "load PEM certificate",
                       "load RSA-2048 private key", "P-256 verify (sha256)")


def instructions(python: str, fixtures: pathlib.Path, workload: str, n: int,
                 child: str = CHILD) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
        # A fixed hash seed: with a random one, dict probe chains differ from
        # run to run, and the N and 2N runs differ by ~30k instructions that
        # are not the workload's (seen on the 1 MiB rows).
        env["PYTHONHASHSEED"] = "0"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        str(pathlib.Path(python).absolute()), "-c", child, str(fixtures),
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
    parser.add_argument("--suite", choices=("m2crypto", "pyopenssl"), default="m2crypto")
    parser.add_argument("--only", action="append",
                        choices=sorted(set(WORKLOADS) | set(PYOPENSSL_WORKLOADS)))
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from fixtures import write_fixtures

    fixtures = HERE / "_work" / "fixtures"
    fixtures.parent.mkdir(exist_ok=True)
    write_fixtures(fixtures)
    header = f"{'instructions per call':28}" + "".join(
        f"{p[-40:]:>42}" for p in args.python)
    print(header)
    child, workloads = ((PYOPENSSL_CHILD, PYOPENSSL_WORKLOADS) if args.suite == "pyopenssl"
                        else (CHILD, WORKLOADS))
    for workload in args.only or workloads:
        cells = []
        for python in args.python:
            small = instructions(python, fixtures, workload, args.n, child)
            large = instructions(python, fixtures, workload, 2 * args.n, child)
            cells.append(f"{(large - small) / args.n:42.0f}")
        print(f"{workload:28}" + "".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
