"""The drop-in M2Crypto.SMIME (PKCS#7 / S/MIME), m2.obj_* and
M2Crypto.threading, cross-checked with pyca/cryptography and the openssl
command line where they can read or produce the same messages."""
import datetime
import shutil
import subprocess
import sys

import pytest
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs7  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

from cryptoshim import InsecureLegacyWarning  # noqa: E402
from M2Crypto import BIO, SMIME, X509, m2  # noqa: E402
from M2Crypto import threading as m2threading  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MESSAGE = b"some text to manipulate"  # no line end: not changed by CRLF canonicalisation


def _issue(certs, key, cn, issuer, ca):
    """`issuer`: (certificate, key), or None for self-signed."""
    extensions = [] if ca else [(
        x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                      data_encipherment=False, key_agreement=False, key_cert_sign=False,
                      crl_sign=False, encipher_only=False, decipher_only=False), True)]
    now = datetime.datetime.now(datetime.timezone.utc)
    cert, _ = certs(cn, key=key, issuer=issuer, ca=ca, extensions=extensions,
                    not_before=now - datetime.timedelta(days=1),
                    not_after=now + datetime.timedelta(days=30))
    return cert


class Party:
    def __init__(self, key, cert):
        self.key, self.cert = key, cert
        self.key_pem = key.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.TraditionalOpenSSL,
                                         serialization.NoEncryption())
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def pki(tmp_path_factory, certs):
    """A CA, a signer and a recipient issued by it, and a stranger (self-signed)."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = Party(ca_key, _issue(certs, ca_key, "Test CA", None, True))
    parties = {"ca": ca}
    for cn in ("signer", "recipient"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        parties[cn] = Party(key, _issue(certs, key, cn, (ca.cert, ca_key), False))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    parties["stranger"] = Party(key, _issue(certs, key, "stranger", None, False))
    root = tmp_path_factory.mktemp("pki")
    for name, party in parties.items():
        (root / f"{name}.pem").write_bytes(party.cert_pem)
        (root / f"{name}_key.pem").write_bytes(party.key_pem)
    parties["dir"] = root
    return parties


def _smime_for(pki, who):
    s = SMIME.SMIME()
    s.load_key(str(pki["dir"] / f"{who}_key.pem"), str(pki["dir"] / f"{who}.pem"))
    return s


def _verifier(pki, trusted="ca", signer="signer"):
    s = SMIME.SMIME()
    stack = X509.X509_Stack()
    stack.push(X509.load_cert(str(pki["dir"] / f"{signer}.pem")))
    s.set_x509_stack(stack)
    store = X509.X509_Store()
    store.load_info(str(pki["dir"] / f"{trusted}.pem"))
    s.set_x509_store(store)
    return s


def _detached_smime(pki, data=MESSAGE, flags=None):
    s = _smime_for(pki, "signer")
    flags = SMIME.PKCS7_DETACHED if flags is None else flags
    p7 = s.sign(BIO.MemoryBuffer(data), flags)
    out = BIO.MemoryBuffer()
    assert s.write(out, p7, BIO.MemoryBuffer(data)) == 1
    return out.read()


# --- signing and verification -------------------------------------------------

def test_detached_signature_verifies_with_openssl_cli(pki, tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command line tool is not installed")
    message = tmp_path / "msg.smime"
    message.write_bytes(_detached_smime(pki))
    result = subprocess.run([openssl, "smime", "-verify", "-in", str(message),
                             "-CAfile", str(pki["dir"] / "ca.pem")], capture_output=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == MESSAGE
    assert b"Verification successful" in result.stderr


def test_detached_signature_round_trip_through_smime_text(pki):
    text = _detached_smime(pki)
    assert b"multipart/signed" in text and b"application/x-pkcs7-signature" in text
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(text))
    assert p7.type() == SMIME.PKCS7_SIGNED == m2.obj_txt2nid("pkcs7-signedData")
    assert p7.type(1) == "pkcs7-signedData"
    assert isinstance(data, BIO.BIO)
    v = _verifier(pki)
    assert v.verify(p7, data) == MESSAGE
    # The clear part rewinds, as M2Crypto's memory BIO does.
    data.seek(0)
    assert v.verify(p7, data) == MESSAGE
    signers = p7.get0_signers(v.x509_stack)
    assert len(signers) == 1
    assert signers[0].as_der() == pki["signer"].cert.public_bytes(serialization.Encoding.DER)


def test_signature_made_by_cryptography_verifies(pki):
    signer = pki["signer"]
    text = (pkcs7.PKCS7SignatureBuilder().set_data(MESSAGE)
            .add_signer(signer.cert, signer.key, hashes.SHA256())
            .sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature]))
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(text))
    assert _verifier(pki).verify(p7, data) == MESSAGE


def test_opaque_signature_carries_content_and_certificate(pki):
    s = _smime_for(pki, "signer")
    p7 = s.sign(BIO.MemoryBuffer(MESSAGE), 0, "sha512")
    der = BIO.MemoryBuffer()
    assert p7.write_der(der) == 1
    der_bytes = der.read()
    certs = pkcs7.load_der_pkcs7_certificates(der_bytes)
    assert [c.subject for c in certs] == [pki["signer"].cert.subject]
    loaded = SMIME.load_pkcs7_bio_der(BIO.MemoryBuffer(der_bytes))
    assert _verifier(pki).verify(loaded) == MESSAGE


def test_text_flag_adds_and_strips_the_mime_header(pki):
    s = _smime_for(pki, "signer")
    p7 = s.sign(BIO.MemoryBuffer(b"line1\nline2\n"), SMIME.PKCS7_DETACHED | SMIME.PKCS7_TEXT)
    out = BIO.MemoryBuffer()
    s.write(out, p7, BIO.MemoryBuffer(b"line1\nline2\n"), SMIME.PKCS7_TEXT)
    text = out.read()
    assert b"Content-Type: text/plain" in text
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(text))
    v = _verifier(pki)
    assert v.verify(p7, data) == b"Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n"
    data.seek(0)
    assert v.verify(p7, data, SMIME.PKCS7_TEXT) == b"line1\r\nline2\r\n"


def test_extra_certificates_are_carried(pki):
    s = _smime_for(pki, "signer")
    stack = X509.X509_Stack()
    stack.push(X509.load_cert(str(pki["dir"] / "ca.pem")))
    s.set_x509_stack(stack)
    p7 = s.sign(BIO.MemoryBuffer(MESSAGE), SMIME.PKCS7_DETACHED)
    pem = BIO.MemoryBuffer()
    p7.write(pem)
    subjects = {c.subject for c in pkcs7.load_pem_pkcs7_certificates(pem.read())}
    assert subjects == {pki["ca"].cert.subject, pki["signer"].cert.subject}
    nocerts = s.sign(BIO.MemoryBuffer(MESSAGE), SMIME.PKCS7_DETACHED | SMIME.PKCS7_NOCERTS)
    assert nocerts.pkcs7.certificates() == []


def test_untrusted_signer_is_rejected_with_the_reason(pki):
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    v = _verifier(pki, trusted="stranger")
    with pytest.raises(SMIME.PKCS7_Error, match="unable to get local issuer certificate"):
        v.verify(p7, data)


def test_tampered_content_is_rejected(pki):
    text = _detached_smime(pki)
    assert MESSAGE.rstrip() in text
    p7, data = SMIME.smime_load_pkcs7_bio(
        BIO.MemoryBuffer(text.replace(b"manipulate", b"manipulatE")))
    with pytest.raises(SMIME.PKCS7_Error):
        _verifier(pki).verify(p7, data)


def test_detached_signature_without_content_is_rejected(pki):
    p7, _ = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    with pytest.raises(SMIME.PKCS7_Error, match="no content"):
        _verifier(pki).verify(p7)


def test_verify_callback_sees_each_step_and_can_reject(pki):
    seen = []

    def reject_signer(ok, ctx):
        cert = ctx.get_current_cert()
        seen.append((ok, cert.as_der() if cert else None, ctx.get_error_depth()))
        return ctx.get_error_depth() != 0

    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    v = _verifier(pki)
    v.x509_store.set_verify_cb(reject_signer)
    with pytest.raises(SMIME.PKCS7_Error, match="certificate verify error"):
        v.verify(p7, data)
    signer_der = pki["signer"].cert.public_bytes(serialization.Encoding.DER)
    assert (1, signer_der, 0) in seen
    data.seek(0)
    v.x509_store.set_verify_cb(lambda ok, ctx: ok)
    assert v.verify(p7, data) == MESSAGE


def test_verify_leaves_memory_bio_content_in_place(pki):
    # PKCS7_verify reads a memory BIO's content through a read-only copy;
    # M2Crypto 0.38.0's test_verify_with_static_callback verifies three times
    # with one BIO (a chain failure, then two successes).
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    v = _verifier(pki)
    v.x509_store.set_verify_cb(lambda ok, ctx: ctx.get_error_depth() != 0)
    with pytest.raises(SMIME.PKCS7_Error, match="certificate verify error"):
        v.verify(p7, data)
    v.x509_store.set_verify_cb(lambda ok, ctx: ok)
    assert v.verify(p7, data) == MESSAGE
    assert v.verify(p7, data) == MESSAGE
    content = BIO.MemoryBuffer(MESSAGE)
    assert v.verify(p7, content) == MESSAGE
    assert content.read() == MESSAGE


@pytest.fixture
def unraisable(monkeypatch):
    """Exceptions a callback raised (they cannot cross OpenSSL's C frames
    and are reported through sys.unraisablehook instead)."""
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_value))
    return seen


def test_verify_callback_exception_rejects(pki, unraisable):
    def broken(ok, ctx):
        raise RuntimeError("bug in callback")

    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    v = _verifier(pki)
    v.x509_store.set_verify_cb(broken)
    with pytest.raises(SMIME.PKCS7_Error, match="certificate verify error"):
        v.verify(p7, data)
    assert unraisable and isinstance(unraisable[0], RuntimeError)



def test_callback_overruling_a_failure_is_unsafe(pki):
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    v = _verifier(pki, trusted="stranger")
    v.x509_store.set_verify_cb(lambda ok, ctx: 1)
    with pytest.warns(InsecureLegacyWarning, match="accepted a certificate"):
        assert v.verify(p7, data) == MESSAGE


def test_callback_overruling_a_failure_is_refused_under_strict(pki, strict, unraisable):
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    v = _verifier(pki, trusted="stranger")
    v.x509_store.set_verify_cb(lambda ok, ctx: 1)
    with pytest.raises(SMIME.PKCS7_Error):
        v.verify(p7, data)
    assert unraisable and "insecure" in str(unraisable[0])


def test_noverify_flag_is_unsafe(pki, strict):
    p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(_detached_smime(pki)))
    v = _verifier(pki, trusted="stranger")
    with pytest.raises(Exception, match="PKCS7_NOVERIFY"):
        v.verify(p7, data, SMIME.PKCS7_NOVERIFY)


def test_weak_and_unknown_digests(pki):
    s = _smime_for(pki, "signer")
    with pytest.raises(SMIME.SMIME_Error, match="no such hash algorithm"):
        s.sign(BIO.MemoryBuffer(MESSAGE), algo="sha3_999")
    for _ in range(2):  # the second sign with a remembered name warns too
        with pytest.warns(InsecureLegacyWarning, match="sha1"):
            p7 = s.sign(BIO.MemoryBuffer(MESSAGE), 0, "sha1")
        assert _verifier(pki).verify(p7) == MESSAGE


class _EverythingEqual(str):
    """A str subclass claiming equality with any digest name."""
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize("algo", ["sha3_999", "", 256, _EverythingEqual("sha256x")])
def test_unknown_digest_is_refused_every_time(pki, algo):
    """sign() remembers the names it accepted; a refused one is never
    remembered, even after good names were (and a str subclass cannot pass
    as one of them)."""
    s = _smime_for(pki, "signer")
    s.sign(BIO.MemoryBuffer(MESSAGE), 0, "sha256")
    for _ in range(2):
        with pytest.raises(SMIME.SMIME_Error, match="no such hash algorithm"):
            s.sign(BIO.MemoryBuffer(MESSAGE), 0, algo)


def test_sign_without_key_or_with_mismatched_certificate(pki):
    with pytest.raises(SMIME.SMIME_Error, match="no private key"):
        SMIME.SMIME().sign(BIO.MemoryBuffer(MESSAGE))
    s = SMIME.SMIME()
    s.load_key(str(pki["dir"] / "signer_key.pem"), str(pki["dir"] / "recipient.pem"))
    with pytest.raises(SMIME.SMIME_Error, match="does not match"):
        s.sign(BIO.MemoryBuffer(MESSAGE))


# --- encryption and decryption ------------------------------------------------

def _encrypt_to(pki, who, cipher="aes_256_cbc", data=MESSAGE):
    s = SMIME.SMIME()
    stack = X509.X509_Stack()
    stack.push(X509.load_cert(str(pki["dir"] / f"{who}.pem")))
    s.set_x509_stack(stack)
    s.set_cipher(SMIME.Cipher(cipher))
    return s.encrypt(BIO.MemoryBuffer(data))


def test_encrypted_message_decrypts_with_cryptography_and_ours(pki):
    p7 = _encrypt_to(pki, "recipient")
    assert p7.type() == SMIME.PKCS7_ENVELOPED
    der = BIO.MemoryBuffer()
    p7.write_der(der)
    recipient = pki["recipient"]
    if hasattr(pkcs7, "pkcs7_decrypt_der"):
        assert pkcs7.pkcs7_decrypt_der(der.read(), recipient.cert, recipient.key, []) == MESSAGE
    out = BIO.MemoryBuffer()
    _smime_for(pki, "recipient").write(out, p7)
    loaded, data = SMIME.smime_load_pkcs7_bio(out)
    assert data is None
    assert _smime_for(pki, "recipient").decrypt(loaded) == MESSAGE


def test_message_encrypted_by_cryptography_decrypts(pki):
    if not hasattr(pkcs7, "PKCS7EnvelopeBuilder"):
        pytest.skip("this cryptography has no PKCS7EnvelopeBuilder")
    der = (pkcs7.PKCS7EnvelopeBuilder().set_data(MESSAGE)
           .add_recipient(pki["recipient"].cert).encrypt(serialization.Encoding.DER, []))
    p7 = SMIME.load_pkcs7_bio_der(BIO.MemoryBuffer(der))
    assert _smime_for(pki, "recipient").decrypt(p7) == MESSAGE


def test_wrong_recipient_and_wrong_type_fail_cleanly(pki):
    p7 = _encrypt_to(pki, "recipient")
    with pytest.raises(SMIME.PKCS7_Error, match="no recipient matches certificate"):
        _smime_for(pki, "signer").decrypt(p7)
    signed = _smime_for(pki, "signer").sign(BIO.MemoryBuffer(MESSAGE))
    with pytest.raises(SMIME.PKCS7_Error, match="wrong content type"):
        _smime_for(pki, "recipient").decrypt(signed)
    with pytest.raises(SMIME.PKCS7_Error, match="wrong content type"):
        _verifier(pki).verify(p7)


def test_cipher_names(pki):
    with pytest.raises(ValueError):
        SMIME.Cipher("nosuchcipher")
    with pytest.raises(ValueError):
        SMIME.Cipher("lib_init")  # an m2 name that is not a cipher
    with pytest.warns(InsecureLegacyWarning, match="Sweet32"):
        cipher = SMIME.Cipher("des_ede3_cbc")
    s = SMIME.SMIME()
    with pytest.raises(SMIME.SMIME_Error, match="no cipher"):
        s.encrypt(BIO.MemoryBuffer(MESSAGE))
    s.set_cipher(cipher)
    with pytest.raises(SMIME.SMIME_Error, match="no recipient certs"):
        s.encrypt(BIO.MemoryBuffer(MESSAGE))


# --- malformed input ------------------------------------------------------------

BAD_SMIME = [
    b"",
    b"no pkcs7",
    b"MIME-Version: 1.0\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\n\n!!!",
    b"MIME-Version: 1.0\nContent-Type: multipart/signed; boundary=\"b\"\n\n--b\nhi\n--b--\n",
    b"Content-Type: multipart/signed; protocol=\"application/x-pkcs7-signature\"; "
    b"boundary=\"x\"\n\n--x\n\ndata\n--x\nContent-Type: application/x-pkcs7-signature\n\nAAAA\n--x--\n",
    b"\x00\xff" * 64,
]


@pytest.mark.parametrize("text", BAD_SMIME)
def test_malformed_smime_raises_smime_error(text):
    with pytest.raises(SMIME.SMIME_Error):
        SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(text))


def test_truncated_messages_never_crash(pki):
    text = _detached_smime(pki)
    # Cuts into the message itself: a cut that drops only the blank lines
    # after the closing boundary leaves a whole message, which verifies (the
    # length varies with the fresh certificates, so a cut every 97 bytes
    # landed there in about one run in fifty).
    for cut in range(0, len(text.rstrip(b"\n")), 97):
        try:
            p7, data = SMIME.smime_load_pkcs7_bio(BIO.MemoryBuffer(text[:cut]))
        except SMIME.SMIME_Error:
            continue
        with pytest.raises(SMIME.PKCS7_Error):
            _verifier(pki).verify(p7, data)
    der = BIO.MemoryBuffer()
    _smime_for(pki, "signer").sign(BIO.MemoryBuffer(MESSAGE)).write_der(der)
    der = der.read()
    for cut in range(1, len(der), 53):
        with pytest.raises(SMIME.PKCS7_Error):
            SMIME.load_pkcs7_bio_der(BIO.MemoryBuffer(der[:cut]))


def test_loaders_map_errors(pki, tmp_path):
    with pytest.raises(BIO.BIOError):
        SMIME.load_pkcs7(str(tmp_path / "missing"))
    with pytest.raises(SMIME.PKCS7_Error):
        SMIME.load_pkcs7(str(pki["dir"] / "ca.pem"))
    with pytest.raises(SMIME.PKCS7_Error):
        SMIME.load_pkcs7_der(str(pki["dir"] / "ca.pem"))
    with pytest.raises(SMIME.SMIME_Error):
        SMIME.smime_load_pkcs7(str(pki["dir"] / "ca.pem"))
    with pytest.raises(TypeError):
        SMIME.load_pkcs7_bio(b"not a bio")


# --- certs-only bags and helpers -------------------------------------------------

def test_degenerate_bag_round_trips(pki, tmp_path):
    stack = X509.X509_Stack()
    for who in ("signer", "ca"):
        stack.push(X509.load_cert(str(pki["dir"] / f"{who}.pem")))
    path = tmp_path / "certs.p7c"
    assert SMIME.save_degenerate(stack, str(path)) == 1
    certs = pkcs7.load_der_pkcs7_certificates(path.read_bytes())
    assert [c.subject for c in certs] == [pki["signer"].cert.subject, pki["ca"].cert.subject]
    loaded = SMIME.load_certificates(str(path))
    assert [c.as_der() for c in loaded] == [c.as_der() for c in stack]
    with pytest.raises(SMIME.SMIME_Error):
        SMIME.create_degenerate(X509.X509_Stack(), BIO.MemoryBuffer())
    with pytest.raises(SMIME.SMIME_Error):
        SMIME.create_degenerate(stack, "not a bio")


def test_text_crlf():
    assert SMIME.text_crlf(b"a\nb") == b"Content-Type: text/plain\r\n\r\na\r\nb"
    assert SMIME.text_crlf_bio(BIO.MemoryBuffer(b"x")).read() == b"Content-Type: text/plain\r\n\r\nx"


# --- m2.obj_* and threading -------------------------------------------------------

def test_obj_functions_agree_with_cryptography_oids():
    for oid, ln, sn in ((NameOID.COMMON_NAME, "commonName", "CN"),
                        (NameOID.ORGANIZATION_NAME, "organizationName", "O")):
        obj = m2.obj_txt2obj(sn, 0)
        assert m2.obj_obj2txt(obj, 1) == oid.dotted_string.encode()
        assert m2.obj_obj2txt(obj, 0) == ln.encode()
        nid = m2.obj_txt2nid(oid.dotted_string)
        assert nid == m2.obj_ln2nid(ln) == m2.obj_sn2nid(sn) == m2.obj_obj2nid(obj) != 0
        assert (m2.obj_nid2sn(nid), m2.obj_nid2ln(nid)) == (sn, ln)
        assert m2.obj_obj2txt(m2.obj_nid2obj(nid), 1) == oid.dotted_string.encode()
        assert isinstance(int(obj), int)


def test_obj_functions_on_unknown_and_bad_input():
    m2.err_clear_error()
    assert m2.obj_txt2obj("__unknown", 0) is None
    assert m2.obj_obj2txt(m2.obj_txt2obj("2.5.4.3", 1), 0) == b"commonName"
    assert m2.err_get_error() == 0  # the object lookups leave the error queue alone
    assert m2.obj_txt2nid("__unknown") == 0
    assert m2.obj_ln2nid("CN") == 0  # a short name is not a long name
    assert m2.obj_txt2obj("__unknown", 0) is None
    assert m2.obj_txt2obj("commonName", 1) is None  # no_name: digits only
    unregistered = m2.obj_txt2obj("1.2.3.4.5.6.7.8.9", 1)
    assert m2.obj_obj2txt(unregistered, 0) == b"1.2.3.4.5.6.7.8.9"
    assert m2.obj_obj2nid(unregistered) == 0
    assert m2.obj_nid2sn(987654) is None
    for fn in (m2.obj_txt2nid, m2.obj_sn2nid, m2.obj_ln2nid):
        with pytest.raises(ValueError):
            fn(None)
    with pytest.raises(ValueError):
        m2.obj_obj2txt(None, 0)


def test_threading_init_and_cleanup_are_harmless():
    m2threading.init()
    m2threading.init()
    m2threading.cleanup()
    m2threading.cleanup()
    assert m2.obj_txt2nid("CN") != 0


# --- nothing written through the BIOs is lost ---------------------------------

SIZES = (*range(101), 4095, 4096, 4097, 65535, 65536, 65537)


def _content(n):
    return bytes((i * 31 + 7) % 256 for i in range(n))


def test_every_length_round_trips_through_encrypt_and_decrypt(pki):
    # PKCS7_BINARY: without it OpenSSL canonicalises line ends (a final CR
    # goes, bare LFs become CRLF), in the real M2Crypto 0.51.0 as here.
    sender = SMIME.SMIME()
    stack = X509.X509_Stack()
    stack.push(X509.load_cert(str(pki["dir"] / "recipient.pem")))
    sender.set_x509_stack(stack)
    sender.set_cipher(SMIME.Cipher("aes_256_cbc"))
    recipient = _smime_for(pki, "recipient")
    for n in SIZES:
        data = _content(n)
        out = BIO.MemoryBuffer()
        recipient.write(out, sender.encrypt(BIO.MemoryBuffer(data), SMIME.PKCS7_BINARY))
        loaded, _ = SMIME.smime_load_pkcs7_bio(out)
        assert recipient.decrypt(loaded, SMIME.PKCS7_BINARY) == data, n


def test_every_length_round_trips_through_an_opaque_signature(pki):
    signer, verifier = _smime_for(pki, "signer"), _verifier(pki)
    for n in SIZES:
        data = _content(n)
        p7 = signer.sign(BIO.MemoryBuffer(data), SMIME.PKCS7_BINARY)
        out = BIO.MemoryBuffer()
        signer.write(out, p7)
        loaded, _ = SMIME.smime_load_pkcs7_bio(out)
        assert verifier.verify(loaded, flags=SMIME.PKCS7_BINARY) == data, n
