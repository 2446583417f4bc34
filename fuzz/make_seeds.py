#!/usr/bin/env python3
"""Seed corpora, one folder per fuzz target under the given output directory.

Nothing binary is committed: certificates and CRLs come from x509-limbo, keys
from Wycheproof (both in the shared test data, never copied into the repo),
and the containers the shared data lacks (encrypted keys, CSRs, PKCS#12,
PKCS#7, SPKAC) are generated here with the openssl command line from freshly
generated keys. Existing corpus files are kept (the corpora are persistent).
"""
import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

# Shared with fuzz_private_key_passphrase.cc and fuzz_pkcs12.cc.
FUZZ_PASSPHRASE = "fuzz-passphrase"
TARGETS = ("fuzz_certificate", "fuzz_private_key", "fuzz_private_key_passphrase", "fuzz_public_key",
           "fuzz_csr", "fuzz_crl", "fuzz_pkcs12", "fuzz_pkcs7", "fuzz_x509_name", "fuzz_smime",
           "fuzz_limbo_chain", "fuzz_m2_params")


def pem_to_der(pem: str) -> bytes:
    lines = [l for l in pem.strip().splitlines() if not l.startswith("-----")]
    return base64.b64decode("".join(lines))


def tlv(buf: bytes, pos: int):
    """(tag, start of value, end of value) of the DER element at pos."""
    tag, length = buf[pos], buf[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(buf[pos:pos + n], "big")
        pos += n
    return tag, pos, pos + length


def names_of_certificate(der: bytes):
    """The issuer and subject Name DER of a certificate."""
    _, cert, _ = tlv(der, 0)
    _, pos, tbs_end = tlv(der, cert)
    fields = []
    while pos < tbs_end and len(fields) < 6:
        tag, start, end = tlv(der, pos)
        fields.append((tag, pos, end))
        pos = end
    if fields and fields[0][0] == 0xA0:  # explicit version
        fields = fields[1:]
    # serial, signature, issuer, validity, subject
    return [der[s:e] for _, s, e in (fields[2], fields[4])]


def from_shared_data(data: pathlib.Path, seeds) -> str:
    counts = {"certificates": 0, "crls": 0, "keys": 0, "names": 0}
    limbo = data / "x509-limbo" / "limbo.json"
    if limbo.exists():
        cases = json.loads(limbo.read_text())["testcases"]
        for case in cases[:60]:
            for pem in case.get("trusted_certs", []) + [case.get("peer_certificate", "")]:
                if not pem:
                    continue
                n = counts["certificates"]
                der = pem_to_der(pem)
                (seeds["fuzz_certificate"] / f"limbo{n}.pem").write_text(pem)
                (seeds["fuzz_certificate"] / f"limbo{n}.der").write_bytes(der)
                for i, name in enumerate(names_of_certificate(der)):
                    (seeds["fuzz_x509_name"] / f"limbo{n}-{i}.der").write_bytes(name)
                    counts["names"] += 1
                counts["certificates"] += 1
        for n, case in enumerate(cases):
            # fuzz_limbo_chain reads "anchor, intermediates..., end-entity".
            chain = (case.get("trusted_certs") or [])[:1] + (case.get("untrusted_intermediates") or []) + \
                [case.get("peer_certificate") or ""]
            (seeds["fuzz_limbo_chain"] / f"case{n}.pem").write_text("\n".join(chain))
            for pem in case.get("crls") or []:
                n = counts["crls"]
                (seeds["fuzz_crl"] / f"limbo{n}.pem").write_text(pem)
                (seeds["fuzz_crl"] / f"limbo{n}.der").write_bytes(pem_to_der(pem))
                counts["crls"] += 1
    for f in sorted((data / "wycheproof" / "testvectors_v1").glob("*_test.json"))[:40]:
        doc = json.loads(f.read_text())
        for group in doc.get("testGroups", [])[:2]:
            for field, target in (("privateKeyPem", "fuzz_private_key"), ("publicKeyPem", "fuzz_public_key"),
                                  ("keyPem", "fuzz_public_key")):
                if field in group:
                    (seeds[target] / f"wp{counts['keys']}.pem").write_text(group[field])
                    counts["keys"] += 1
            for field, target in (("privateKeyPkcs8", "fuzz_private_key"), ("publicKeyDer", "fuzz_public_key"),
                                  ("keyDer", "fuzz_public_key")):
                if field in group:
                    (seeds[target] / f"wp{counts['keys']}.der").write_bytes(bytes.fromhex(group[field]))
                    counts["keys"] += 1
    return ", ".join(f"{v} {k}" for k, v in counts.items())


def generated(seeds) -> str:
    openssl = shutil.which("openssl")
    if not openssl:
        return "no openssl command: no generated containers"
    pw = f"pass:{FUZZ_PASSPHRASE}"
    made = 0
    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)

        def run(*args, out=None):
            nonlocal made
            subprocess.run([openssl, *args], check=True, capture_output=True, cwd=tmp)
            if out:
                made += 1

        def put(target, name, path):
            shutil.copyfile(t / path, seeds[target] / name)

        keys = {"rsa": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
                "ec": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
                "ed25519": ["-algorithm", "ED25519"]}
        for kind, opts in keys.items():
            run("genpkey", *opts, "-out", f"{kind}.pem")
            put("fuzz_private_key", f"gen-{kind}.pem", f"{kind}.pem")
            # Encrypted: PEM PKCS#8 (PBES2), traditional PEM with DEK-Info,
            # DER PKCS#8 with PBES2 and with the PKCS#12 PBE (PBES1 style).
            run("pkcs8", "-topk8", "-in", f"{kind}.pem", "-v2", "aes-128-cbc", "-passout", pw,
                "-out", f"{kind}-p8.pem", out=True)
            run("pkcs8", "-topk8", "-in", f"{kind}.pem", "-v2", "aes-256-cbc", "-passout", pw,
                "-outform", "DER", "-out", f"{kind}-p8.der", out=True)
            run("pkcs8", "-topk8", "-in", f"{kind}.pem", "-v1", "PBE-SHA1-3DES", "-passout", pw,
                "-outform", "DER", "-out", f"{kind}-p8v1.der", out=True)
            for name in (f"{kind}-p8.pem", f"{kind}-p8.der", f"{kind}-p8v1.der"):
                put("fuzz_private_key_passphrase", name, name)
            if kind != "ed25519":
                run("pkey", "-in", f"{kind}.pem", "-traditional", "-aes256", "-passout", pw,
                    "-out", f"{kind}-trad.pem", out=True)
                put("fuzz_private_key_passphrase", f"{kind}-trad.pem", f"{kind}-trad.pem")
            run("pkey", "-in", f"{kind}.pem", "-pubout", "-out", f"{kind}-pub.pem", out=True)
            put("fuzz_public_key", f"gen-{kind}-pub.pem", f"{kind}-pub.pem")
            # A CSR with extensions, and a self-signed certificate for the containers.
            run("req", "-new", "-key", f"{kind}.pem", "-subj", f"/CN={kind}.example/O=fuzz",
                "-addext", f"subjectAltName=DNS:{kind}.example", "-out", f"{kind}.csr", out=True)
            run("req", "-in", f"{kind}.csr", "-outform", "DER", "-out", f"{kind}.csr.der", out=True)
            put("fuzz_csr", f"{kind}.pem", f"{kind}.csr")
            put("fuzz_csr", f"{kind}.der", f"{kind}.csr.der")
            run("req", "-x509", "-key", f"{kind}.pem", "-subj", f"/CN={kind}.example", "-days", "30",
                "-out", f"{kind}.crt")
            for p12, extra in (("pw", ["-passout", pw]), ("nopw", ["-passout", "pass:"]),
                               ("legacy", ["-passout", pw, "-legacy"])):
                try:
                    run("pkcs12", "-export", "-inkey", f"{kind}.pem", "-in", f"{kind}.crt",
                        "-name", "fuzz", *extra, "-out", f"{kind}-{p12}.p12", out=True)
                    put("fuzz_pkcs12", f"{kind}-{p12}.p12", f"{kind}-{p12}.p12")
                except subprocess.CalledProcessError:
                    pass  # -legacy needs the legacy provider
            run("crl2pkcs7", "-nocrl", "-certfile", f"{kind}.crt", "-out", f"{kind}.p7b", out=True)
            run("crl2pkcs7", "-nocrl", "-certfile", f"{kind}.crt", "-outform", "DER",
                "-out", f"{kind}.p7b.der", out=True)
            (t / "msg.txt").write_text("fuzz message\n")
            for name in (f"{kind}.p7b", f"{kind}.p7b.der"):
                put("fuzz_pkcs7", name, name)
            if kind != "ed25519":  # PKCS#7 signing has no Ed25519
                run("smime", "-sign", "-in", "msg.txt", "-signer", f"{kind}.crt", "-inkey", f"{kind}.pem",
                    "-outform", "DER", "-nodetach", "-out", f"{kind}-signed.p7.der", out=True)
                put("fuzz_pkcs7", f"{kind}-signed.p7.der", f"{kind}-signed.p7.der")
                for mode in ("-nodetach", "-text"):
                    run("smime", "-sign", "-in", "msg.txt", "-signer", f"{kind}.crt", "-inkey", f"{kind}.pem",
                        mode, "-out", f"{kind}{mode}.smime", out=True)
                    put("fuzz_smime", f"{kind}{mode}.smime", f"{kind}{mode}.smime")
        run("rsa", "-in", "rsa.pem", "-RSAPublicKey_out", "-out", "rsa-pkcs1.pem", out=True)
        put("fuzz_public_key", "gen-rsa-pkcs1.pem", "rsa-pkcs1.pem")
        run("spkac", "-key", "rsa.pem", "-challenge", "fuzz", "-out", "spkac.txt", out=True)
        spkac = (t / "spkac.txt").read_text().strip().removeprefix("SPKAC=")
        (seeds["fuzz_public_key"] / "spkac.b64").write_text(spkac)
        # Domain parameters for fuzz_m2_params: PKCS#3 DH (generator 2 and 5),
        # X9.42 DH (with q), and DSA; small sizes keep seed time short.
        params = {"dh-pkcs3-g2": ["-genparam", "-algorithm", "DH", "-pkeyopt", "dh_paramgen_prime_len:512"],
                  "dh-pkcs3-g5": ["-genparam", "-algorithm", "DH", "-pkeyopt", "dh_paramgen_prime_len:512",
                                  "-pkeyopt", "dh_paramgen_generator:5"],
                  "dh-x942": ["-genparam", "-algorithm", "DHX", "-pkeyopt", "dh_paramgen_prime_len:1024",
                              "-pkeyopt", "dh_paramgen_subprime_len:160"],
                  "dh-ffdhe2048": ["-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048"],
                  "dsa-1024": ["-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:1024",
                               "-pkeyopt", "dsa_paramgen_q_bits:160"],
                  "dsa-2048": ["-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048"]}
        for name, opts in params.items():
            run("genpkey", *opts, "-out", f"{name}.pem", out=True)
            put("fuzz_m2_params", f"{name}.pem", f"{name}.pem")
        # A DSA key file: its PEM body is not "DSA PARAMETERS", so the reader must refuse it.
        run("genpkey", "-paramfile", "dsa-1024.pem", "-out", "dsa-key.pem", out=True)
        put("fuzz_m2_params", "dsa-key.pem", "dsa-key.pem")
    return f"{made} generated containers"


def main() -> int:
    out = pathlib.Path(sys.argv[1])
    seeds = {name: out / name for name in TARGETS}
    for d in seeds.values():
        d.mkdir(parents=True, exist_ok=True)
    data = pathlib.Path(os.environ.get("CRYPTOSHIM_SHARED_DATA",
                                       pathlib.Path(__file__).resolve().parents[2] / "shared" / "data"))
    if data.is_dir():
        shared = from_shared_data(data, seeds)
    else:
        shared = f"no shared data at {data}"
    print(f"seeds in {out}: {shared}; {generated(seeds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
