"""``python -m cryptoshim doctor``: which distribution owns the installed
``OpenSSL`` and ``M2Crypto`` packages, and whether two are mixed in one folder.

Ownership comes from the installed distributions' RECORD files
(importlib.metadata ``files()``), checked against the files on disk: a folder
is mixed when files from two distributions sit in it, when a file's content no
longer matches its owner's RECORD (another distribution overwrote it), or when
files belong to no installed distribution. Nothing is imported from the
packages examined: a mixed package may not import.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.util
import os
import pathlib
from dataclasses import dataclass, field

from cryptoshim.distributions import DROPINS, DropIn, is_dropin_version

_IGNORED_PARTS = ("__pycache__",)


@dataclass
class Owner:
    name: str
    version: str
    files: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def is_dropin(self) -> bool:
        return is_dropin_version(self.version)

    def describe(self) -> str:
        kind = "cryptoshim's drop-in" if self.is_dropin else "not cryptoshim's drop-in"
        return f"{self.name} {self.version} ({kind}), {len(self.files)} files"


@dataclass
class Finding:
    package: str
    distribution: str
    folder: str | None
    owners: list[Owner] = field(default_factory=list)
    unowned: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    repair: list[str] = field(default_factory=list)

    @property
    def implementation(self) -> str:
        if self.folder is None:
            return "not installed"
        if self.problems:
            return "mixed" if len(self.owners) != 1 or self.unowned else "broken"
        return "drop-in" if self.owners[0].is_dropin else "real"

    def as_dict(self) -> dict:
        return {
            "package": self.package,
            "distribution": self.distribution,
            "folder": self.folder,
            "implementation": self.implementation,
            "owners": [
                {
                    "name": o.name,
                    "version": o.version,
                    "files": len(o.files),
                    "overwritten": o.overwritten,
                    "missing": o.missing,
                }
                for o in self.owners
            ],
            "unowned": self.unowned,
            "problems": self.problems,
            "repair": self.repair,
        }


def _sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _owners(package: str, folder: pathlib.Path) -> list[Owner]:
    owners, seen = [], set()
    for dist in importlib.metadata.distributions():
        key = (dist.metadata["Name"].lower(), dist.version)
        if key in seen:  # the same site directory twice on sys.path
            continue
        seen.add(key)
        entries = [f for f in dist.files or () if f.parts and f.parts[0] == package]
        if not entries:
            continue
        owner = Owner(dist.metadata["Name"], dist.version)
        for entry in entries:
            path = pathlib.Path(entry.locate()).resolve()
            if folder not in path.parents or any(p in _IGNORED_PARTS for p in entry.parts):
                continue
            rel = path.relative_to(folder).as_posix()
            owner.files.append(rel)
            if not path.is_file():
                owner.missing.append(rel)
            elif (
                entry.hash
                and entry.hash.mode == "sha256"
                and _sha256(path) != f"sha256={entry.hash.value}"
            ):
                owner.overwritten.append(rel)
        if owner.files:
            owners.append(owner)
    return sorted(owners, key=lambda o: (not o.is_dropin, o.name.lower()))


def _on_disk(folder: pathlib.Path) -> set[str]:
    out: set[str] = set()
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in _IGNORED_PARTS]
        out.update((pathlib.Path(root) / f).relative_to(folder).as_posix() for f in files)
    return out


def _repair(dropin: DropIn, finding: Finding) -> list[str]:
    names = sorted({o.name for o in finding.owners} | {dropin.distribution}, key=str.lower)
    steps = [
        f"pip uninstall -y {' '.join(names)}   (repeat until `pip show "
        f"{dropin.distribution}` finds nothing)"
    ]
    if finding.folder:
        steps.append(f"rm -rf {finding.folder}   (whatever no distribution removed)")
    steps.append(
        f"drop-in:  pip install --force-reinstall --find-links WHEELHOUSE "
        f"{dropin.distribution}=={dropin.version} cryptoshim   "
        f"(WHEELHOUSE: the folder scripts/wheelhouse.sh filled)"
    )
    steps.append(f"or the real library:  pip install --force-reinstall {dropin.distribution}")
    return steps


def examine(dropin: DropIn) -> Finding:
    spec = importlib.util.find_spec(dropin.package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    finding = Finding(
        dropin.package,
        dropin.distribution,
        str(pathlib.Path(locations[0]).resolve()) if locations else None,
    )
    if finding.folder is None:
        return finding
    folder = pathlib.Path(finding.folder)
    finding.owners = _owners(dropin.package, folder)
    owned = {f for o in finding.owners for f in o.files}
    finding.unowned = sorted(_on_disk(folder) - owned)
    if len(finding.owners) > 1:
        finding.problems.append(
            "files from more than one distribution are mixed in this folder: "
            + "; ".join(o.describe() for o in finding.owners)
        )
    if not finding.owners:
        finding.problems.append(
            "no installed distribution owns this folder "
            "(copied in by hand, or left behind by an uninstall)"
        )
    for owner in finding.owners:
        if owner.overwritten:
            finding.problems.append(
                f"{len(owner.overwritten)} of {owner.name} {owner.version}'s files were "
                f"overwritten by another install: {', '.join(owner.overwritten[:6])}"
            )
        if owner.missing:
            finding.problems.append(
                f"{len(owner.missing)} of {owner.name} {owner.version}'s files are missing "
                f"(removed by another distribution's uninstall?): {', '.join(owner.missing[:6])}"
            )
    if finding.unowned:
        finding.problems.append(
            f"{len(finding.unowned)} files belong to no installed distribution: "
            f"{', '.join(finding.unowned[:6])}"
        )
    for owner in finding.owners:
        if owner.is_dropin and owner.version != dropin.version:
            finding.problems.append(
                f"{owner.name} {owner.version} does not match this "
                f"cryptoshim, which pairs with {dropin.version}"
            )
    if finding.problems:
        finding.repair = _repair(dropin, finding)
    return finding


def examine_all() -> list[Finding]:
    return [examine(d) for d in DROPINS]


def format_findings(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        if f.folder is None:
            lines.append(f"{f.package}: not installed")
            continue
        lines.append(f"{f.package}: {f.folder}")
        for owner in f.owners:
            lines.append(f"  owned by {owner.describe()}")
        if not f.problems:
            verdict = (
                "OK: the cryptoshim drop-in"
                if f.implementation == "drop-in"
                else f"OK: the real {f.distribution}, not cryptoshim's drop-in"
            )
            lines.append(f"  {verdict}")
            continue
        lines.extend(f"  PROBLEM: {p}" for p in f.problems)
        lines.append("  repair:")
        lines.extend(f"    {step}" for step in f.repair)
    return "\n".join(lines)
