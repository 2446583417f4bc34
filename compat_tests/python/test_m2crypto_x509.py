"""The drop-in M2Crypto.X509 and ASN1: bad input gets X509Error (or the
exception M2Crypto raises), never a crash; what is built is cross-checked
with pyca/cryptography."""
import datetime

import pytest

from M2Crypto import X509
from M2Crypto import ASN1, BIO, EVP, RSA, m2  # noqa: E402

from cryptography import x509
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.x509.oid import ExtensionOID, NameOID  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")


@pytest.fixture(scope="module")
def pkey():
    pk = EVP.PKey()
    pk.assign_rsa(RSA.gen_key(2048, 65537, lambda *a: None))
    return pk


@pytest.fixture(scope="module")
def cert(pkey):
    c = X509.X509()
    c.set_version(2)
    c.set_serial_number(0x1234567890ABCDEF1234)
    name = c.get_subject()  # a live view: entries land in the certificate
    name.C = "UK"
    name.CN = "cryptoshim test"
    c.set_issuer(c.get_subject())
    now = ASN1.ASN1_TIME()
    now.set_string("20240102030405Z")
    later = ASN1.ASN1_TIME()
    later.set_string("20990102030405Z")
    c.set_not_before(now)
    c.set_not_after(later)
    c.set_pubkey(pkey)
    c.add_ext(X509.new_extension("basicConstraints", "CA:TRUE", critical=1))
    c.add_ext(X509.new_extension("subjectAltName", "DNS:example.com"))
    c.sign(pkey, "sha256")
    return c


def test_built_certificate_reads_back_in_cryptography(cert, pkey):
    parsed = x509.load_der_x509_certificate(cert.as_der())
    assert parsed.serial_number == 0x1234567890ABCDEF1234
    assert parsed.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "cryptoshim test"
    assert parsed.not_valid_before_utc == datetime.datetime(2024, 1, 2, 3, 4, 5,
                                                            tzinfo=datetime.timezone.utc)
    assert parsed.not_valid_after_utc.year == 2099
    bc = parsed.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS)
    assert bc.critical and bc.value.ca
    san = parsed.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    assert san.value.get_values_for_type(x509.DNSName) == ["example.com"]
    # The signature verifies with cryptography, and the legacy verify agrees.
    parsed.verify_directly_issued_by(parsed)
    assert cert.verify() == 1 and cert.verify(pkey) == 1
    assert cert.check_ca() == 1
    assert cert.get_subject().as_der() == parsed.subject.public_bytes()
    assert str(cert.get_not_before()) == "Jan  2 03:04:05 2024 GMT"


def test_verify_with_the_wrong_key_is_false(cert):
    other = EVP.PKey()
    other.assign_rsa(RSA.gen_key(1024, 65537, lambda *a: None))
    assert cert.verify(other) == 0


def test_fingerprint_matches_cryptography(cert):
    from cryptography.hazmat.primitives import hashes
    parsed = x509.load_der_x509_certificate(cert.as_der())
    assert cert.get_fingerprint("sha256") == parsed.fingerprint(hashes.SHA256()).hex().upper()
    with pytest.raises(ValueError):
        cert.get_fingerprint("nosuchdigest")


@pytest.mark.parametrize("data", [
    b"", b"Hello", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    b"\x30\x82\xff\xff" + b"\x00" * 16, b"\x30\x03\x02\x01"])
def test_malformed_certificates_raise_x509error(data):
    with pytest.raises(X509.X509Error):
        X509.load_cert_string(data)
    with pytest.raises(X509.X509Error):
        X509.load_cert_der_string(data)
    with pytest.raises(X509.X509Error):
        X509.load_request_string(data)
    with pytest.raises(X509.X509Error):
        X509.load_crl_string(data)


def test_truncated_der_of_a_real_certificate(cert):
    der = cert.as_der()
    for cut in (1, len(der) // 2, len(der) - 1):
        with pytest.raises(X509.X509Error):
            X509.load_cert_der_string(der[:cut])


def test_wrong_types_and_formats(cert):
    with pytest.raises(TypeError):
        X509.load_cert_string(12345)
    with pytest.raises(ValueError):
        X509.load_cert_string(cert.as_pem(), format=7)
    with pytest.raises(X509.X509Error):
        X509.X509("not a certificate")
    with pytest.raises(TypeError):
        cert.set_subject("CN=x")
    with pytest.raises(X509.X509Error):
        cert.set_pubkey(None)
    with pytest.raises(X509.X509Error):
        cert.add_ext(X509.X509_Extension())
    with pytest.raises(IndexError):
        cert.get_ext_at(99)
    with pytest.raises(LookupError):
        cert.get_ext("nameConstraints")
    with pytest.raises(ValueError):
        cert.sign(EVP.PKey(), "sha513")


def test_missing_file_is_bio_error():
    with pytest.raises(BIO.BIOError):
        X509.load_cert("/nonexistent/cert.pem")


def test_stack_der_roundtrip_and_bad_sequences(cert):
    stack = X509.X509_Stack()
    stack.push(cert)
    stack.push(cert)
    der = stack.as_der()
    again = X509.new_stack_from_der(der)
    assert len(again) == 2 and [c.as_der() for c in again] == [cert.as_der()] * 2
    assert X509.new_stack_from_der(b"\x30\x00").pop() is None
    for bad in (b"", b"Hello", der[:-1], der + b"\x00", b"\x31\x00", b"\x30\x80\x00\x00",
                b"\x30\x03\x02\x01\x01"):
        with pytest.raises(X509.X509Error):
            X509.new_stack_from_der(bad)


def test_degenerate_pkcs7_holds_the_certificates(cert):
    from cryptography.hazmat.primitives.serialization import pkcs7
    stack = X509.X509_Stack()
    stack.push(cert)
    bio = BIO.MemoryBuffer()
    assert stack.create_degenerate(bio) == 1
    certs = pkcs7.load_der_pkcs7_certificates(bytes(bio.read()))
    assert [c.public_bytes(serialization.Encoding.DER) for c in certs] == [cert.as_der()]


def test_extension_errors():
    with pytest.raises(X509.X509Error):
        X509.new_extension("nonsensicalName", "blabla")
    with pytest.raises(X509.X509Error):
        X509.new_extension("basicConstraints", "CA:MAYBE")
    with pytest.raises(X509.X509Error):
        X509.new_extension("subjectKeyIdentifier", "hash")
    with pytest.raises(X509.X509Error):
        X509.AuthorityKeyIdentifier("zz:zz")
    with pytest.raises(X509.X509Error):
        X509.AuthorityKeyIdentifier(b"")
    with pytest.raises(TypeError):
        X509.new_extension("nsComment", 5)


def test_name_entries_and_errors():
    n = X509.X509_Name()
    n.CN = "first"
    n.add_entry_by_txt("CN", ASN1.MBSTRING_ASC, "second", -1, -1, 0)
    assert [e.get_data().as_text() for e in n.get_entries_by_nid(m2.NID_commonName)] == [
        "first", "second"]
    with pytest.raises(X509.X509Error):
        n.add_entry_by_txt("noSuchField", ASN1.MBSTRING_ASC, "x", -1, -1, 0)
    with pytest.raises(X509.X509Error):
        n.C = "too long for a country"
    with pytest.raises(IndexError):
        n[2]
    with pytest.raises(AttributeError):
        n.GN
    parsed = x509.Name.from_rfc4514_string("CN=second,CN=first")
    assert n.as_der() == parsed.public_bytes()
    # An entry handle whose entry no longer exists fails cleanly.
    entry = X509.X509_Name_Entry()
    with pytest.raises(X509.X509Error):
        entry.get_data()


def test_asn1_time_bad_input():
    t = ASN1.ASN1_TIME()
    assert str(t) == "Bad time value"
    with pytest.raises(ValueError):
        t.get_datetime()
    assert t.set_string("not a time") == 0
    assert t.set_string("20991301000000Z") == 0
    assert str(t) == "Bad time value"
    # M2Crypto's own conversion (_asn1.i): what PyLong_AsLongLong cannot read,
    # or a negative time, is an OverflowError (the real wrapper surfaces it as
    # the cause of a SystemError; differential/m2_pki_cases.py compares it).
    with pytest.raises(OverflowError, match=r"Error in conversion of PyLong to long \(val = -1\)"):
        t.set_time("500")
    with pytest.raises(OverflowError, match=r"val = -1\)"):
        t.set_time(-1)
    with pytest.raises(TypeError):
        t.set_datetime("2020-01-01")
    u = ASN1.ASN1_UTCTIME()
    assert u.set_string("20500101000000Z") == 0  # GeneralizedTime is not UTCTime
    # 2100 is outside UTCTime: ASN1_UTCTIME_set's NULL (None), the time unchanged.
    assert u.set_time(4102444800) is None
    assert str(u) == "Bad time value"
    # An unset time cannot go into a certificate.
    with pytest.raises(X509.X509Error):
        X509.X509().set_not_before(ASN1.ASN1_TIME())


def test_asn1_time_after_2049_is_generalized():
    t = ASN1.ASN1_TIME()
    t.set_time(4102444800)
    assert str(t) == "Jan  1 00:00:00 2100 GMT"
    assert t.get_datetime() == datetime.datetime(2100, 1, 1, tzinfo=ASN1.UTC)


def test_store_context_errors(cert):
    ctx = X509.X509_Store_Context()
    with pytest.raises(X509.X509Error):
        ctx.verify_cert()
    with pytest.raises(X509.X509Error):
        ctx.init("store", cert)
    store = X509.X509_Store()
    with pytest.raises(X509.X509Error):
        store.set_verify_cb(5)
    with pytest.raises(X509.X509Error):
        store.load_info("/nonexistent/ca.pem")


def test_verify_callback_cannot_override_a_failure(cert):
    store = X509.X509_Store()  # empty: the self-signed certificate is untrusted
    seen = []
    store.set_verify_cb(lambda ok, ctx: seen.append((ok, ctx.get_error())) or 1)
    ctx = X509.X509_Store_Context()
    ctx.init(store, cert)
    assert ctx.verify_cert() == 0
    assert seen and seen[0][0] == 0 and seen[0][1] == ctx.get_error() != 0
    store.add_x509(cert)
    ctx.init(store, cert)
    assert ctx.verify_cert() == 1
    assert [c.as_der() for c in ctx.get1_chain()] == [cert.as_der()]


def test_get_version_in_c_answers_as_the_python_method(cert):
    # X509.get_version is C from the counting wrapper to OpenSSL
    # (_core.m2crypto.HandleCall); the Python method stays its __wrapped__.
    import warnings

    from cryptoshim import telemetry
    python = X509.X509.get_version.__wrapped__
    fresh = X509.X509()
    for c in (cert, fresh):
        assert c.get_version() == python(c) == X509.X509.get_version(c)
    assert (cert.get_version(), fresh.get_version()) == (2, 0)
    with pytest.raises(TypeError) as fast:
        cert.get_version(1)
    with pytest.raises(TypeError) as slow:
        python(cert, 1)
    assert str(fast.value) == str(slow.value)
    with pytest.raises(TypeError):
        cert.get_version(version=1)
    with pytest.raises(AttributeError):
        X509.X509.get_version(object())
    telemetry.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(4):
            cert.get_version()
    entry = telemetry.snapshot()["apis"]["m2crypto.X509.X509.get_version"]
    assert entry["calls"] == 4
    assert [site.rsplit(":", 1)[0] for site in entry["sites"]] == [__file__]


def test_get_version_in_c_follows_the_instance_and_its_class(cert):
    # HandleCall reads self._cert straight from its __slots__ member while the
    # class is the one it learnt and unchanged (slot_attr.h). An emptied slot,
    # a subclass, and a subclass changed after the first call must answer as
    # the Python method does.
    python = X509.X509.get_version.__wrapped__

    class Sub(X509.X509):
        pass

    sub, fresh = Sub(), X509.X509()
    for _ in range(3):
        assert sub.get_version() == python(sub) == 0
        assert cert.get_version() == 2
    Sub._cert = property(lambda self: cert._cert)  # the class changes: the slot is shadowed
    assert sub.get_version() == python(sub) == 2
    del Sub._cert
    assert sub.get_version() == 0
    del fresh._cert
    with pytest.raises(AttributeError) as fast:
        fresh.get_version()
    with pytest.raises(AttributeError) as slow:
        python(fresh)
    assert str(fast.value) == str(slow.value)


@pytest.mark.parametrize("getter", ["get_subject", "get_issuer", "get_not_before",
                                    "get_not_after"])
def test_view_getters_in_c_leave_what_the_python_method_leaves(cert, getter):
    # These getters are C (_core.m2crypto.HandleView): the object is made
    # without its __init__, so it must hold the same attributes, in the same
    # order, as the Python method's result, read the same, and stay a view.
    import warnings

    from cryptoshim import telemetry
    python = getattr(X509.X509, getter).__wrapped__
    fast, slow = getattr(cert, getter)(), python(cert)
    assert type(fast) is type(slow)
    assert list(vars(fast)) == list(vars(slow))
    for name, value in vars(slow).items():
        other = vars(fast)[name]
        if name == "owner":
            assert other is value is cert
        elif name in ("x509_name", "asn1_time"):
            assert type(other) is type(value)
        else:
            assert other == value
    assert str(fast) == str(slow)
    with pytest.raises(TypeError) as fast_error:
        getattr(cert, getter)(1)
    with pytest.raises(TypeError) as slow_error:
        python(cert, 1)
    assert str(fast_error.value) == str(slow_error.value)
    with pytest.raises(AttributeError):
        getattr(X509.X509, getter)(object())
    telemetry.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            getattr(cert, getter)()
    entry = telemetry.snapshot()["apis"][f"m2crypto.X509.X509.{getter}"]
    assert entry["calls"] == 3
    assert [site.rsplit(":", 1)[0] for site in entry["sites"]] == [__file__]


def test_subject_from_c_is_a_live_view_and_reads_entries(cert):
    name = cert.get_subject()
    assert (name.CN, name.C, name.commonName) == ("cryptoshim test", "UK", "cryptoshim test")
    with pytest.raises(AttributeError):
        name.O  # noqa: B018  (absent entry)
    with pytest.raises(AttributeError):
        name.not_an_attribute  # noqa: B018
    copy = X509.load_cert_string(cert.as_pem())
    view = copy.get_subject()
    view.O = "added"  # written through __setattr__ into the certificate
    assert copy.get_subject().O == "added"
    with pytest.raises(AttributeError):
        X509.X509_Name().CN  # noqa: B018  (empty name)
