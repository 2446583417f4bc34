"""Run by both the real pyOpenSSL and cryptoshim's drop-in (in separate
interpreters): evaluates each case and prints {case: outcome} as JSON, where
an outcome is the returned value (bytes as hex) or the exception's type name
and args. The differential test compares the two documents."""
import datetime
import json
import sys
import warnings

warnings.simplefilter("ignore")
from OpenSSL import crypto  # noqa: E402

FIX = sys.argv[1]


def read(name):
    with open(f"{FIX}/{name}", "rb") as f:
        return f.read()


CERT_PEM = read("cert.pem")
CERT_DER = read("cert.der")
KEY_PEM = read("key.pem")
ENC_KEY_PEM = read("key-enc.pem")


def outcome(fn):
    try:
        value = fn()
    except Exception as exc:  # noqa: BLE001 - we record every failure shape
        args = [a if isinstance(a, (str, int)) else repr(a) for a in exc.args]
        if type(exc).__name__ == "Error" and exc.args and isinstance(exc.args[0], list):
            args = [[list(t) for t in exc.args[0]]]
        return {"raises": type(exc).__name__, "args": args}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, (int, str, bool, type(None))):
        return {"value": value}
    if isinstance(value, (list, tuple)):
        return {"value": [[x.hex() if isinstance(x, bytes) else x for x in item]
                          if isinstance(item, tuple) else item for item in value]}
    return {"type": type(value).__name__}


def cert():
    return crypto.load_certificate(crypto.FILETYPE_PEM, CERT_PEM)


def key():
    return crypto.load_privatekey(crypto.FILETYPE_PEM, KEY_PEM)


def _verdict(ctx):
    """None when verify_certificate succeeds, else its errors and the CN of
    the certificate it names."""
    try:
        return ctx.verify_certificate()
    except crypto.X509StoreContextError as exc:
        return [exc.errors, str(exc), None if exc.certificate is None
                else exc.certificate.get_subject().CN]


def store_changes_reach_the_next_verify():
    # Whatever the drop-in keeps between verifies, a certificate, time or
    # flag set on the store after one verify must decide the next one, for
    # the same X509StoreContext and for a new one.
    store = crypto.X509Store()
    ctx = crypto.X509StoreContext(store, cert())
    steps = [_verdict(ctx)]
    store.add_cert(cert())
    steps += [_verdict(ctx), _verdict(crypto.X509StoreContext(store, cert()))]
    store.set_time(datetime.datetime(2000, 1, 1))
    steps.append(_verdict(ctx))
    store.set_time(datetime.datetime(2100, 1, 1))
    steps.append(_verdict(ctx))
    fresh = crypto.X509Store()
    fresh.add_cert(cert())
    ctx.set_store(fresh)
    steps.append(_verdict(ctx))
    fresh.set_flags(crypto.X509StoreFlags.CRL_CHECK)
    steps.append(_verdict(ctx))
    return steps


CASES = {
    "load_certificate garbage PEM": lambda: crypto.load_certificate(crypto.FILETYPE_PEM, b"junk"),
    "load_certificate garbage DER": lambda: crypto.load_certificate(crypto.FILETYPE_ASN1, b"\x30\x03\x02\x01"),
    "load_certificate truncated PEM": lambda: crypto.load_certificate(crypto.FILETYPE_PEM, CERT_PEM[:200]),
    "load_certificate truncated DER": lambda: crypto.load_certificate(crypto.FILETYPE_ASN1, CERT_DER[:100]),
    "load_certificate bad type": lambda: crypto.load_certificate(7, CERT_PEM),
    "load_certificate None": lambda: crypto.load_certificate(crypto.FILETYPE_PEM, None),
    "dump_certificate PEM": lambda: crypto.dump_certificate(crypto.FILETYPE_PEM, cert()),
    "dump_certificate DER": lambda: crypto.dump_certificate(crypto.FILETYPE_ASN1, cert()),
    "dump_certificate DER of DER load": lambda: crypto.dump_certificate(
        crypto.FILETYPE_ASN1, crypto.load_certificate(crypto.FILETYPE_ASN1, CERT_DER)),
    "subject components": lambda: cert().get_subject().get_components(),
    "subject repr": lambda: repr(cert().get_subject()),
    "issuer CN": lambda: cert().get_issuer().CN,
    "notBefore": lambda: cert().get_notBefore(),
    "notAfter": lambda: cert().get_notAfter(),
    "serial": lambda: cert().get_serial_number(),
    "version": lambda: cert().get_version(),
    "signature algorithm": lambda: cert().get_signature_algorithm(),
    "digest sha256": lambda: cert().digest("sha256"),
    "digest bad": lambda: cert().digest("monkeys"),
    "subject_name_hash": lambda: cert().subject_name_hash(),
    "extension count": lambda: cert().get_extension_count(),
    "has_expired": lambda: cert().has_expired(),
    "pubkey bits": lambda: cert().get_pubkey().bits(),
    "pubkey type": lambda: cert().get_pubkey().type(),
    "dump_publickey PEM": lambda: crypto.dump_publickey(crypto.FILETYPE_PEM, cert().get_pubkey()),
    "dump_privatekey PEM": lambda: crypto.dump_privatekey(crypto.FILETYPE_PEM, key()),
    "dump_privatekey DER": lambda: crypto.dump_privatekey(crypto.FILETYPE_ASN1, key()),
    "load_privatekey garbage": lambda: crypto.load_privatekey(crypto.FILETYPE_PEM, b"nope"),
    "load_privatekey wrong passphrase": lambda: crypto.load_privatekey(
        crypto.FILETYPE_PEM, ENC_KEY_PEM, b"wrong"),
    "load_privatekey right passphrase bits": lambda: crypto.load_privatekey(
        crypto.FILETYPE_PEM, ENC_KEY_PEM, b"secret").bits(),
    "load_privatekey callback returns int": lambda: crypto.load_privatekey(
        crypto.FILETYPE_PEM, ENC_KEY_PEM, lambda *a: 3),
    "load_publickey garbage": lambda: crypto.load_publickey(crypto.FILETYPE_PEM, b"nope"),
    "sign+verify sha256": lambda: crypto.verify(
        cert(), crypto.sign(key(), b"data", "sha256"), b"data", "sha256"),
    "verify bad signature": lambda: crypto.verify(cert(), b"\x00" * 256, b"data", "sha256"),
    "sign bad digest": lambda: crypto.sign(key(), b"data", "monkeys"),
    "X509Name eq": lambda: cert().get_subject() == cert().get_issuer(),
    "X509StoreContext store changes reach the next verify": store_changes_reach_the_next_verify,
}

# Integer arguments pyOpenSSL hands to cffi: a bool is an int; outside the C
# type, cffi's OverflowError; a float, its TypeError (or pyOpenSSL's own check).
from OpenSSL import SSL  # noqa: E402


def _ctx():
    return SSL.Context(SSL.TLS_METHOD)


def _unset(fn):
    """Only the exception matters (the default mode/cache mode differ by release)."""
    return lambda v: (fn(v), None)[1]


INT_CALLS = {
    "X509.get_extension": lambda v: cert().get_extension(v),
    "X509.set_version": lambda v: crypto.X509().set_version(v),
    "X509.gmtime_adj_notAfter": lambda v: crypto.X509().gmtime_adj_notAfter(v),
    "X509Req.set_version": lambda v: crypto.X509Req().set_version(v),
    "PKey.generate_key RSA bits": _unset(lambda v: crypto.PKey().generate_key(
        crypto.TYPE_RSA, v) if v not in (True, 2 ** 31) else None),
    "X509Store.set_flags": lambda v: crypto.X509Store().set_flags(v),
    "Context.set_options": _unset(lambda v: _ctx().set_options(v)),
    "Context.set_mode": _unset(lambda v: _ctx().set_mode(v)),
    "Context.set_session_cache_mode": lambda v: _ctx().set_session_cache_mode(v),
    "Context.set_verify_depth": lambda v: _ctx().set_verify_depth(v),
    "Context.set_timeout": lambda v: _ctx().set_timeout(v),
    "Context.set_verify": lambda v: _ctx().set_verify(v, None),
    "Context.set_max_proto_version": lambda v: _ctx().set_max_proto_version(v)
    if v not in (True, -1) else None,
    "Connection.set_shutdown": lambda v: SSL.Connection(_ctx(), None).set_shutdown(v),
    # (sizes only: a valid size reads from a connection that never handshook)
    "Connection.recv": lambda v: SSL.Connection(_ctx(), None).recv(v)
    if v is not True else None,
    "Connection.bio_read": lambda v: SSL.Connection(_ctx(), None).bio_read(v)
    if v is not True else None,
}
for _label, _call in INT_CALLS.items():
    for _shown, _value in (("True", True), ("2**31", 2 ** 31), ("2**63", 2 ** 63),
                           ("2**64", 2 ** 64), ("-1", -1), ("-2**63-1", -(2 ** 63) - 1),
                           ("1.0", 1.0)):
        CASES[f"int arg {_label}({_shown})"] = lambda c=_call, v=_value: c(v)

print(json.dumps({name: outcome(fn) for name, fn in CASES.items()}, sort_keys=True))
