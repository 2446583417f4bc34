"""python-javatools signs and verifies JARs through M2Crypto (javatools.crypto:
SMIME sign/verify, PKCS#7 from DER, get0_signers, an X509_Store verify
callback, RSA/DSA/EC.load_key). No javatools release ships its own tests, so
this drives its public API the way its CLI does, and the same file runs with
the drop-in and with the real M2Crypto (run_downstream.py --compare).

Keys and certificates are made at run time with the openssl CLI.
"""
from __future__ import annotations

import pathlib
import subprocess
import zipfile

import pytest
from javatools import crypto, jarutil


def openssl(*args: str | pathlib.Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)


def self_signed(tmp: pathlib.Path, name: str, newkey: str, *ext: str) -> tuple:
    key, cert = tmp / f"{name}-key.pem", tmp / f"{name}.pem"
    extensions = [a for e in ext for a in ("-addext", e)]
    openssl("req", "-x509", "-newkey", newkey, "-nodes", "-keyout", key, "-out", cert,
            "-days", "30", "-subj", f"/CN={name}", *extensions)
    return cert, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("pki")
    made = {
        "rsa": self_signed(tmp, "rsa", "rsa:2048"),
        "other": self_signed(tmp, "other", "rsa:2048"),
        # EKU without emailProtection and no keyUsage: PKCS7_verify reports
        # INVALID_PURPOSE and javatools' verify callback accepts it.
        "codesign": self_signed(tmp, "codesign", "rsa:2048", "extendedKeyUsage=codeSigning"),
        # keyUsage without digitalSignature: the callback keeps the failure.
        "wrong-ku": self_signed(tmp, "wrong-ku", "rsa:2048", "extendedKeyUsage=codeSigning",
                                "keyUsage=keyEncipherment"),
    }
    ec_key, ec_cert = tmp / "ec-key.pem", tmp / "ec.pem"
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ec_key)
    openssl("req", "-x509", "-new", "-key", ec_key, "-out", ec_cert, "-days", "30",
            "-subj", "/CN=ec")
    made["ec"] = (ec_cert, ec_key)
    dsa_params, dsa_key = tmp / "dsa-params.pem", tmp / "dsa-key.pem"
    openssl("dsaparam", "-out", dsa_params, "2048")
    openssl("gendsa", "-out", dsa_key, dsa_params)
    made["dsa-key"] = dsa_key
    # A root and a leaf it signed: the leaf signs, the root is trusted.
    root_cert, root_key = self_signed(tmp, "root", "rsa:2048",
                                      "basicConstraints=critical,CA:TRUE", "keyUsage=keyCertSign")
    leaf_key, leaf_csr, leaf_cert = tmp / "leaf-key.pem", tmp / "leaf.csr", tmp / "leaf.pem"
    openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", leaf_key, "-out", leaf_csr,
            "-subj", "/CN=leaf")
    openssl("x509", "-req", "-in", leaf_csr, "-CA", root_cert, "-CAkey", root_key,
            "-CAcreateserial", "-out", leaf_cert, "-days", "30")
    made["root"], made["leaf"] = (root_cert, root_key), (leaf_cert, leaf_key)
    return made


@pytest.fixture
def jar(tmp_path, monkeypatch) -> pathlib.Path:
    # create_jar stores entries under the paths it is given: relative ones.
    monkeypatch.chdir(tmp_path)
    pathlib.Path("data").mkdir()
    pathlib.Path("data/hello.txt").write_bytes(b"hello, javatools\n" * 50)
    pathlib.Path("data/empty.bin").write_bytes(b"")
    jarutil.create_jar("plain.jar", ["data"])
    return tmp_path / "plain.jar"


def signed_entries(jar_file: pathlib.Path) -> list[str]:
    with zipfile.ZipFile(jar_file) as z:
        return sorted(n for n in z.namelist() if n.startswith("META-INF/"))


@pytest.mark.parametrize("kind, expected", [("rsa", "RSA"), ("ec", "EC")])
def test_private_key_type(pki, kind, expected):
    assert crypto.private_key_type(str(pki[kind][1])) == expected


def test_private_key_type_dsa(pki):
    assert crypto.private_key_type(str(pki["dsa-key"])) == "DSA"


def test_private_key_type_of_a_certificate(pki):
    # RSA and DSA refuse with their own errors, which javatools catches; EC's
    # load_key raises IOError (OSError), which it does not.
    with pytest.raises(OSError, match="Cannot read EC key pair from PEM file"):
        crypto.private_key_type(str(pki["rsa"][0]))


@pytest.mark.parametrize("kind, block", [("rsa", "RSA"), ("ec", "EC")])
@pytest.mark.parametrize("digest", ["SHA-256", "SHA-512", "SHA1"])
def test_sign_then_verify(pki, jar, kind, block, digest):
    cert, key = pki[kind]
    jarutil.sign(str(jar), str(cert), str(key), "signer", digest=digest)
    assert signed_entries(jar) == ["META-INF/", "META-INF/MANIFEST.MF", f"META-INF/signer.{block}",
                                   "META-INF/signer.SF"]
    assert jarutil.verify(str(cert), str(jar)) is None


def test_signature_block_round_trip(pki):
    cert, key = pki["rsa"]
    data = b"Signature-Version: 1.0\r\n\r\n" * 3
    block = crypto.create_signature_block("sha256", str(cert), str(key), None, data)
    assert block[:1] == b"\x30"  # DER SEQUENCE
    assert crypto.verify_signature_block(str(cert), data, block) is None
    with pytest.raises(crypto.SignatureBlockVerificationError):
        crypto.verify_signature_block(str(cert), data + b"x", block)


def test_verify_with_an_untrusted_certificate_fails(pki, jar):
    cert, key = pki["rsa"]
    jarutil.sign(str(jar), str(cert), str(key), "signer")
    with pytest.raises(jarutil.SignatureBlockFileVerificationError):
        jarutil.verify(str(pki["other"][0]), str(jar))


def test_tampered_entry_fails(pki, jar, tmp_path):
    cert, key = pki["rsa"]
    jarutil.sign(str(jar), str(cert), str(key), "signer")
    tampered = tmp_path / "tampered.jar"
    with zipfile.ZipFile(jar) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            dst.writestr(name, body + b"!" if name == "data/hello.txt" else body)
    with pytest.raises(jarutil.JarChecksumError):
        jarutil.verify(str(cert), str(tampered))


def test_eku_without_email_protection_is_accepted(pki, jar):
    cert, key = pki["codesign"]
    jarutil.sign(str(jar), str(cert), str(key), "signer")
    assert jarutil.verify(str(cert), str(jar)) is None


def test_key_usage_without_digital_signature_is_refused(pki, jar):
    cert, key = pki["wrong-ku"]
    jarutil.sign(str(jar), str(cert), str(key), "signer")
    with pytest.raises(jarutil.SignatureBlockFileVerificationError):
        jarutil.verify(str(cert), str(jar))


def test_chain_signed_by_a_trusted_root(pki, jar):
    leaf_cert, leaf_key = pki["leaf"]
    jarutil.sign(str(jar), str(leaf_cert), str(leaf_key), "signer")
    assert jarutil.verify(str(pki["root"][0]), str(jar)) is None
    with pytest.raises(jarutil.SignatureBlockFileVerificationError):
        jarutil.verify(str(pki["other"][0]), str(jar))


def test_cli_sign_and_verify(pki, jar, tmp_path):
    cert, key = pki["rsa"]
    out = tmp_path / "cli-signed.jar"
    assert jarutil.main(["jarutil", "sign", "-o", str(out), str(jar), str(cert), str(key),
                         "cli"]) == 0
    # "v" is the CLI's verify command (it matches by prefix of "view").
    assert jarutil.main(["jarutil", "v", str(out), str(cert)]) == 0
    assert jarutil.main(["jarutil", "v", str(out), str(pki["other"][0])]) == 1
    assert jarutil.main(["jarutil", "v", str(jar), str(cert)]) == 1  # unsigned
