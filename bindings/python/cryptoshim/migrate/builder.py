"""The pyOpenSSL certificate builder sequence as one x509.CertificateBuilder.

``c = crypto.X509()``, then only ``c.set_*`` / ``c.gmtime_adj_*`` calls and
``c.get_subject().CN = "..."`` stores, then ``c.sign(key, "sha256")``: the
statements become one ``x509.CertificateBuilder()...sign(...)`` expression
(rewrite.py finds the sequence; this module decides each step). Registered
under the catalog id of the call that ends it, ``X509.sign``.

Every step keeps what OpenSSL writes, or the whole sequence is refused with
the step's reason (measured on pyOpenSSL 23.0.0 by the equivalence suite):
- version: X509() is a v1 certificate until set_version(2); the builder
  writes v3 only;
- serial: pyOpenSSL writes 0 and any size, the builder raises ValueError
  outside 1..2**159-1: literal serials in that range only;
- names: OpenSSL bounds each field by characters (CN/O/OU 64, L/ST 128, C
  exactly 2), cryptography counts UTF-8 bytes and checks CN and C only:
  literal ASCII values within both bounds only; a field stored twice keeps
  the last value at the end of the name, as X509Name.__setattr__ does;
- times: gmtime_adj_* is now + seconds (one clock reading for both, literal
  seconds); set_notBefore/After literals: a 13-character UTCTime, or a
  GeneralizedTime from 2050 (ASN1_TIME_set_string keeps a GeneralizedTime
  before 2050, which the builder writes as UTCTime);
- sign: a literal SHA-2 digest name, the key through to_cryptography_key().
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, Callable

import libcst as cst

from . import rules as R

CERT = "OpenSSL.crypto.X509"
NOW = "_cryptoshim_now"
# OpenSSL's ASN1_STRING_TABLE upper bounds (a_strnid.c), in characters.
UPPER = {
    "C": 2,
    "CN": 64,
    "O": 64,
    "OU": 64,
    "L": 128,
    "ST": 128,
    "emailAddress": 128,
    "serialNumber": 64,
}
SHORT = {  # long attribute names -> the short ones UPPER is keyed by
    "countryName": "C",
    "commonName": "CN",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "localityName": "L",
    "stateOrProvinceName": "ST",
}
PRINTABLE = set(string.ascii_letters + string.digits + " '()+,-./:=?")
# The digests the builder signs with: SHA-2 only (a rule targets safe replacements;
# md5/sha1 certificates stay for a person to decide).
SIGN_DIGESTS = ("sha224", "sha256", "sha384", "sha512")
SETTERS: tuple[str, ...] = (
    "set_version",
    "set_serial_number",
    "set_subject",
    "set_issuer",
    "set_pubkey",
    "gmtime_adj_notBefore",
    "gmtime_adj_notAfter",
    "set_notBefore",
    "set_notAfter",
)
# gmtime_adj_* literal bounds: the builder refuses dates before 1950.
MIN_SECONDS, MAX_SECONDS = -60 * 365 * 86400, 1000 * 365 * 86400


@dataclass
class Step:
    """One statement of the sequence: a setter call, or a name field store."""

    method: str  # a SETTERS entry, "sign", or "store"
    call: cst.Call | None = None
    which: str = ""  # store: "subject" | "issuer"
    attr: str = ""  # store: the field
    value: cst.BaseExpression | None = None  # store: the value


def _int(node) -> int | None:
    """A literal integer expression (1000, -60*60, 10*365*24*60*60), else None."""
    if isinstance(node, cst.Integer):
        return int(node.evaluated_value)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _int(node.expression)
        return None if inner is None else -inner
    if isinstance(node, cst.BinaryOperation):
        left, right = _int(node.left), _int(node.right)
        if left is None or right is None:
            return None
        ops = {
            cst.Multiply: lambda a, b: a * b,
            cst.Add: lambda a, b: a + b,
            cst.Subtract: lambda a, b: a - b,
        }
        op = ops.get(type(node.operator))
        return op(left, right) if op else None
    return None


def _field_value(attr: str, node) -> str | R.Refusal:
    value = R.string(node)
    if value is None or not isinstance(node, cst.SimpleString):
        return R.Refusal(
            f"X509Name.{attr} is not a literal: OpenSSL bounds it in characters per field, "
            "cryptography in UTF-8 bytes for CN and C only (the valid inputs differ)"
        )
    if node.value.lstrip("rRuU").startswith(("b", "B")):
        return R.Refusal(f"X509Name.{attr} is bytes: cryptography takes str only")
    short = SHORT.get(attr, attr)
    upper = UPPER.get(short, 64)
    low = 2 if short == "C" else 1
    # C and serialNumber are PrintableStrings in both: OpenSSL refuses other characters
    alphabet = PRINTABLE if short in ("C", "serialNumber") else None
    if (
        not value.isascii()
        or not value.isprintable()
        or not low <= len(value) <= upper
        or (alphabet is not None and not set(value) <= alphabet)
    ):
        return R.Refusal(
            f"X509Name.{attr} = {value!r}: outside the values OpenSSL and cryptography both "
            f"take alike ({'PrintableString' if alphabet else 'printable ASCII'}, "
            f"{low}..{upper} characters)"
        )
    return repr(value)


def _asn1_time(node) -> str | R.Refusal:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    if not isinstance(value, bytes):
        return R.Refusal("the time is not a bytes literal (pyOpenSSL raises TypeError for str)")
    text = value.decode("ascii", "replace")
    digits = text[:-1]
    if not (text.endswith("Z") and digits.isdigit() and len(digits) in (12, 14)):
        return R.Refusal(f"time {text!r} is not YYMMDDhhmmssZ or YYYYMMDDhhmmssZ")
    if len(digits) == 12:  # UTCTime: RFC 5280's pivot, as OpenSSL reads it
        year = int(digits[:2])
        year += 2000 if year < 50 else 1900
        rest = digits[2:]
    else:
        year, rest = int(digits[:4]), digits[4:]
        if year < 2050:
            return R.Refusal(
                f"GeneralizedTime {text!r} before 2050: OpenSSL keeps that encoding, "
                "CertificateBuilder writes UTCTime (the DER differs)"
            )
    parts = [int(rest[i : i + 2]) for i in range(0, 10, 2)]
    return f"datetime.datetime({year}, {', '.join(map(str, parts))}, tzinfo=datetime.timezone.utc)"


class _State:
    def __init__(self):
        self.version = False
        self.serial = ""
        self.names: dict = {"subject": [], "issuer": []}  # [(oid, value code)] or a Name code
        self.pubkey = ""
        # "before"/"after" -> ("", seconds) for gmtime_adj_*, (datetime code, None)
        self.times: dict = {}
        self.sign = ""


def _name_code(entries) -> str:
    if isinstance(entries, str):
        return entries
    attrs = ", ".join(f"x509.NameAttribute(NameOID.{oid}, {v})" for oid, v in entries)
    return f"x509.Name([{attrs}])"


def _store(state: _State, step: Step) -> R.Refusal | None:
    oid = R.NAME_OIDS.get(step.attr)
    if oid is None:
        return R.Refusal(f"X509Name.{step.attr} has no rule")
    entries = state.names[step.which]
    if isinstance(entries, str):
        return R.Refusal(f"a field set on a {step.which} copied from another object")
    value = _field_value(step.attr, step.value)
    if isinstance(value, R.Refusal):
        return value
    # X509Name.__setattr__: deletes the first entry of that type, appends the new one.
    same = [i for i, (o, _) in enumerate(entries) if o == oid]
    if same:
        del entries[same[0]]
    entries.append((oid, value))
    return None


def _setter(state: _State, step: Step, r: BuilderInput) -> R.Refusal | None:
    method = step.method
    assert step.call is not None
    args = R.bind(step.call, ["when"] if method.startswith("set_not") else ["value"])
    if isinstance(args, R.Refusal):
        return args
    if len(args) != 1:
        return R.Refusal(f"{method}() without its argument")
    (node,) = args.values()
    if method == "set_version":
        if _int(node) != 2:
            return R.Refusal(
                "set_version other than a literal 2: CertificateBuilder writes v3 only"
            )
        state.version = True
    elif method == "set_serial_number":
        n = _int(node)
        if n is None or not 0 < n < 2**159:
            return R.Refusal(
                "serial is not a literal in 1..2**159-1: pyOpenSSL writes 0 and serials of "
                "any size, CertificateBuilder raises ValueError"
            )
        state.serial = str(n)
    elif method in ("set_subject", "set_issuer"):
        name = r.name_of(node)
        if isinstance(name, R.Refusal):
            return name
        if isinstance(name, tuple):  # ("self", "subject"): this certificate's own name
            name = state.names[name[1]]
        # X509_set_*_name copies: later stores on the source do not follow
        state.names[method[len("set_") :]] = list(name) if isinstance(name, list) else name
    elif method == "set_pubkey":
        k, key = R.KEY_VAR, r.key_of(node)
        state.pubkey = f'({k}.public_key() if hasattr(({k} := {key}), "private_bytes") else {k})'
    elif method.startswith("gmtime_adj_"):
        seconds = _int(node)
        if seconds is None or not MIN_SECONDS <= seconds <= MAX_SECONDS:
            return R.Refusal(
                f"{method}() seconds are not a literal within -60..1000 years: a value "
                "OpenSSL takes (any C long) can fall outside the dates cryptography takes"
            )
        state.times["before" if method.endswith("Before") else "after"] = ("", seconds)
    else:  # set_notBefore / set_notAfter
        when = _asn1_time(node)
        if isinstance(when, R.Refusal):
            return when
        state.times["before" if method.endswith("Before") else "after"] = (when, None)
    return None


@dataclass
class BuilderInput:
    steps: list
    code: Callable[[cst.CSTNode], str]
    # set_subject/set_issuer argument -> ("self", "subject"|"issuer") for the
    # sequence's own name, a cryptography Name expression, or a refusal
    name_of: Callable[[Any], Any]
    key_of: Callable[[Any], str]  # a PKey argument -> a cryptography key expression


def build(r: BuilderInput) -> R.Rewrite | R.Refusal:
    state = _State()
    for step in r.steps:
        if step.method == "store":
            why = _store(state, step)
        elif step.method == "sign":
            assert step.call is not None
            args = R.bind(step.call, ["pkey", "digest"])
            if isinstance(args, R.Refusal):
                return args
            name = R.string(args.get("digest"))
            if name is not None and name.lower() not in SIGN_DIGESTS:
                return R.Refusal(f"digest {name!r}: a weak signature has no rule (SHA-2 only)")
            digest = R.digest_class(args.get("digest"))
            if isinstance(digest, R.Refusal):
                return digest
            state.sign = f"{r.key_of(args['pkey'])}, {digest}"
            why = None
        else:
            why = _setter(state, step, r)
        if why is not None:
            return why
    if not state.version:
        return R.Refusal(
            "no set_version(2): the sequence makes a v1 certificate, CertificateBuilder "
            "always writes v3"
        )
    missing = [
        what
        for what, ok in (
            ("set_serial_number", state.serial),
            ("set_pubkey", state.pubkey),
            ("notBefore", "before" in state.times),
            ("notAfter", "after" in state.times),
        )
        if not ok
    ]
    if missing:
        return R.Refusal(
            f"the sequence leaves {', '.join(missing)} unset: OpenSSL signs that, "
            "CertificateBuilder raises ValueError"
        )
    before, after = state.times["before"], state.times["after"]
    if before[1] is not None and after[1] is not None and after[1] < before[1]:
        return R.Refusal("notAfter before notBefore: OpenSSL signs that, the builder refuses it")
    if (before[1] is None) != (after[1] is None):
        return R.Refusal("one time relative (gmtime_adj), one absolute: their order is unknown")
    if before[1] is not None:  # one clock reading, taken where the builder first needs it
        now = f"({NOW} := datetime.datetime.now(datetime.timezone.utc))"
        before = (f"{now} + datetime.timedelta(seconds={before[1]})", before[1])
        after = (f"{NOW} + datetime.timedelta(seconds={after[1]})", after[1])
    parts = [
        "x509.CertificateBuilder()",
        f".serial_number({state.serial})",
        f".subject_name({_name_code(state.names['subject'])})",
        f".issuer_name({_name_code(state.names['issuer'])})",
        f".public_key({state.pubkey})",
        f".not_valid_before({before[0]})",
        f".not_valid_after({after[0]})",
        f".sign({state.sign})",
    ]
    code = "\n".join(parts)  # one call per line (sequence.Sequence.wrapped indents them)
    imports: list[tuple[str, str | None]] = [R.X509, R.HASHES]
    imports += [R.NAMEOID] if "NameOID." in code else []
    imports += [R.DATETIME] if "datetime." in code else []
    return R.Rewrite(code, tuple(imports))
