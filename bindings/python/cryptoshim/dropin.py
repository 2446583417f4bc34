"""The import-time guard of the drop-in packages, and which implementation ran.

Each drop-in wheel ships a manifest (distributions.MANIFEST_NAME) listing every
file of its package. When pip installs another distribution into the same
folder (the real pyOpenSSL over an older cryptoshim wheel, ``--ignore-installed``,
``--target``, a distro package under a pip one), files the drop-in never
shipped appear beside its own. Importing then would run a mix of two
libraries, so the guard refuses with an ImportError that names the files. It
costs one directory listing per folder the drop-in ships (a few in all).
"""

from __future__ import annotations

import os
import sys

from cryptoshim.distributions import DROPINS, MANIFEST_NAME

_PYCACHE = "__pycache__"


class MixedInstallError(ImportError):
    """Files of another distribution sit in a drop-in's package folder."""


def read_manifest(package_dir: str) -> tuple[str, set[str]] | None:
    """(the drop-in's "name version" label, its files), or None outside a wheel
    install (a source tree or developer build has no manifest)."""
    try:
        with open(os.path.join(package_dir, MANIFEST_NAME), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return None
    label = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("#") else "?"
    return label, {line for line in lines if line and not line.startswith("#")}


def foreign_files(package_dir: str, shipped: set[str]) -> list[str]:
    """Entries in the drop-in's folders that it did not ship, sorted."""
    folders = {""} | {path.rsplit("/", 1)[0] for path in shipped if "/" in path}
    foreign = []
    for folder in sorted(folders):
        try:
            entries = os.scandir(os.path.join(package_dir, folder))
        except FileNotFoundError:
            continue
        with entries:
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.name != _PYCACHE and rel not in shipped and rel not in folders:
                    foreign.append(rel + ("/" if entry.is_dir() else ""))
    return sorted(foreign)


def check(package: str, package_dir: str) -> str:
    """Raise MixedInstallError if the folder is mixed; return the label of the
    implementation (e.g. "pyOpenSSL 26.4.0+cryptoshim.1")."""
    dropin = next(d for d in DROPINS if d.package == package)
    manifest = read_manifest(package_dir)
    if manifest is None:
        return f"{dropin.distribution} {dropin.version} (cryptoshim source tree)"
    label, shipped = manifest
    foreign = foreign_files(package_dir, shipped)
    if foreign:
        shown = ", ".join(foreign[:8])
        if len(foreign) > 8:
            shown += f" and {len(foreign) - 8} more"
        raise MixedInstallError(
            f"cryptoshim's drop-in {package} ({label}) found files of another distribution "
            f"in its package folder {package_dir}: {shown}. Two distributions were installed "
            f"into one folder (e.g. the real {dropin.distribution} and the drop-in), so "
            f"importing would run a mix of both. Run `python -m cryptoshim doctor` to see "
            f"which distribution owns which files and how to repair the install."
        )
    return label


def implementations() -> dict[str, str]:
    """Which implementation of each legacy package this process imported."""
    out = {}
    for dropin in DROPINS:
        module = sys.modules.get(dropin.package)
        if module is None:
            continue
        label = getattr(module, "__cryptoshim_dropin__", None)
        if label is None:
            version = getattr(module, "__version__", "unknown version")
            label = f"{dropin.distribution} {version} (not cryptoshim's drop-in)"
        out[dropin.package] = label
    return out
