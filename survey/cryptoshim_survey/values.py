"""What a name can stand for during resolution, and how sure we are.

Values are frozen so a name can hold a set of alternatives: a same-name
fallback (`try: from OpenSSL import crypto / except ImportError: crypto = None`)
binds `crypto` to {Legacy, Opaque} and only the legacy branch yields findings.
"""

from __future__ import annotations

from dataclasses import dataclass

HIGH, MEDIUM, LOW, AMBIGUOUS = "high", "medium", "low", "ambiguous"


def but(obj, **changes):
    """`dataclasses.replace` for these frozen value classes, without its per-call
    field introspection (it was the resolver's top cost on files that are all
    legacy code). The fields live in the instance __dict__ (no slots)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__, **changes)
    return new


_RANK = {HIGH: 3, MEDIUM: 2, LOW: 1, AMBIGUOUS: 0}


def weaker(a: str, b: str) -> str:
    return a if _RANK[a] <= _RANK[b] else b


@dataclass(frozen=True)
class Legacy:
    """A dotted path inside a legacy library: module, class, function, constant, method.

    `candidates` is set when the path is one of several equally possible ones
    (a method name on an object of unknown type that several catalog classes
    define); `path` is then the first candidate.
    """

    path: str
    candidates: tuple = ()
    vendored: bool = False  # reached through the dependent's own bundled copy


@dataclass(frozen=True)
class Instance:
    """The result of calling something legacy; `cls` is None when the type is unknown."""

    cls: str | None
    origin: str


@dataclass(frozen=True)
class LocalModule:
    """A module of the dependent itself (re-exports are looked up in its exports)."""

    name: str


@dataclass(frozen=True)
class LocalClass:
    """A class defined by the dependent; key is module:qualname."""

    key: str


@dataclass(frozen=True)
class LocalFunction:
    """A function or method defined by the dependent; calling it yields what it returns."""

    key: str


@dataclass(frozen=True)
class SelfRef:
    """An instance of a dependent class (`self`, or the result of calling it)."""

    key: str


@dataclass(frozen=True)
class Foreign:
    """A path in another library that holds or returns legacy objects
    (bridge_facts.json: urllib3's PyOpenSSLContext, Twisted's CertificateOptions).
    Never a finding itself; `instance` once the class has been called."""

    path: str
    instance: bool = False


@dataclass(frozen=True)
class Opaque:
    """Anything the survey does not track."""


OPAQUE = Opaque()


@dataclass(frozen=True)
class Binding:
    value: object
    optional: bool = False
    confidence: str = HIGH
    via: str = ""
    assigned: bool = False  # bound by `x = <legacy>`: reading `x` alone is not a new use site
    fallback: bool = False  # the name may also hold a non-legacy same-name fallback
    vendored: bool = False  # derived from a bundled copy of the library (see Legacy)

    def derive(self, value, confidence: str | None = None, via: str | None = None, optional=False):
        conf = weaker(self.confidence, confidence or self.confidence)
        via = via if via is not None else self.via
        opt = self.optional or optional
        vend = self.vendored or getattr(value, "vendored", False)
        if (value, conf, via, opt, vend) == (
            self.value,
            self.confidence,
            self.via,
            self.optional,
            self.vendored,
        ):
            return self  # the common case; dataclasses.replace was the top cost
        return but(self, value=value, confidence=conf, via=via, optional=opt, vendored=vend)


OPAQUE_BINDING = Binding(OPAQUE)
