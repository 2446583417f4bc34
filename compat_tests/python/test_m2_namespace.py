"""The flat M2Crypto.m2 namespace holds what real dependents call (issue 3's
list), nothing leaks from OpenSSL's headers, handles support int(), and the
helpers that take handles behave like M2Crypto's."""
import datetime
import time

import pytest

from cryptoshim import catalog  # noqa: E402
from M2Crypto import BIO, X509, m2  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")

CONSTANT_PREFIXES = ("NID_", "SSL_OP_", "SSL_MODE_", "X509_V_", "X509_PURPOSE_", "XN_FLAG_",
                     "PKCS7_", "OPENSSL_VERSION_")
CONSTANTS = ("RSA_F4", "no_padding", "pkcs1_padding", "pkcs1_oaep_padding")
HELPERS = ("x509_get_not_before", "x509_get_not_after", "x509_gmtime_adj",
           "x509_name_set_by_nid", "x509_name_add_entry", "x509v3_ext_conf",
           "pkcs7_read_bio_der", "pkcs7_write_bio_der", "rsa_new", "rsa_set_n", "rsa_set_e",
           "bn_to_hex", "mpi_to_bn", "err_get_error", "err_reason_error_string",
           "obj_txt2nid", "obj_nid2sn", "obj_nid2ln", "obj_obj2txt", "obj_txt2obj",
           "threading_init", "threading_cleanup", "rsa_set_d", "dsa_new", "dsa_set_pqg",
           "dsa_set_p", "dsa_set_q", "dsa_set_g", "dsa_set_pub", "x509v3_set_nconf",
           "x509_name_new", "x509_name_get_entry", "x509_name_entry_get_data",
           "x509_name_entry_get_object", "x509_name_entry_create_by_txt", "asn1_string_new",
           "asn1_string_set", "asn1_string_print", "ssl_set_mode", "ssl_get_mode")
# In the list but not provided yet; the catalog must say so.
NOT_YET = ()


@pytest.mark.parametrize("prefix", CONSTANT_PREFIXES)
def test_constant_families_are_present(prefix):
    values = {n: getattr(m2, n) for n in dir(m2) if n.startswith(prefix)}
    assert values
    # All numbers, but for the version strings (str, as in M2Crypto 0.51.0).
    strings = {"OPENSSL_VERSION_TEXT", "OPENSSL_VERSION_STR", "OPENSSL_VERSION_PRE_RELEASE",
               "OPENSSL_VERSION_BUILD_METADATA"}
    assert all(isinstance(v, int) for n, v in values.items() if n not in strings)


def test_named_constants_match_openssl():
    for name in CONSTANTS:
        assert isinstance(getattr(m2, name), int)
    assert m2.RSA_F4 == 65537
    assert (m2.no_padding, m2.pkcs1_padding, m2.pkcs1_oaep_padding) == (3, 1, 4)
    assert m2.NID_commonName == 13 and m2.PKCS7_DETACHED == 0x40
    assert m2.OPENSSL_VERSION_MAJOR == 3


@pytest.mark.parametrize("name", HELPERS)
def test_helpers_are_present_and_catalogued(name):
    assert callable(getattr(m2, name))
    assert f"m2crypto.m2.{name}" in catalog.by_id()


@pytest.mark.parametrize("name", NOT_YET)
def test_missing_helpers_are_catalogued_as_missing(name):
    assert not hasattr(m2, name)
    record = catalog.by_id().get(f"m2crypto.m2.{name}")
    assert record is None or not record["shimmed"]


def test_only_the_real_modules_openssl_header_names():
    """OpenSSL's generic stack names are there exactly as real M2Crypto 0.51.0
    shows them (its SWIG module parses <openssl/stack.h> and safestack.h;
    test_m2_swig_internals), and no other OpenSSL name leaks."""
    import pathlib
    real = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "data" / "m2_names_0.51.0.txt"
    header = ("OPENSSL_sk_", "ossl_check_")
    want = sorted(n for n in (line.split()[0] for line in real.read_text().splitlines() if line)
                  if n.startswith(header))
    assert sorted(n for n in dir(m2) if n.startswith(header)) == want
    # The sk_* functions are M2Crypto's own wrappers (_x509.i, _ssl.i), none other.
    own = ("sk_x509_", "sk_x509_crl_", "sk_x509_extension_", "sk_ssl_cipher_")
    assert [n for n in dir(m2) if n.startswith("sk_") and not n.startswith(own)] == []


@pytest.fixture
def m2_cert(certs):
    """A certificate with known validity times, loaded by the drop-in."""
    cert, _ = certs("handles", serial=7,
                    not_before=datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
                    not_after=datetime.datetime(2030, 6, 7, 8, 9, 10, tzinfo=datetime.timezone.utc))
    return X509.load_cert_string(certs.pem(cert))


def test_certificate_time_handles_read_and_adjust_the_certificate(m2_cert):
    cert = m2_cert
    before = m2.x509_get_not_before(cert.x509)
    after = m2.x509_get_not_after(cert.x509)
    assert str(before) == "Jan  2 03:04:05 2020 GMT"
    assert str(after) == "Jun  7 08:09:10 2030 GMT"
    assert isinstance(int(before), int)
    now = int(time.time())
    m2.x509_gmtime_adj(before, 60)
    assert now + 55 <= before.unix_time() <= int(time.time()) + 65
    # The certificate itself changed (the handle is an interior view).
    assert m2.x509_get_not_before(cert.x509).unix_time() == before.unix_time()
    with pytest.raises(TypeError):
        m2.x509_get_not_before(b"not a certificate")
    with pytest.raises(TypeError):
        m2.x509_gmtime_adj(object(), 0)


def test_name_helpers_append_entries():
    from cryptoshim import _core
    name = _core.X509Name()
    assert m2.x509_name_set_by_nid(name, m2.NID_commonName, b"example") == 1
    assert m2.x509_name_set_by_nid(name, m2.NID_organizationName, "Org") == 1
    assert name.components() == [(b"CN", b"example"), (b"O", b"Org")]

    class Entry:  # what X509_Name_Entry._ptr() holds: a name and an index
        def __init__(self, name, index):
            self.name, self.index = name, index

    other = _core.X509Name()
    assert m2.x509_name_add_entry(other, Entry(name, 1), -1, 0) == 1
    assert other.components() == [(b"O", b"Org")]
    with pytest.raises(ValueError):
        m2.x509_name_add_entry(other, Entry(name, 5), -1, 0)
    # loc=0, set=1: CN joins the first RDN (one multi-valued RDN).
    assert m2.x509_name_add_entry(other, Entry(name, 0), 0, 1) == 1
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    (rdn,) = x509.Name.from_bytes(other.der()).rdns
    assert {(a.oid, a.value) for a in rdn} == {(NameOID.COMMON_NAME, "example"),
                                                (NameOID.ORGANIZATION_NAME, "Org")}


def test_x509v3_ext_conf():
    ext = m2.x509v3_ext_conf(None, None, "basicConstraints", "critical,CA:TRUE")
    assert ext.critical and ext.short_name() == b"basicConstraints"
    with pytest.raises(X509.X509Error):
        m2.x509v3_ext_conf(None, None, "basicConstraints", "nonsense")
    # M2Crypto's way: a context with an empty database, used up by the call.
    ctx = m2.x509v3_set_nconf()
    ext = m2.x509v3_ext_conf(None, ctx, "nsComment", "Hello")
    assert X509.X509_Extension(ext, 1).get_value() == "Hello"
    with pytest.raises(ValueError):
        m2.x509v3_ext_conf(None, ctx, "nsComment", "again")
    with pytest.raises(X509.X509Error):
        m2.x509v3_ext_conf(None, m2.x509v3_set_nconf(), "nonsensicalName", "x")
    # The database lets r2i extensions be made from their text.
    proxy = m2.x509v3_ext_conf(None, m2.x509v3_set_nconf(), "proxyCertInfo",
                               "critical,language:Inherit all")
    assert proxy.critical
    assert b"Policy Language: Inherit all" in proxy.print(0, 0)


def test_pkcs7_der_helpers_round_trip(m2_cert):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs7

    from M2Crypto import SMIME
    cert = m2_cert
    der = pkcs7.serialize_certificates([x509.load_der_x509_certificate(cert.as_der())],
                                       __import__("cryptography.hazmat.primitives.serialization",
                                                  fromlist=["Encoding"]).Encoding.DER)
    p7 = m2.pkcs7_read_bio_der(BIO.MemoryBuffer(der))
    assert m2.pkcs7_type_nid(p7) == SMIME.PKCS7_SIGNED
    assert m2.pkcs7_type_sn(p7) == "pkcs7-signedData"
    out = BIO.MemoryBuffer()
    assert m2.pkcs7_write_bio_der(p7, out) == 1
    assert out.read() == der
    with pytest.raises(SMIME.PKCS7_Error):
        m2.pkcs7_read_bio_der(BIO.MemoryBuffer(b"\x30\x03\x02\x01"))


def test_int_of_handles():
    from M2Crypto import EVP, RSA
    rsa = RSA.gen_key(1024, 65537, lambda *a: None)
    assert isinstance(int(rsa.rsa), int)
    assert isinstance(int(m2.obj_txt2obj("CN", 0)), int)
    assert isinstance(int(m2.rsa_new()), int)
    md = EVP.MessageDigest("sha256")
    assert md.ctx is md


def _mpi(n: int) -> bytes:
    body = n.to_bytes((n.bit_length() + 8) // 8, "big")  # a leading 0 keeps it positive
    return len(body).to_bytes(4, "big") + body


def test_rsa_from_numbers_signs_like_cryptography():
    import hashlib

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric import rsa as crsa

    from M2Crypto import RSA
    private = crsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = private.private_numbers()
    holder = m2.rsa_new()
    m2.rsa_set_n(holder, _mpi(numbers.public_numbers.n))
    m2.rsa_set_e(holder, _mpi(numbers.public_numbers.e))
    m2.rsa_set_d(holder, numbers.d)  # ints are accepted too
    key = RSA.RSA(holder, 1)
    digest = hashlib.sha256(b"numbers").digest()
    signature = key.sign(digest, "sha256")
    # No CRT factors, still the same deterministic PKCS#1 v1.5 signature.
    assert signature == private.sign(b"numbers", padding.PKCS1v15(), hashes.SHA256())
    public = m2.rsa_new()
    m2.rsa_set_n(public, _mpi(numbers.public_numbers.n))
    m2.rsa_set_e(public, _mpi(numbers.public_numbers.e))
    assert RSA.RSA(public, 1).verify(digest, signature, "sha256") == 1
    # An RSA object's own public handle becomes private in place.
    pub = RSA.new_pub_key((_mpi(numbers.public_numbers.e), _mpi(numbers.public_numbers.n)))
    m2.rsa_set_d(pub.rsa, _mpi(numbers.d))
    assert pub.rsa.key.has_private
    with pytest.raises(RSA.RSAError):
        m2.rsa_set_d(pub.rsa, _mpi(numbers.d))  # already private
    with pytest.raises(ValueError):
        m2.rsa_set_d(m2.rsa_new(), -1)
    with pytest.raises(RSA.RSAError):
        RSA.RSA(m2.aes_128_cbc(), 1)  # a SWIG handle, but not an RSA holder
    incomplete = m2.rsa_new()
    m2.rsa_set_d(incomplete, 5)
    with pytest.raises(RSA.RSAError):
        RSA.RSA(incomplete, 1)


def test_dsa_from_numbers():
    from cryptography.hazmat.primitives.asymmetric import dsa as cdsa

    from M2Crypto import DSA
    params = cdsa.generate_parameters(2048).parameter_numbers()
    holder = m2.dsa_new()
    with pytest.raises(DSA.DSAError):
        DSA.DSA(holder, 1)  # nothing set yet
    m2.dsa_set_p(holder, params.p)
    m2.dsa_set_q(holder, _mpi(params.q))
    m2.dsa_set_g(holder, _mpi(params.g))
    key = DSA.DSA(holder, 1)
    assert key.p == _mpi(params.p) and key.q == _mpi(params.q) and key.g == _mpi(params.g)
    other = m2.dsa_new()
    m2.dsa_set_pqg(other, _mpi(params.p), _mpi(params.q), _mpi(params.g))
    assert DSA.DSA(other, 1).p == key.p
    with pytest.raises(TypeError):
        m2.dsa_set_pqg(key.dsa, 1, 2, 3)  # an existing key: DSA.set_params instead
    assert isinstance(int(other), int)
