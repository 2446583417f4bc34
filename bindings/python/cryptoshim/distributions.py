"""The distributions built from this tree, and the one place their versions live.

``cryptoshim`` carries the core, both extensions and the survey. The drop-ins
``pyOpenSSL`` (package ``OpenSSL``) and ``M2Crypto`` are pure Python, versioned
``<upstream release whose API they follow>+cryptoshim.<DROPIN_SERIAL>``, and
require ``cryptoshim`` at exactly this tree's version. The local label keeps the
public part equal to the upstream release, so an application's own
``pyOpenSSL>=23`` or ``pyOpenSSL==26.4.0`` accepts the drop-in (PEP 440
ignores local labels unless the specifier names one).

This module imports nothing from cryptoshim: scripts/build_dropins.py loads it
by path at build time, before any extension exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pathlib

# N in "+cryptoshim.N": raise it whenever the drop-ins change in a release.
DROPIN_SERIAL = 1
LOCAL_PREFIX = "cryptoshim."


# A NamedTuple, not a dataclass: every `import M2Crypto` / `import OpenSSL`
# reads this module, and dataclasses (with inspect, ast and dis) was a fifth
# of the drop-in's import time.
class DropIn(NamedTuple):
    distribution: str  # the name applications require, e.g. "pyOpenSSL"
    package: str  # the import package it provides, e.g. "OpenSSL"
    upstream_version: str  # the release whose API it follows; __version__
    summary: str
    # The upstream release's own Requires-Dist, declared again: installed in
    # place of the real distribution, the drop-in leaves a resolver with the
    # same environment. Applications rely on what pyOpenSSL pulls in
    # (to_cryptography(), `from cryptography import x509` with no requirement
    # of their own) and on its cryptography window: josepy 1.14.0's own tests
    # fail under filterwarnings=error on cryptography 51, which pyOpenSSL
    # 26.4.0 excludes.
    upstream_requires: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        return f"{self.upstream_version}+{LOCAL_PREFIX}{DROPIN_SERIAL}"


PYOPENSSL = DropIn(
    "pyOpenSSL",
    "OpenSSL",
    "26.4.0",
    "cryptoshim's drop-in pyOpenSSL (the OpenSSL package) on its safe OpenSSL 3 core",
    # pyopenssl-26.4.0.tar.gz PKG-INFO; compat_tests/dists/check_dists.py
    # compares them with the real wheel's metadata.
    ("cryptography<51,>=49.0.0", 'typing-extensions>=4.9; python_version < "3.13"'),
)
M2CRYPTO = DropIn(
    "M2Crypto",
    "M2Crypto",
    "0.51.0",
    "cryptoshim's drop-in M2Crypto on its safe OpenSSL 3 core",
    ("packaging",),  # m2crypto-0.51.0.tar.gz PKG-INFO
)
DROPINS = (PYOPENSSL, M2CRYPTO)

# Name of the file each drop-in wheel ships in its package folder: the list of
# every file of the package, so an import can tell foreign files apart.
MANIFEST_NAME = "_cryptoshim_manifest.txt"


def requirements(dropin: DropIn, cryptoshim_version: str) -> list[str]:
    """The drop-in wheel's Requires-Dist: cryptoshim at this tree's version,
    then the upstream release's own requirements."""
    return [f"cryptoshim=={cryptoshim_version}", *dropin.upstream_requires]


def is_dropin_version(version: str) -> bool:
    return "+" in version and version.split("+", 1)[1].startswith(LOCAL_PREFIX)


def constraints(cryptoshim_version: str) -> str:
    """pip constraints that make a resolver pick the drop-ins."""
    lines = [f"{d.distribution}=={d.version}" for d in DROPINS]
    lines.append(f"cryptoshim=={cryptoshim_version}")
    return "\n".join(lines) + "\n"


def wheelhouse_install_order(wheel: pathlib.Path) -> list[pathlib.Path]:
    """The cryptoshim wheel, then the drop-in wheels that scripts/wheelhouse.sh
    puts beside it. Install them one pip call each, in this order: cryptoshim
    first, so a reinstall over an older cryptoshim that still carried OpenSSL/
    cannot remove the drop-ins' files."""
    dropins = sorted(
        p
        for d in DROPINS
        for p in wheel.parent.glob(f"{d.distribution.lower()}-*+{LOCAL_PREFIX}*.whl")
    )
    return [wheel, *dropins]
