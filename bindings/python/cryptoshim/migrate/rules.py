"""One rewrite rule per catalog id: the only place a rewrite is defined.

A rule turns one legacy call (LibCST nodes, already rewritten inside) into a
``cryptography`` expression, or refuses with the reason. Every rule keeps the
call's result type (bytes stay bytes, bool stays bool, None stays None) and
lists the exception classes that change (``exceptions``: legacy -> new; "A|B"
when the input decides which, e.g. bad data vs an encrypted key), which
the plan prints and the equivalence suite maps. A call whose legacy exception
is caught by an enclosing handler is refused by rewrite.py, not here.

Kinds:
- ``call``: a module function, ``crypto.dump_certificate(FILETYPE_PEM, c)``;
- ``method``: a method of a legacy class, on a receiver typed by the scanner
  or by rewrite.py; ``crt`` is the receiver as a ``cryptography`` object,
  through the bridge (``r.to_cryptography()``) or directly when the receiver
  itself was migrated (``load_certificate`` whose every use is rewritable);
- ``chain``: a method whose result is only usable through a following
  attribute (``cert.get_subject().CN``): rewritten with that attribute, else
  refused because the legacy object would escape;
- ``loader``: a function returning a legacy object, migrated only when every
  use of the variable it is assigned to is itself rewritable;
- ``object``: a constructor whose object is migrated with its methods
  (M2Crypto ``EVP.MessageDigest`` + ``update``/``final``);
- ``init``: a method that initialises the object a constructor made in the
  statement just before (``k = crypto.PKey()`` then ``k.generate_key(...)``):
  the rule's code is the cryptography object, and the pair becomes one
  constructor through the bridge (``crypto.PKey.from_cryptography_key(...)``)
  so every later use of the legacy object stays valid;
- ``builder``: the call ending a whole builder sequence (``X509()``, its
  setters, ``sign``), decided step by step in builder.py; ``methods`` are
  the steps, ``constructor`` the class that starts it.

Target: cryptography >= 42 (``not_valid_after_utc``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import libcst as cst

SER = ("cryptography.hazmat.primitives", "serialization")
HASHES = ("cryptography.hazmat.primitives", "hashes")
X509 = ("cryptography", "x509")
NAMEOID = ("cryptography.x509.oid", "NameOID")
DATETIME = ("datetime", None)
OS = ("os", None)
PATHLIB = ("pathlib", None)
HASHLIB = ("hashlib", None)
HMAC_STDLIB = ("hmac", None)
CHMAC = ("cryptography.hazmat.primitives", "hmac")
PADDING = ("cryptography.hazmat.primitives.asymmetric", "padding")
RSA_MOD = ("cryptography.hazmat.primitives.asymmetric", "rsa")
EC_MOD = ("cryptography.hazmat.primitives.asymmetric", "ec")
DSA_MOD = ("cryptography.hazmat.primitives.asymmetric", "dsa")
# The name sign/verify rewrites bind the cryptography key to (an assignment
# expression, so the key type picks the arguments in one expression).
KEY_VAR = "_cryptoshim_key"

# Digest names as OpenSSL's EVP_get_digestbyname takes them -> cryptography class.
DIGESTS = {
    "md5": "MD5",
    "sha1": "SHA1",
    "sha224": "SHA224",
    "sha256": "SHA256",
    "sha384": "SHA384",
    "sha512": "SHA512",
}
# X509Name attributes (pyOpenSSL __getattr__, long and short names) -> NameOID.
NAME_OIDS = {
    "CN": "COMMON_NAME",
    "commonName": "COMMON_NAME",
    "O": "ORGANIZATION_NAME",
    "organizationName": "ORGANIZATION_NAME",
    "OU": "ORGANIZATIONAL_UNIT_NAME",
    "organizationalUnitName": "ORGANIZATIONAL_UNIT_NAME",
    "C": "COUNTRY_NAME",
    "countryName": "COUNTRY_NAME",
    "ST": "STATE_OR_PROVINCE_NAME",
    "stateOrProvinceName": "STATE_OR_PROVINCE_NAME",
    "L": "LOCALITY_NAME",
    "localityName": "LOCALITY_NAME",
    "emailAddress": "EMAIL_ADDRESS",
    "serialNumber": "SERIAL_NUMBER",
}
ENCODINGS = {"PEM": "PEM", "ASN1": "DER"}
PYOPENSSL_ERROR = "OpenSSL.crypto.Error"
# The catalog's `old_default` for EVP.hmac / EVP.HMAC: the digest a call
# without `algo` gets depends on the M2Crypto release, so no rewrite can keep it.
DEFAULT_CHANGED = (
    "no algo given: M2Crypto's default digest differs by release "
    "(sha256 in 0.51.0, sha1 up to 0.45.1); pass algo explicitly first"
)


@dataclass
class Rewrite:
    code: str  # a Python expression
    imports: tuple = ()  # (module, name or None)
    # chain rules whose attribute is a method called without arguments
    # (cert.get_not_after().get_datetime()): the code replaces that call too
    consumes_call: bool = False


@dataclass
class Refusal:
    reason: str


@dataclass
class Input:
    """What a rule sees: the rewritten call and helpers over it."""

    call: cst.Call
    code: Callable[[cst.CSTNode], str]
    crt: str = ""  # method/chain rules: the receiver as a cryptography object
    attr: str = ""  # chain rules: the attribute after the call
    variable: str = ""  # object rules: the variable holding the object
    # call rules: whether an argument is a variable already holding a
    # cryptography object (a migrated load_certificate result)
    is_direct: Callable[[cst.CSTNode], bool] = lambda node: False


@dataclass
class Rule:
    api: str
    kind: str  # call | method | chain | loader | object | init | builder
    summary: str
    build: Callable[[Input], Rewrite | Refusal]
    exceptions: dict = field(default_factory=dict)
    receiver: str = ""  # method/chain: legacy class path the receiver must have
    returns: str = ""  # loader: the legacy class the call returns
    # method/chain: False when the legacy object has no to_cryptography()
    # (M2Crypto): rewritten only on a receiver that was itself migrated
    bridge: bool = True
    methods: dict = field(default_factory=dict)  # object: method -> new method name
    # object: methods whose legacy return value differs (only usable as a statement)
    statement_only: tuple = ()
    # method/chain: the legacy object's bridge to cryptography (PKey: to_cryptography_key)
    bridge_method: str = "to_cryptography"
    # init: the constructor's catalog id and the legacy class's bridge from cryptography
    constructor: str = ""
    from_bridge: str = ""


RULES: dict[str, Rule] = {}


def rule(api, kind, summary, exceptions=None, **kw):
    def register(build):
        RULES[api] = Rule(api, kind, summary, build, exceptions or {}, **kw)
        return build

    return register


# helpers ---------------------------------------------------------------------
def bind(call: cst.Call, names: list[str]) -> dict | Refusal:
    """Arguments by parameter name; refuses *args/**kwargs we cannot see through."""
    out: dict = {}
    for i, arg in enumerate(call.args):
        if arg.star:
            return Refusal("*args/**kwargs: the arguments cannot be checked")
        if arg.keyword is not None:
            out[arg.keyword.value] = arg.value
        elif i < len(names):
            out[names[i]] = arg.value
        else:
            return Refusal("more positional arguments than the legacy signature has")
    unknown = set(out) - set(names)
    if unknown:
        return Refusal(f"unknown keyword {sorted(unknown)[0]}")
    return out


def terminal(node) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def filetype(node) -> str | None:
    name = terminal(node)
    if name and name.startswith("FILETYPE_"):
        return name[len("FILETYPE_") :]
    return None


def string(node) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value.decode("ascii", "replace") if isinstance(value, bytes) else value
    return None


def digest_class(node) -> str | Refusal:
    name = string(node)
    if name is None:
        return Refusal("digest name is not a literal: cannot pick the hash class")
    cls = DIGESTS.get(name.lower().replace("-", ""))
    if cls is None:
        return Refusal(f"digest {name!r} has no rule (the legacy call may reject it)")
    return f"hashes.{cls}()"


def hashed(names: list[str], param: str, template: str, imports: tuple, missing: str = ""):
    """A builder for a call whose argument `param` names the digest: binds
    `names`, refuses without `param` (with the reason `missing`, when given)
    or with a digest name that is not a literal with a rule, and rewrites to
    `template` over {h} (the hash object), {crt} (the receiver) and the other
    arguments' code by parameter name."""

    def build(r: Input):
        args = bind(r.call, names)
        if isinstance(args, Refusal):
            return args
        if missing and param not in args:
            return Refusal(missing)
        h = digest_class(args.get(param))
        if isinstance(h, Refusal):
            return h
        code = {name: r.code(node) for name, node in args.items() if name != param}
        return Rewrite(template.format(h=h, crt=r.crt, **code), imports)

    return build


def paren(code: str) -> str:
    return code if code.replace("_", "a").replace(".", "a").isalnum() else f"({code})"


BYTES_CALLS = {"encode", "bytes", "b64decode", "a2b_base64", "public_bytes", "unhexlify"}


def as_bytes(node, code, codec: str = "ascii") -> str | Refusal:
    """pyOpenSSL's loaders take str too (encoded as ASCII); cryptography's do not.

    Provably bytes: passed as is. A plain name or attribute: wrapped in the
    same conversion pyOpenSSL does. Anything else could be str and would be
    evaluated twice by the wrapper: refused.
    """
    if isinstance(node, cst.SimpleString):
        if code(node).lstrip("rR").startswith(("b", "B")):
            return code(node)
        return Refusal("a str buffer: pyOpenSSL encodes it, cryptography raises TypeError")
    if isinstance(node, cst.Call) and terminal(node.func) in BYTES_CALLS:
        return code(node)
    if isinstance(node, (cst.Name, cst.Attribute)):
        text = code(node)
        return f'({text}.encode("{codec}") if isinstance({text}, str) else {text})'
    return Refusal("the buffer may be str (pyOpenSSL encodes it) and is not a plain name")


def encoding(node) -> str | Refusal:
    kind = filetype(node)
    if kind is None:
        return Refusal("file type is not a FILETYPE_* constant")
    if kind not in ENCODINGS:
        return Refusal(f"FILETYPE_{kind} has no byte-identical replacement")
    return f"serialization.Encoding.{ENCODINGS[kind]}"


# pyOpenSSL: module functions ---------------------------------------------------
def _dump_via_bridge(param: str):
    """dump_certificate / dump_certificate_request: the object's bridge, then
    public_bytes in the encoding the FILETYPE_* constant names."""

    def build(r: Input):
        args = bind(r.call, ["type", param])
        if isinstance(args, Refusal):
            return args
        enc = encoding(args.get("type"))
        if isinstance(enc, Refusal):
            return enc
        obj = r.code(args[param])
        crt = obj if r.is_direct(args[param]) else f"{paren(obj)}.to_cryptography()"
        return Rewrite(f"{crt}.public_bytes({enc})", (SER,))

    return build


def _load_with(
    pem_loader: str,
    der_loader: str,
    template: str = "x509.{loader}({data})",
    imports: tuple = (X509,),
    passphrase: bool = False,
):
    """load_certificate / load_certificate_request / load_privatekey:
    cryptography's PEM or DER loader, chosen by the FILETYPE_* constant; str
    buffers encoded as pyOpenSSL does; `template` over {loader} and {data}.
    With `passphrase` the call may pass one, and is refused if it does."""
    names = ["type", "buffer", "passphrase"] if passphrase else ["type", "buffer"]

    def build(r: Input):
        args = bind(r.call, names)
        if isinstance(args, Refusal):
            return args
        if "passphrase" in args:
            return Refusal(PASSPHRASE_DIFFERS)
        loader = {"PEM": pem_loader, "ASN1": der_loader}.get(filetype(args.get("type")) or "")
        if loader is None:
            return Refusal("file type is not FILETYPE_PEM or FILETYPE_ASN1")
        data = as_bytes(args["buffer"], r.code)
        if isinstance(data, Refusal):
            return data
        return Rewrite(template.format(loader=loader, data=data), imports)

    return build


# Certificates and requests, dumped through the bridge: (catalog id, summary, build).
BRIDGE_DUMPS = (
    ("pyopenssl.crypto.dump_certificate",
     "c.to_cryptography().public_bytes(serialization.Encoding.PEM|DER)", _dump_via_bridge("cert")),
    ("pyopenssl.crypto.dump_certificate_request",
     "req.to_cryptography().public_bytes(serialization.Encoding.PEM|DER)", _dump_via_bridge("req")),
)  # fmt: skip
for _api, _summary, _build in BRIDGE_DUMPS:
    rule(_api, "call", _summary, {"TypeError": "AttributeError"})(_build)

# ... and loaded: (catalog id, the legacy class returned, PEM loader, DER loader).
X509_LOADERS = (
    ("pyopenssl.crypto.load_certificate", "OpenSSL.crypto.X509",
     "load_pem_x509_certificate", "load_der_x509_certificate"),
    ("pyopenssl.crypto.load_certificate_request", "OpenSSL.crypto.X509Req",
     "load_pem_x509_csr", "load_der_x509_csr"),
)  # fmt: skip
for _api, _returns, _pem, _der in X509_LOADERS:
    _summary = f"x509.{_pem}(data) / {_der}(data), when every use of the result is rewritable"
    rule(_api, "loader", _summary, {PYOPENSSL_ERROR: "ValueError"}, returns=_returns)(
        _load_with(_pem, _der)
    )


@rule(
    "pyopenssl.crypto.dump_privatekey",
    "call",
    "k.to_cryptography_key().private_bytes(Encoding.PEM, PrivateFormat.PKCS8 | "
    "Encoding.DER, PrivateFormat.TraditionalOpenSSL, NoEncryption()); refused with a cipher",
    {"TypeError": "AttributeError"},
)
def _dump_privatekey(r: Input):
    args = bind(r.call, ["type", "pkey", "cipher", "passphrase"])
    if isinstance(args, Refusal):
        return args
    if "cipher" in args or "passphrase" in args:
        return Refusal("encrypted output: pyOpenSSL's cipher names have no direct rewrite")
    enc = encoding(args.get("type"))
    if isinstance(enc, Refusal):
        return enc
    # What OpenSSL 3 writes: PEM_write_bio_PrivateKey is PKCS#8, i2d_PrivateKey
    # the key type's own ("traditional") DER.
    fmt = "PKCS8" if enc.endswith("PEM") else "TraditionalOpenSSL"
    return Rewrite(
        f"{_crypto_key(r, args['pkey'])}.private_bytes({enc}, "
        f"serialization.PrivateFormat.{fmt}, serialization.NoEncryption())",
        (SER,),
    )


def _crypto_key(r: Input, node) -> str:
    """A PKey argument as a cryptography key: itself when the variable holds a
    migrated key (load_privatekey's result), else through the bridge."""
    code = r.code(node)
    return code if r.is_direct(node) else f"{paren(code)}.to_cryptography_key()"


def _by_key_type(call: str, private: bool, key: str, head: str, h: str) -> str:
    """One expression choosing sign()/verify() arguments by the key's type,
    as EVP_SignFinal / EVP_VerifyFinal do: RSA PKCS#1 v1.5, ECDSA, else DSA's.
    The key is bound first (an assignment expression), so the data is
    evaluated once, after the key, as in the legacy call."""
    k = KEY_VAR
    rsa_cls = "rsa.RSAPrivateKey" if private else "rsa.RSAPublicKey"
    ec_cls = "ec.EllipticCurvePrivateKey" if private else "ec.EllipticCurvePublicKey"
    return (
        f"({k} := {key}).{call}({head}, *((padding.PKCS1v15(), {h}) "
        f"if isinstance({k}, {rsa_cls}) else (ec.ECDSA({h}),) "
        f"if isinstance({k}, {ec_cls}) else ({h},)))"
    )


def _signature_args(r: Input, names: list[str]) -> tuple[dict, str, str] | Refusal:
    """sign/verify: (the arguments by name, the hash class, the data as bytes
    as pyOpenSSL encodes a str: UTF-8), or the first refusal."""
    args = bind(r.call, names)
    if isinstance(args, Refusal):
        return args
    h = digest_class(args.get("digest"))
    if isinstance(h, Refusal):
        return h
    data = as_bytes(args["data"], r.code, "utf-8")
    if isinstance(data, Refusal):
        return data
    return args, h, data


@rule(
    "pyopenssl.crypto.sign",
    "call",
    "RSA: key.sign(data, padding.PKCS1v15(), hashes.SHA256()); EC: key.sign(data, "
    "ec.ECDSA(hashes.SHA256())); DSA: key.sign(data, hashes.SHA256()), picked by key type",
    {PYOPENSSL_ERROR: "TypeError"},
)
def _sign(r: Input):
    bound = _signature_args(r, ["pkey", "data", "digest"])
    if isinstance(bound, Refusal):
        return bound
    args, h, data = bound
    code = _by_key_type("sign", True, _crypto_key(r, args["pkey"]), data, h)
    return Rewrite(code, (PADDING, RSA_MOD, EC_MOD, HASHES))


@rule(
    "pyopenssl.crypto.verify",
    "call",
    "cert.to_cryptography().public_key().verify(signature, data, padding.PKCS1v15() | "
    "ec.ECDSA(h) | h) by key type; None on success",
    {PYOPENSSL_ERROR: "cryptography.exceptions.InvalidSignature"},
)
def _verify(r: Input):
    bound = _signature_args(r, ["cert", "signature", "data", "digest"])
    if isinstance(bound, Refusal):
        return bound
    args, h, data = bound
    cert = r.code(args["cert"])
    crt = cert if r.is_direct(args["cert"]) else f"{paren(cert)}.to_cryptography()"
    head = f"{r.code(args['signature'])}, {data}"
    code = _by_key_type("verify", False, f"{crt}.public_key()", head, h)
    return Rewrite(code, (PADDING, RSA_MOD, EC_MOD, HASHES))


PKEY = "OpenSSL.crypto.PKey"
# Measured on pyOpenSSL 23.0.0 (the equivalence suite): bad data raises Error,
# and so does an encrypted key without a passphrase (after prompting, on a
# terminal); cryptography raises ValueError and TypeError respectively.
PASSPHRASE_DIFFERS = (
    "a passphrase: pyOpenSSL ignores one given for an unencrypted key and takes a "
    "callback, cryptography raises TypeError for the first and takes bytes only"
)


rule(
    "pyopenssl.crypto.load_privatekey",
    "loader",
    "serialization.load_pem_private_key(data, None) / load_der_private_key(data, None), "
    "when every use of the result is rewritable; refused with a passphrase",
    {PYOPENSSL_ERROR: "ValueError|TypeError"},
    returns=PKEY,
)(
    _load_with(
        "load_pem_private_key",
        "load_der_private_key",
        "serialization.{loader}({data}, None)",
        (SER,),
        passphrase=True,
    )
)


@rule(
    "pyopenssl.crypto.dump_publickey",
    "call",
    "key.public_bytes(Encoding.PEM|DER, PublicFormat.SubjectPublicKeyInfo), "
    "the public half first when the PKey holds a private key",
    {"TypeError": "AttributeError"},
)
def _dump_publickey(r: Input):
    args = bind(r.call, ["type", "pkey"])
    if isinstance(args, Refusal):
        return args
    enc = encoding(args.get("type"))
    if isinstance(enc, Refusal):
        return enc
    # PEM_write_bio_PUBKEY / i2d_PUBKEY_bio write the public half of any PKey.
    k, bound = KEY_VAR, _crypto_key(r, args["pkey"])
    key = f'({k}.public_key() if hasattr(({k} := {bound}), "private_bytes") else {k})'
    return Rewrite(
        f"{key}.public_bytes({enc}, serialization.PublicFormat.SubjectPublicKeyInfo)", (SER,)
    )


@rule(
    "pyopenssl.crypto.PKey.to_cryptography_key",
    "method",
    "key (the receiver already is a cryptography key)",
    receiver=PKEY,
    bridge_method="to_cryptography_key",
)
def _pkey_to_cryptography_key(r: Input):
    if r.crt.endswith(".to_cryptography_key()"):
        return Refusal("the bridge itself: kept while the receiver is a legacy PKey")
    return _no_args(r) or Rewrite(r.crt)


# cryptography's lower bounds; pyOpenSSL passes any size to OpenSSL (512-bit RSA
# works there): only literal sizes both accept are rewritten.
KEY_SIZES = {
    "RSA": ("rsa.generate_private_key(public_exponent=65537, key_size={bits})", RSA_MOD),
    "DSA": ("dsa.generate_private_key(key_size={bits})", DSA_MOD),
}


@rule(
    "pyopenssl.crypto.PKey.generate_key",
    "init",
    "k = crypto.PKey(); k.generate_key(TYPE_RSA, n) -> k = crypto.PKey.from_cryptography_key("
    "rsa.generate_private_key(public_exponent=65537, key_size=n)) (DSA likewise)",
    receiver=PKEY,
    constructor="pyopenssl.crypto.PKey",
    from_bridge="from_cryptography_key",
)
def _generate_key(r: Input):
    args = bind(r.call, ["type", "bits"])
    if isinstance(args, Refusal):
        return args
    kind = terminal(args.get("type"))
    if kind not in ("TYPE_RSA", "TYPE_DSA"):
        return Refusal("key type is not crypto.TYPE_RSA or crypto.TYPE_DSA")
    bits = args.get("bits")
    if not isinstance(bits, cst.Integer):
        return Refusal(
            "bits is not a literal: pyOpenSSL takes sizes cryptography refuses "
            "(RSA < 1024, DSA other than 1024/2048/3072/4096)"
        )
    n = int(bits.evaluated_value)
    ok = n >= 1024 if kind == "TYPE_RSA" else n in (1024, 2048, 3072, 4096)
    if not ok:
        return Refusal(f"{n} bits: cryptography refuses this size, pyOpenSSL does not")
    template, module = KEY_SIZES[kind[len("TYPE_") :]]
    return Rewrite(template.format(bits=n), (module,))


# pyOpenSSL: X509 and X509Req methods -------------------------------------------
CERT = "OpenSSL.crypto.X509"
REQ = "OpenSSL.crypto.X509Req"


def _no_args(r: Input) -> Refusal | None:
    return Refusal("unexpected arguments") if r.call.args else None


def _expression(template: str, imports: tuple = ()):
    """A method called without arguments whose rewrite is `template` over the
    receiver as a cryptography object ({crt})."""

    def build(r: Input):
        return _no_args(r) or Rewrite(template.format(crt=r.crt), imports)

    return build


def _name_attr(r: Input, which: str):
    oid = NAME_OIDS.get(r.attr)
    if oid is None:
        return Refusal(f"X509Name.{r.attr} has no rule")
    # pyOpenSSL answers the first entry, or None when the name has none
    # (`[0].value` would raise IndexError instead).
    return Rewrite(
        f"next((a.value for a in {r.crt}.{which}.get_attributes_for_oid(NameOID.{oid})), None)",
        (NAMEOID,),
    )


def _pubkey(r: Input):
    if r.attr != "to_cryptography_key":
        return Refusal(f"the PKey escapes (.{r.attr} has no rule)")
    return Rewrite(f"{r.crt}.public_key")


def _to_cryptography(r: Input):
    if r.crt.endswith(".to_cryptography()"):
        return Refusal("the bridge itself: kept while the receiver is a legacy X509")
    return _no_args(r) or Rewrite(r.crt)


# Methods without arguments that are one expression over the receiver as a
# cryptography object: catalog id -> (expression, imports); the summary is the
# expression over `crt`. pyOpenSSL's times are ASN1_TIME_to_generalizedtime's
# bytes, YYYYMMDDhhmmssZ.
X509_EXPRESSIONS = {
    "pyopenssl.crypto.X509.get_serial_number": ("{crt}.serial_number", ()),
    "pyopenssl.crypto.X509.get_version": ("{crt}.version.value", ()),
    "pyopenssl.crypto.X509.has_expired": (
        "{crt}.not_valid_after_utc < datetime.datetime.now(datetime.timezone.utc)",
        (DATETIME,),
    ),
    "pyopenssl.crypto.X509.get_notAfter": (
        '{crt}.not_valid_after_utc.strftime("%Y%m%d%H%M%SZ").encode("ascii")',
        (),
    ),
    "pyopenssl.crypto.X509.get_notBefore": (
        '{crt}.not_valid_before_utc.strftime("%Y%m%d%H%M%SZ").encode("ascii")',
        (),
    ),
}
for _api, (_template, _imports) in X509_EXPRESSIONS.items():
    rule(_api, "method", _template.format(crt="crt"), receiver=CERT)(
        _expression(_template, _imports)
    )

# The chains and the bridge of X509 and X509Req: (catalog id, kind, receiver,
# build, summary), where the summary names the legacy receiver (cert, req) and
# the cryptography one (crt, csr).
_CN = ".get_attributes_for_oid(NameOID.COMMON_NAME)), None)"
X509_HELPER_RULES = (
    ("pyopenssl.crypto.X509.get_subject", "chain", CERT, partial(_name_attr, which="subject"),
     "cert.get_subject().CN -> next((a.value for a in crt.subject" + _CN),
    ("pyopenssl.crypto.X509.get_issuer", "chain", CERT, partial(_name_attr, which="issuer"),
     "cert.get_issuer().CN -> next((a.value for a in crt.issuer" + _CN),
    ("pyopenssl.crypto.X509Req.get_subject", "chain", REQ, partial(_name_attr, which="subject"),
     "req.get_subject().CN -> next((a.value for a in csr.subject" + _CN),
    ("pyopenssl.crypto.X509.get_pubkey", "chain", CERT, _pubkey,
     "cert.get_pubkey().to_cryptography_key() -> crt.public_key()"),
    ("pyopenssl.crypto.X509Req.get_pubkey", "chain", REQ, _pubkey,
     "req.get_pubkey().to_cryptography_key() -> csr.public_key()"),
    ("pyopenssl.crypto.X509.to_cryptography", "method", CERT, _to_cryptography,
     "crt (the receiver already is a cryptography certificate)"),
    ("pyopenssl.crypto.X509Req.to_cryptography", "method", REQ, _to_cryptography,
     "csr (the receiver already is a cryptography CSR)"),
)  # fmt: skip
for _api, _kind, _receiver, _build, _summary in X509_HELPER_RULES:
    rule(_api, _kind, _summary, receiver=_receiver)(_build)


rule(
    "pyopenssl.crypto.X509.digest",
    "method",
    'crt.fingerprint(hashes.SHA256()).hex(":").upper().encode("ascii")',
    receiver=CERT,
)(
    hashed(
        ["digest_name"],
        "digest_name",
        '{crt}.fingerprint({h}).hex(":").upper().encode("ascii")',
        (HASHES,),
    )
)


# M2Crypto ---------------------------------------------------------------------
@rule(
    "m2crypto.EVP.hmac",
    "call",
    'hmac.digest(key, data, "sha256") (stdlib, OpenSSL underneath); refused without algo',
)
def _m2_hmac(r: Input):
    args = bind(r.call, ["key", "data", "algo"])
    if isinstance(args, Refusal):
        return args
    if "algo" not in args:
        return Refusal(DEFAULT_CHANGED)
    algo = string(args["algo"])
    if algo is None or algo.lower() not in DIGESTS:
        return Refusal("algo is not a literal digest name with a rule")
    return Rewrite(
        f'hmac.digest({r.code(args["key"])}, {r.code(args["data"])}, "{algo.lower()}")',
        (HMAC_STDLIB,),
    )


def _positive_literal(node) -> bool:
    return isinstance(node, cst.Integer) and int(node.evaluated_value) > 0


@rule(
    "m2crypto.EVP.pbkdf2",
    "call",
    'hashlib.pbkdf2_hmac("sha1", password, salt, iter, keylen), with literal iter and keylen > 0',
)
def _m2_pbkdf2(r: Input):
    args = bind(r.call, ["password", "salt", "iter", "keylen"])
    if isinstance(args, Refusal):
        return args
    if len(args) != 4:
        return Refusal("missing arguments")
    # Measured on M2Crypto 0.51.0: iter <= 0 answers uninitialised bytes, keylen 0
    # b"" and keylen < 0 MemoryError; hashlib raises ValueError for all three.
    if not (_positive_literal(args["iter"]) and _positive_literal(args["keylen"])):
        return Refusal(
            "iter/keylen are not positive literals: M2Crypto answers garbage for iter <= 0 "
            "and b'' for keylen 0 where hashlib raises ValueError"
        )
    code = ", ".join(r.code(args[k]) for k in ("password", "salt", "iter", "keylen"))
    return Rewrite(f'hashlib.pbkdf2_hmac("sha1", {code})', (HASHLIB,))


@rule("m2crypto.Rand.rand_bytes", "call", "os.urandom(n)", {"MemoryError": "ValueError"})
def _m2_rand_bytes(r: Input):
    args = bind(r.call, ["num"])
    if isinstance(args, Refusal):
        return args
    return Rewrite(f"os.urandom({r.code(args['num'])})", (OS,))


rule(
    "m2crypto.EVP.MessageDigest",
    "object",
    "hashes.Hash(hashes.SHA256()); update() as is; final()/digest() -> finalize()",
    methods={"update": "update", "final": "finalize", "digest": "finalize"},
    statement_only=("update",),  # M2Crypto answers 1, cryptography None
)(hashed(["algo"], "algo", "hashes.Hash({h})", (HASHES,)))


rule(
    "m2crypto.EVP.HMAC",
    "object",
    "cryptography hmac.HMAC(key, hashes.SHA256()); update() as is; final()/digest() -> finalize(); "
    "refused without algo",
    {"M2Crypto.EVP.EVPError": "TypeError"},
    methods={"update": "update", "final": "finalize", "digest": "finalize"},
)(hashed(["key", "algo"], "algo", "hmac.HMAC({key}, {h})", (CHMAC, HASHES), DEFAULT_CHANGED))


CIPHERS = ("cryptography.hazmat.primitives.ciphers", "Cipher")
ALGORITHMS = ("cryptography.hazmat.primitives.ciphers", "algorithms")
MODES = ("cryptography.hazmat.primitives.ciphers", "modes")
CIPHER_MODES = {"ctr": "CTR", "cbc": "CBC", "ecb": "ECB", "cfb": "CFB", "ofb": "OFB"}


@rule(
    "m2crypto.EVP.Cipher",
    "object",
    "Cipher(algorithms.AES(key[:16]), modes.CTR(iv[:16])).encryptor() (op=0: decryptor()); "
    "update() as is; final() -> finalize(); AES only; CBC/ECB only with padding=0",
    {"M2Crypto.EVP.EVPError": "ValueError"},
    methods={"update": "update", "final": "finalize"},
)
def _m2_cipher(r: Input):
    args = bind(r.call, ["alg", "key", "iv", "op", "key_as_bytes", "d", "salt", "i", "padding"])
    if isinstance(args, Refusal):
        return args
    alg = string(args.get("alg"))
    parts = (alg or "").split("_")
    if len(parts) != 3 or parts[0] != "aes" or parts[1] not in ("128", "192", "256"):
        return Refusal(f"cipher {alg!r} has no rule (AES with a literal name only)")
    mode = CIPHER_MODES.get(parts[2])
    if mode is None:
        return Refusal(f"mode {parts[2]!r} has no rule")
    op = r.code(args["op"]) if "op" in args else ""
    if op not in ("0", "1"):
        return Refusal("op is not a literal 0 or 1")
    if "key_as_bytes" in args and r.code(args["key_as_bytes"]) != "0":
        return Refusal("key_as_bytes derives the key (PBKDF1-style): no rule")
    padding = r.code(args["padding"]) if "padding" in args else "1"
    if mode in ("CBC", "ECB") and padding != "0":
        return Refusal(
            "EVP pads CBC/ECB (PKCS#7) by default; cryptography's Cipher does not "
            "(a padder object too): only padding=0 has a rule"
        )
    # M2Crypto takes the first key_len / iv_len bytes (it does not check the
    # lengths), so the slices keep what an over-long key or IV did.
    key = f"{paren(r.code(args['key']))}[:{int(parts[1]) // 8}]"
    iv = f"{paren(r.code(args['iv']))}[:16]"
    mode_code = "modes.ECB()" if mode == "ECB" else f"modes.{mode}({iv})"
    direction = "encryptor" if op == "1" else "decryptor"
    return Rewrite(
        f"Cipher(algorithms.AES({key}), {mode_code}).{direction}()",
        (CIPHERS, ALGORITHMS, MODES),
    )


# M2Crypto X509: no bridge to cryptography exists, so these rewrite only a
# certificate loaded in the same scope and used through these rules alone.
M2CERT = "M2Crypto.X509.X509"
M2_X509_ERROR = "M2Crypto.X509.X509Error"


def _m2_load(r: Input, der: bool, what: str = "x509_certificate"):
    names = ["cert_str"] if der else ["string", "format"]
    args = bind(r.call, names)
    if isinstance(args, Refusal):
        return args
    if not der and "format" in args:
        fmt = terminal(args["format"])
        if fmt not in ("FORMAT_PEM", "FORMAT_DER"):
            return Refusal("format is not X509.FORMAT_PEM or X509.FORMAT_DER")
        der = fmt == "FORMAT_DER"
    data = as_bytes(args[names[0]], r.code, "utf-8")
    if isinstance(data, Refusal):
        return data
    loader = f"load_der_{what}" if der else f"load_pem_{what}"
    return Rewrite(f"x509.{loader}({data})", (X509,))


def _m2_name_attr(r: Input, which: str):
    oid = NAME_OIDS.get(r.attr)
    if oid is None:
        return Refusal(f"X509_Name.{r.attr} has no rule")
    # M2Crypto raises AttributeError for an absent field; [0] raises IndexError.
    return Rewrite(f"{r.crt}.{which}.get_attributes_for_oid(NameOID.{oid})[0].value", (NAMEOID,))


def _m2_time(r: Input, attr: str):
    if r.attr != "get_datetime":
        return Refusal(f"the ASN1_TIME escapes (.{r.attr} has no rule)")
    return Rewrite(f"{r.crt}.{attr}", consumes_call=True)


@rule(
    "m2crypto.X509.load_cert",
    "loader",
    "x509.load_pem_x509_certificate(pathlib.Path(os.fsdecode(file)).read_bytes()) "
    "(FORMAT_DER: load_der_x509_certificate), when every use of the result is rewritable",
    {
        M2_X509_ERROR: "ValueError",
        "M2Crypto.BIO.BIOError": "FileNotFoundError|PermissionError|IsADirectoryError",
    },
    returns=M2CERT,
)
def _m2_load_cert(r: Input):
    args = bind(r.call, ["file", "format"])
    if isinstance(args, Refusal):
        return args
    der = False
    if "format" in args:
        fmt = terminal(args["format"])
        if fmt not in ("FORMAT_PEM", "FORMAT_DER"):
            return Refusal("format is not X509.FORMAT_PEM or X509.FORMAT_DER")
        der = fmt == "FORMAT_DER"
    loader = "load_der_x509_certificate" if der else "load_pem_x509_certificate"
    # os.fsdecode: M2Crypto decodes a bytes path too; read_bytes closes the file.
    path = f"pathlib.Path(os.fsdecode({r.code(args['file'])})).read_bytes()"
    return Rewrite(f"x509.{loader}({path})", (X509, OS, PATHLIB))


rule(
    "m2crypto.X509.X509.get_fingerprint",
    "method",
    "crt.fingerprint(hashes.SHA1()).hex().upper(); refused without md",
    receiver=M2CERT,
    bridge=False,
)(
    hashed(
        ["md"],
        "md",
        "{crt}.fingerprint({h}).hex().upper()",
        (HASHES,),
        # sha1 since 0.45.1, md5 before (upstream-facts.md)
        "no md given: M2Crypto's default digest differs by release; pass md",
    )
)


# The loaders of certificate strings: (catalog id, DER only, summary).
M2_STRING_LOADERS = (
    ("m2crypto.X509.load_cert_string", False,
     "x509.load_pem_x509_certificate(data) (FORMAT_DER: load_der_x509_certificate), "
     "when every use of the result is rewritable"),
    ("m2crypto.X509.load_cert_der_string", True,
     "x509.load_der_x509_certificate(data), when every use of the result is rewritable"),
)  # fmt: skip
for _api, _der_only, _summary in M2_STRING_LOADERS:
    rule(_api, "loader", _summary, {M2_X509_ERROR: "ValueError"}, returns=M2CERT)(
        partial(_m2_load, der=_der_only)
    )

# Methods and chains on such a certificate: (catalog id, kind, build, summary,
# exceptions). The methods' rewrites import serialization, needed or not.
M2_X509_RULES: tuple[tuple[str, str, Callable, str, dict], ...] = (
    ("m2crypto.X509.X509.as_der", "method",
     _expression("{crt}.public_bytes(serialization.Encoding.DER)", (SER,)),
     "crt.public_bytes(Encoding.DER)", {}),
    ("m2crypto.X509.X509.as_pem", "method",
     _expression("{crt}.public_bytes(serialization.Encoding.PEM)", (SER,)),
     "crt.public_bytes(Encoding.PEM)", {}),
    ("m2crypto.X509.X509.get_serial_number", "method",
     _expression("{crt}.serial_number", (SER,)), "crt.serial_number", {}),
    ("m2crypto.X509.X509.get_version", "method",
     _expression("{crt}.version.value", (SER,)), "crt.version.value", {}),
    ("m2crypto.X509.X509.get_subject", "chain", partial(_m2_name_attr, which="subject"),
     "cert.get_subject().CN -> crt.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value",
     {"AttributeError": "IndexError"}),
    ("m2crypto.X509.X509.get_issuer", "chain", partial(_m2_name_attr, which="issuer"),
     "cert.get_issuer().CN -> crt.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value",
     {"AttributeError": "IndexError"}),
    ("m2crypto.X509.X509.get_not_after", "chain", partial(_m2_time, attr="not_valid_after_utc"),
     "cert.get_not_after().get_datetime() -> crt.not_valid_after_utc", {}),
    ("m2crypto.X509.X509.get_not_before", "chain", partial(_m2_time, attr="not_valid_before_utc"),
     "cert.get_not_before().get_datetime() -> crt.not_valid_before_utc", {}),
)  # fmt: skip
for _api, _kind, _build, _summary, _exceptions in M2_X509_RULES:
    rule(_api, _kind, _summary, _exceptions, receiver=M2CERT, bridge=False)(_build)


# M2Crypto X509.Request: the same, with cryptography's CSR loaders.
M2REQ = "M2Crypto.X509.Request"


@rule(
    "m2crypto.X509.load_request_string",
    "loader",
    "x509.load_pem_x509_csr(data) (FORMAT_DER: load_der_x509_csr), "
    "when every use of the result is rewritable",
    {M2_X509_ERROR: "ValueError"},
    returns=M2REQ,
)
def _m2_load_request_string(r: Input):
    return _m2_load(r, der=False, what="x509_csr")


@rule(
    "m2crypto.X509.load_request_der_string",
    "loader",
    "x509.load_der_x509_csr(data), when every use of the result is rewritable",
    {M2_X509_ERROR: "ValueError"},
    returns=M2REQ,
)
def _m2_load_request_der_string(r: Input):
    return _m2_load(r, der=True, what="x509_csr")


def _m2_req_method(api: str, summary: str, template: str):
    def build(r: Input):
        return _no_args(r) or Rewrite(template.format(crt=r.crt), (SER,))

    rule(api, "method", summary, receiver=M2REQ, bridge=False)(build)


# x509_req_write_pem / i2d_X509_REQ_bio: what public_bytes writes.
_m2_req_method(
    "m2crypto.X509.Request.as_pem",
    "csr.public_bytes(Encoding.PEM)",
    "{crt}.public_bytes(serialization.Encoding.PEM)",
)
_m2_req_method(
    "m2crypto.X509.Request.as_der",
    "csr.public_bytes(Encoding.DER)",
    "{crt}.public_bytes(serialization.Encoding.DER)",
)


@rule(
    "m2crypto.X509.Request.get_subject",
    "chain",
    "req.get_subject().CN -> csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value",
    {"AttributeError": "IndexError"},
    receiver=M2REQ,
    bridge=False,
)
def _m2_req_get_subject(r: Input):
    return _m2_name_attr(r, "subject")


def _m2_pubkey(r: Input):
    """An EVP.PKey used only through as_der() / get_modulus(): the public key."""
    key = f"{r.crt}.public_key()"
    if r.attr == "as_der":  # pkey_as_der is i2d_PUBKEY: SubjectPublicKeyInfo
        return Rewrite(
            f"{key}.public_bytes(serialization.Encoding.DER, "
            "serialization.PublicFormat.SubjectPublicKeyInfo)",
            (SER,),
            consumes_call=True,
        )
    if r.attr == "get_modulus":
        # pkey_get_modulus: BN_print (upper-case hex) of RSA n, of DSA's public
        # y; EVPError for other types (here AttributeError: no .n on their numbers)
        k = KEY_VAR
        return Rewrite(
            # the condition runs first: the key is bound there
            f"format({k}.public_numbers().y if isinstance(({k} := {key}), dsa.DSAPublicKey) "
            f'else {k}.public_numbers().n, "X").encode("ascii")',
            (DSA_MOD,),
            consumes_call=True,
        )
    return Refusal(f"the EVP.PKey escapes (.{r.attr} has no rule; M2Crypto has no bridge)")


M2_PUBKEY_EXCEPTIONS = {"M2Crypto.EVP.EVPError": "AttributeError"}


@rule(
    "m2crypto.X509.X509.get_pubkey",
    "chain",
    "cert.get_pubkey().as_der() -> crt.public_key().public_bytes(DER, SubjectPublicKeyInfo); "
    '.get_modulus() -> format(n, "X").encode() (DSA: y)',
    M2_PUBKEY_EXCEPTIONS,
    receiver=M2CERT,
    bridge=False,
)
def _m2_cert_pubkey(r: Input):
    return _m2_pubkey(r)


@rule(
    "m2crypto.X509.Request.get_pubkey",
    "chain",
    "req.get_pubkey().as_der() -> csr.public_key().public_bytes(DER, SubjectPublicKeyInfo); "
    '.get_modulus() -> format(n, "X").encode() (DSA: y)',
    M2_PUBKEY_EXCEPTIONS,
    receiver=M2REQ,
    bridge=False,
)
def _m2_req_pubkey(r: Input):
    return _m2_pubkey(r)


# Methods of migrated objects: marked rewritten with their constructor.
OBJECT_METHODS = {
    "m2crypto.EVP.MessageDigest.update": "m2crypto.EVP.MessageDigest",
    "m2crypto.EVP.MessageDigest.final": "m2crypto.EVP.MessageDigest",
    "m2crypto.EVP.HMAC.update": "m2crypto.EVP.HMAC",
    "m2crypto.EVP.HMAC.final": "m2crypto.EVP.HMAC",
    "m2crypto.EVP.Cipher.update": "m2crypto.EVP.Cipher",
    "m2crypto.EVP.Cipher.final": "m2crypto.EVP.Cipher",
}


# Why the most used APIs without a rule have none (survey_top_apis.json in the
# tests lists them), by catalog id or id prefix; the plan prints the reason.
WHY_NO_RULE = {
    "pyopenssl.SSL.": "TLS: cryptography has no TLS API; its replacement, the stdlib ssl "
    "module, changes the connection's whole life cycle, not one call",
    "pyopenssl.crypto.FILETYPE_": "a constant: it goes with the load/dump call that takes it",
    "pyopenssl.crypto.TYPE_": "a constant: it goes with PKey.generate_key",
    "pyopenssl.crypto.X509": "the X509 setters are rewritten only inside a whole builder "
    "sequence (X509() ... sign(), X509.sign's rule): alone, a setter mutates an object whose "
    "other uses stay legacy, and cryptography's Certificate is immutable",
    "pyopenssl.crypto.X509.get_extension": "returns an X509Extension: its str() is OpenSSL's "
    "X509V3_EXT_print text and get_short_name() OpenSSL's short name, neither of which "
    "cryptography's Extension has (its value is a parsed object, get_data()'s DER only for "
    "the types it parses); pyOpenSSL 26.2 removed it",
    "pyopenssl.crypto.X509Name.get_components": "answers OpenSSL's short names as bytes "
    "(b'emailAddress', b'UNDEF' for OIDs OpenSSL lacks) with ASN1_STRING_to_UTF8 values; "
    "cryptography names attributes by RFC 4514 (a dotted OID for emailAddress): a rewrite "
    "would need OpenSSL's whole OID table",
    # Measured (pyOpenSSL 23.0.0 vs cryptography 43.0.3): a CA-signed leaf without
    # subjectAltName/EKU verifies in X509StoreContext; PolicyBuilder's server and client
    # verifiers both raise VerificationError ("missing required extension").
    "pyopenssl.crypto.X509Store": "an X509Store feeds X509StoreContext.verify_certificate "
    "(X509_verify_cert: no name, no SAN needed); cryptography 43's x509.verification "
    "verifies only under its web-PKI profile (a server name or the client profile, a leaf "
    "SAN required) and raises VerificationError: a leaf without subjectAltName that "
    "OpenSSL verifies is rejected",
    "pyopenssl.crypto.X509StoreContext": "X509_verify_cert's verdict and X509StoreContextError "
    "(.errors, .certificate) have no faithful counterpart in cryptography.x509.verification's "
    "stricter profile (see X509Store)",
    "pyopenssl.crypto.X509.from_cryptography": "the bridge from cryptography: its result is "
    "a mutable legacy X509 (setters, add_extensions) and from_cryptography raises TypeError "
    "for a non-Certificate; dropping it is a choice about the uses, made by hand",
    "pyopenssl.SSL.Context.set_verify": "the verify callback (conn, x509, errno, depth, ok) "
    "runs per chain certificate and may override OpenSSL's verdict; ssl.SSLContext has "
    "verify_mode and no callback, and cryptography has no TLS API",
    "pyopenssl.SSL.Context.load_verify_locations": "its stdlib namesake works only on an "
    "ssl.SSLContext: the whole Context and its Connections move to ssl together, not one "
    "call (cryptography has no TLS API)",
    "pyopenssl.crypto.X509Req": "the X509Req builder maps to x509.CertificateSigningRequestBuilder "
    "only as a whole sequence, not one call",
    "pyopenssl.crypto.Error": "an exception class: it changes with the calls it guards "
    "(the rules' exception maps)",
    "pyopenssl.crypto.load_publickey": "cryptography's public-key loaders also accept a PKCS#1 "
    "RSA PUBLIC KEY, which pyOpenSSL rejects with Error: no faithful rule",
    "m2crypto.X509.X509_Name.as_hash": "X509_NAME_hash is OpenSSL's own (SHA-1 of the "
    "canonical DER, for c_rehash directories): cryptography has no equivalent",
    "pyopenssl.crypto.X509.get_signature_algorithm": "pyOpenSSL answers OpenSSL's long name "
    "(b'sha256WithRSAEncryption'); cryptography has the OID only (its _name is private)",
    "m2crypto.SSL.": "TLS: cryptography has no TLS API; its replacement, the stdlib ssl "
    "module, changes the connection's whole life cycle, not one call",
    "pyopenssl.crypto.NetscapeSPKI": "no cryptography equivalent of SPKAC (Netscape SPKI)",
    "m2crypto.m2.": "SWIG-level OpenSSL C calls with manual lifetimes (bio_new/bio_free, "
    "cipher_ctx_new/free): no expression-level rewrite",
    "m2crypto.SMIME.": "PKCS#7 / S/MIME: cryptography signs PKCS#7 but cannot verify it "
    "(no verify, get0_signers or stores)",
    "m2crypto.BIO.": "BIOs flow into other M2Crypto calls; and a MemoryBuffer is a FIFO whose "
    "read() at the end answers None, io.BytesIO a stream answering b'': no faithful rule",
    "m2crypto.X509.X509_Store": "stores feed SMIME/SSL verification; "
    "cryptography.x509.verification has another model",
    "m2crypto.X509.X509_Stack": "stacks feed SMIME/SSL calls that have no rule",
    # The equivalence suite showed it: RSA_sign signs a digest of any length
    # (a malformed DigestInfo), utils.Prehashed refuses one that does not fit.
    "m2crypto.RSA.RSA.sign": "M2Crypto signs a digest of any length; cryptography's "
    "Prehashed raises ValueError unless it fits the hash: no faithful rule",
    "m2crypto.RSA.RSA.verify": "the counterpart of RSA.sign (any digest length): no faithful rule",
    "m2crypto.RSA.load_key": "an M2Crypto RSA object has no bridge; it migrates only with its "
    "uses, and RSA.sign/verify have no faithful rule",
    "m2crypto.RSA.load_key_string": "an M2Crypto RSA object has no bridge; it migrates only "
    "with its uses, and RSA.sign/verify have no faithful rule",
    "m2crypto.RSA.gen_key": "returns an M2Crypto RSA object (no bridge) that migrates only with "
    "its uses (RSA.sign/verify: no faithful rule), and takes what rsa.generate_private_key "
    "refuses (bits < 1024, exponents other than 3 and 65537)",
    "m2crypto.EVP.PKey.get_rsa": "returns an M2Crypto RSA object (no bridge) whose sign/verify "
    "have no faithful rule",
    "m2crypto.EVP.PKey.assign_rsa": "EVP.PKey() + assign_rsa(rsa) wraps an M2Crypto RSA object "
    "for X509/SMIME signing: no bridge; it migrates with that RSA object and the signing calls",
    "m2crypto.EVP.PKey.size": "EVP_PKEY_size is the largest signature (the modulus bytes for "
    "RSA, a DER ECDSA/DSA signature bound otherwise); cryptography has key_size in bits only, "
    "and an M2Crypto PKey has no bridge",
    "m2crypto.BIO.MemoryBuffer.read_all": "drains what other M2Crypto calls (save_key_bio, "
    "x509_req_write_pem, SMIME.write) wrote into the buffer: it migrates with those writers, "
    "not alone",
    "m2crypto.ASN1.ASN1_UTCTIME.set_datetime": "an ASN1_UTCTIME only M2Crypto's certificate "
    "builder (set_not_before/after) consumes; that builder has no rule (no bridge to "
    "x509.CertificateBuilder), so the time goes with it",
    "m2crypto.DSA.DSAError": "an exception class: it changes with the calls it guards",
    "m2crypto.RSA.RSAError": "an exception class: it changes with the calls it guards",
}


def why_no_rule(api: str) -> str:
    """The reason an API has no rule, by its id or longest id prefix ("" if none)."""
    if api in WHY_NO_RULE:
        return WHY_NO_RULE[api]
    # "a.b." and "a.B_" are prefixes; a class id "a.B" covers its members "a.B.m"
    prefixes = [k for k in WHY_NO_RULE if api.startswith(k if k.endswith((".", "_")) else k + ".")]
    return WHY_NO_RULE[max(prefixes, key=len)] if prefixes else ""


# Methods a chain rule rewrites together with the call before them
# (cert.get_not_after().get_datetime()): rewritten in that chain only.
CHAIN_METHODS = {
    "m2crypto.ASN1.ASN1_TIME.get_datetime": (
        "m2crypto.X509.X509.get_not_after",
        "m2crypto.X509.X509.get_not_before",
    ),
    "m2crypto.EVP.PKey.as_der": (
        "m2crypto.X509.X509.get_pubkey",
        "m2crypto.X509.Request.get_pubkey",
    ),
    "m2crypto.EVP.PKey.get_modulus": (
        "m2crypto.X509.X509.get_pubkey",
        "m2crypto.X509.Request.get_pubkey",
    ),
}


def covered_ids() -> set[str]:
    """Catalog ids a rule handles (directly, as a method of a migrated object,
    as the call a chain rule consumes, or as a step of a builder sequence)."""
    constructors = {r.constructor for r in RULES.values() if r.constructor}
    steps = {
        f"{r.constructor}.{m}" for r in RULES.values() if r.kind == "builder" for m in r.methods
    }
    return set(RULES) | set(OBJECT_METHODS) | set(CHAIN_METHODS) | constructors | steps


# The certificate builder sequence (builder.py decides each step; rewrite.py
# finds the statements): keyed by the call that ends it.
from . import builder as _builder  # noqa: E402

RULES["pyopenssl.crypto.X509.sign"] = Rule(
    "pyopenssl.crypto.X509.sign",
    "builder",
    "c = crypto.X509(); c.set_version(2); c.set_serial_number(n); c.get_subject().CN = ...; "
    "c.set_issuer(...); c.set_pubkey(k); c.gmtime_adj_notBefore/After(s); c.sign(k, d) -> "
    "x509.CertificateBuilder()...sign(k.to_cryptography_key(), hashes.SHA256()), through "
    "crypto.X509.from_cryptography() unless every later use of c has a rule",
    lambda r: Refusal("a builder sequence: decided by rewrite.py as a whole"),
    # a key that is not a PKey / a PKey with the public half only / a digest the key
    # type cannot take (Ed25519: OpenSSL's "invalid digest")
    {"TypeError": "AttributeError", "ValueError": "TypeError", PYOPENSSL_ERROR: "ValueError"},
    receiver=_builder.CERT,
    methods={m: m for m in _builder.SETTERS},
    constructor="pyopenssl.crypto.X509",
    from_bridge="from_cryptography",
)
