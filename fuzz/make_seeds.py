#!/usr/bin/env python3
"""Seed corpora from the shared test data (never copied into the repo):
certificates from x509-limbo, keys from Wycheproof. Writes one folder per
fuzz target under the given output directory."""
import base64
import json
import os
import pathlib
import re
import sys

PEM = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.+?\r?\n-----END \1-----\r?\n?", re.S)


def main() -> int:
    out = pathlib.Path(sys.argv[1])
    data = pathlib.Path(os.environ.get("CRYPTOSHIM_SHARED_DATA",
                                       pathlib.Path(__file__).resolve().parents[2] / "shared" / "data"))
    if not data.is_dir():
        print(f"no shared data at {data}; fuzzers start from empty corpora", file=sys.stderr)
        return 0
    seeds = {name: out / name for name in
             ("fuzz_certificate", "fuzz_private_key", "fuzz_csr", "fuzz_crl", "fuzz_pkcs12", "fuzz_pkcs7")}
    for d in seeds.values():
        d.mkdir(parents=True, exist_ok=True)
    limbo = data / "x509-limbo" / "limbo.json"
    n = 0
    if limbo.exists():
        for case in json.loads(limbo.read_text())["testcases"][:60]:
            for pem in case.get("trusted_certs", []) + [case.get("peer_certificate", "")]:
                if not pem:
                    continue
                raw = pem.encode()
                (seeds["fuzz_certificate"] / f"limbo{n}.pem").write_bytes(raw)
                body = b"".join(raw.splitlines()[1:-1])
                (seeds["fuzz_certificate"] / f"limbo{n}.der").write_bytes(base64.b64decode(body))
                n += 1
    k = 0
    for f in sorted((data / "wycheproof" / "testvectors_v1").glob("*_test.json"))[:40]:
        doc = json.loads(f.read_text())
        for group in doc.get("testGroups", [])[:2]:
            for field in ("privateKeyPem", "publicKeyPem", "keyPem"):
                if field in group:
                    (seeds["fuzz_private_key"] / f"wp{k}.pem").write_text(group[field])
                    k += 1
            for field in ("privateKeyPkcs8", "publicKeyDer", "keyDer"):
                if field in group:
                    (seeds["fuzz_private_key"] / f"wp{k}.der").write_bytes(bytes.fromhex(group[field]))
                    k += 1
    print(f"seeds: {n} certificates, {k} keys in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
