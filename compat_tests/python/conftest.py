import datetime
import os
import pathlib

import pytest
from hypothesis import settings

REPO = pathlib.Path(__file__).resolve().parents[2]

# No hypothesis example may fail for being slow: CI runs this suite beside two
# other lanes on 2 cores, and wall time is never a verdict here (benchmarks
# measure speed). Files may still set their own example counts.
settings.register_profile("cryptoshim", deadline=None)
settings.load_profile("cryptoshim")


@pytest.fixture
def shared_data() -> pathlib.Path:
    """../shared/data, or $CRYPTOSHIM_SHARED_DATA; skips when absent (fails under
    CRYPTOSHIM_REQUIRE_DATA=1, as in CI)."""
    path = pathlib.Path(os.environ.get("CRYPTOSHIM_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not path.is_dir():
        if os.environ.get("CRYPTOSHIM_REQUIRE_DATA") == "1":  # CI: absent data fails
            pytest.fail(f"shared test data not found at {path} and CRYPTOSHIM_REQUIRE_DATA=1")
        pytest.skip(f"shared test data not found at {path} (set CRYPTOSHIM_SHARED_DATA)")
    return path


def _policy_fixture(name: str):
    @pytest.fixture
    def under_policy():
        from cryptoshim import policy

        previous = policy.current()
        policy.set_policy(name)
        yield
        policy.set_policy(previous)

    return under_policy


# Run one test under CRYPTOSHIM_POLICY's strict or compat mode, restoring
# whatever was in force before.
strict = _policy_fixture("strict")
compat = _policy_fixture("compat")


# --- certificates -------------------------------------------------------------
# The one certificate factory of the Python tests: every test that needs a
# certificate made with cryptography gets it from here (the `certs`
# fixture), not from a builder of its own. Tests that build certificates
# through a drop-in's API (test_x509.py, test_m2crypto_x509.py) test that API
# and keep doing so. test_migrate_equivalence.py builds its material at import
# time for its parametrization, before fixtures exist, and `import conftest`
# is ambiguous here (survey_real_golden/ has one too), so it keeps its own.


def issue_cert(cn="test.example", *, key=None, issuer=None, ca=None, sans=None, serial=None,
               not_before=None, not_after=None, extensions=(), subject=None):
    """(certificate, key): a cryptography certificate for `key` (default: a
    fresh P-256 key) with subject CN=cn, signed with SHA-256 by `issuer`, a
    (certificate, key) pair, or self-signed when None.

    ca: None adds no basicConstraints, True/False adds it (critical).
    sans: DNS names (str) or x509.GeneralName objects for a subjectAltName.
    serial: default random. not_before/not_after: default now - 5 min / now
    + 1 day. extensions: further (extension, critical) pairs, in order.
    subject: an x509.Name instead of CN=cn (x509.Name([]) for none)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = key if key is not None else ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    if subject is None:
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    signer_cert, signer_key = issuer if issuer is not None else (None, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(signer_cert.subject if signer_cert is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number() if serial is None else serial)
        .not_valid_before(not_before or now - datetime.timedelta(minutes=5))
        .not_valid_after(not_after or now + datetime.timedelta(days=1))
    )
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None),
                                        critical=True)
    if sans is not None:
        names = [x509.DNSName(n) if isinstance(n, str) else n for n in sans]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(signer_key, hashes.SHA256()), key


def webpki_extensions(key, issuer_key=None, *, ca, san=None, eku="serverAuth",
                      cert_sign=None, key_encipherment=False):
    """The extensions the WebPKI profile (x509_verification) asks for, to pass
    as issue_cert(extensions=...): subjectKeyIdentifier, authorityKeyIdentifier
    (of `issuer_key`; none when None, i.e. self-signed), a critical keyUsage
    (CA: keyCertSign and cRLSign, or `cert_sign` when given; leaf:
    digitalSignature, plus keyEncipherment when asked) and for a leaf the
    extendedKeyUsage `eku` (serverAuth; "clientAuth"; None: none) and a
    subjectAltName for the DNS name `san` (none when None)."""
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    out = [(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)]
    if issuer_key is not None:
        out.append((x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                    False))
    usage = x509.KeyUsage(
        digital_signature=not ca, content_commitment=False,
        key_encipherment=key_encipherment and not ca, data_encipherment=False,
        key_agreement=False, key_cert_sign=ca if cert_sign is None else cert_sign, crl_sign=ca,
        encipher_only=False, decipher_only=False)
    out.append((usage, True))
    if not ca and eku is not None:
        oid = {"serverAuth": ExtendedKeyUsageOID.SERVER_AUTH,
               "clientAuth": ExtendedKeyUsageOID.CLIENT_AUTH}.get(eku, eku)
        out.append((x509.ExtendedKeyUsage([oid]), False))
    if not ca and san is not None:
        out.append((x509.SubjectAlternativeName([x509.DNSName(san)]), False))
    return out


def resign_sha1(cert, signer_key):
    """`cert` signed again with SHA-1 by the core (cryptography no longer
    signs with SHA-1; the legacy libraries still did)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from cryptoshim import _core

    core_cert = _core.Certificate.parse(cert.public_bytes(serialization.Encoding.DER), pem=False)
    core_cert.sign(_core.load_private_key(key_pem(signer_key)), "sha1")
    return x509.load_der_x509_certificate(core_cert.to_der())


def cert_pem(cert) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key, *, traditional=False, password=None) -> bytes:
    """PKCS#8 PEM (or the traditional OpenSSL format), encrypted with
    `password` (bytes) when given."""
    from cryptography.hazmat.primitives import serialization

    fmt = (serialization.PrivateFormat.TraditionalOpenSSL if traditional
           else serialization.PrivateFormat.PKCS8)
    encryption = (serialization.BestAvailableEncryption(password) if password
                  else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, fmt, encryption)


class CertFactory:
    """What the `certs` fixture gives: certs(...) is issue_cert(...); .pem()
    and .key_pem() serialize; .webpki() and .resign_sha1() for chains."""

    __call__ = staticmethod(issue_cert)
    pem = staticmethod(cert_pem)
    key_pem = staticmethod(key_pem)
    webpki = staticmethod(webpki_extensions)
    resign_sha1 = staticmethod(resign_sha1)


@pytest.fixture(scope="session")
def certs() -> CertFactory:
    return CertFactory()
