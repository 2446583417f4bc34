"""m2.x509_name_* / x509_name_entry_* / asn1_string_* on handles: walking a
name entry by entry and rebuilding it, as M2Crypto's CA code does, checked
against what cryptography reads from the same DER."""
import pytest

from M2Crypto import m2
from cryptoshim import _core  # noqa: E402
from M2Crypto import ASN1, BIO, X509  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _name_from_cryptography():
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Org \u00e9"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "host.example")])
    return name, X509.X509_Name(_core.X509Name.from_der(name.public_bytes()))


def _printed(asn1_string) -> str:
    bio = BIO.MemoryBuffer()
    assert m2.asn1_string_print(bio._ptr(), asn1_string) == 1
    return bio.getvalue().decode()


def test_entries_read_like_cryptography():
    reference, name = _name_from_cryptography()
    entries = [m2.x509_name_get_entry(name._ptr(), i) for i in range(name.entry_count())]
    assert m2.x509_name_get_entry(name._ptr(), name.entry_count()) is None
    for entry, attribute in zip(entries, reference):
        obj = m2.x509_name_entry_get_object(entry)
        assert m2.obj_obj2txt(obj, 1).decode() == attribute.oid.dotted_string
        assert ASN1.ASN1_Object(obj)._ptr() is obj  # the handle ASN1_Object wraps
        data = m2.x509_name_entry_get_data(entry)
        assert ASN1.ASN1_String(data, 0).as_text(flags=m2.ASN1_STRFLGS_UTF8_CONVERT) \
            == attribute.value
    # ASN1_STRING_print shows bytes outside printable ASCII as '.' (UTF-8 é is 2 bytes).
    assert _printed(m2.x509_name_entry_get_data(entries[1])) == "Org .."


def test_rebuilding_a_name_from_created_entries():
    reference, name = _name_from_cryptography()
    rebuilt = m2.x509_name_new()
    for oid, value in (("C", "US"), ("organizationName", "Org"), ("2.5.4.3", "host")):
        entry = m2.x509_name_entry_create_by_txt(None, oid, ASN1.MBSTRING_ASC, value, len(value))
        assert entry
        assert m2.x509_name_add_entry(rebuilt, entry, -1, 0) == 1
    assert X509.X509_Name(rebuilt, 1).as_text(flags=m2.XN_FLAG_RFC2253) == "CN=host,O=Org,C=US"
    # len cuts the value, as the C length does.
    short = m2.x509_name_entry_create_by_txt(None, "CN", ASN1.MBSTRING_ASC, "abcdef", 3)
    assert _printed(m2.x509_name_entry_get_data(short)) == "abc"


def test_refused_fields_and_bad_handles():
    assert m2.x509_name_entry_create_by_txt(None, "__unknown", ASN1.MBSTRING_ASC, "_", 1) is None
    # A country name must be two letters: OpenSSL refuses it, M2Crypto returns NULL.
    assert m2.x509_name_entry_create_by_txt(None, "C", ASN1.MBSTRING_ASC, "USA", 3) is None
    with pytest.raises(TypeError):
        m2.x509_name_entry_get_data(b"not an entry")
    with pytest.raises(ValueError):
        m2.x509_name_entry_get_object(None)
    name = m2.x509_name_new()
    m2.x509_name_set_by_nid(name, m2.NID_commonName, b"x")
    gone = X509._EntryRef(name, 1)  # an entry handle past the name's end
    with pytest.raises(ValueError):
        m2.x509_name_entry_get_data(gone)
    with pytest.raises(ValueError):
        m2.x509_name_add_entry(m2.x509_name_new(), gone, -1, 0)


def test_asn1_string_new_and_set():
    s = m2.asn1_string_new()
    assert m2.asn1_string_set(s, b"hello there") == 1
    text = ASN1.ASN1_String(s, 1)
    assert str(text) == "hello there"
    # RFC 2253 shows the DER of the OCTET STRING: tag 04, length, bytes.
    der = b"\x04" + bytes([len(b"hello there")]) + b"hello there"
    assert text.as_text(flags=m2.ASN1_STRFLGS_RFC2253) == "#" + der.hex().upper()
    with pytest.raises(TypeError):
        m2.asn1_string_set(s, "text is not bytes")
    with pytest.raises(ValueError):  # a NULL BIO, as M2Crypto (differential: asn1.string_print None)
        m2.asn1_string_print(None, s)
