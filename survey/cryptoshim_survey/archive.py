"""Stream Python sources out of sdists and wheels without extracting to disk.

tar archives are read in stream mode (`r|*`), one member at a time, so memory
is bounded by the largest single source file (capped by `max_bytes`), not by
the archive. Zip-based archives (zip sdists, wheels) need random access, which
zipfile provides by seeking in the file on disk, also one member at a time.
"""

from __future__ import annotations

import hashlib
import re
import tarfile
import zipfile
from dataclasses import dataclass
from typing import Iterator

MAX_BYTES = 2_000_000
ROOT_DIR = re.compile(r"^[A-Za-z0-9_.+-]+-\d[^/]*$")
SHEBANG = re.compile(rb"^#![^\n]*python", re.IGNORECASE)
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar")
ZIP_SUFFIXES = (".zip", ".whl", ".egg")


@dataclass
class SourceFile:
    path: str  # inside the package, sdist root directory removed
    data: bytes
    sha256: str
    script: bool  # no .py suffix, selected by its python shebang


@dataclass
class Skipped:
    path: str
    reason: str


def is_supported(filename: str) -> bool:
    return filename.endswith(TAR_SUFFIXES + ZIP_SUFFIXES)


def _wanted_name(path: str) -> str | None:
    """'py' for .py files, 'maybe-script' for suffix-less files, None otherwise."""
    base = path.rsplit("/", 1)[-1]
    if base.endswith(".py"):
        return "py"
    if "." not in base and base:
        return "maybe-script"
    return None


def _strip_root(path: str, strip: bool) -> str:
    path = path.lstrip("./") if path.startswith("./") else path
    head, sep, rest = path.partition("/")
    if strip and sep and ROOT_DIR.match(head):
        return rest
    return path


def _source(path: str, data: bytes, kind: str) -> SourceFile | None:
    script = kind == "maybe-script"
    if script and not SHEBANG.match(data[:200]):
        return None
    return SourceFile(path, data, hashlib.sha256(data).hexdigest(), script)


def source_size(archive: str) -> int:
    """Uncompressed bytes of the .py members (what a scan's MB/s is counted over)."""
    if archive.endswith(ZIP_SUFFIXES):
        with zipfile.ZipFile(archive) as zf:
            return sum(i.file_size for i in zf.infolist() if i.filename.endswith(".py"))
    with tarfile.open(archive, "r|*") as tf:
        return sum(m.size for m in tf if m.isfile() and m.name.endswith(".py"))


def iter_sources(archive: str, max_bytes: int = MAX_BYTES) -> Iterator[SourceFile | Skipped]:
    strip = not archive.endswith(".whl")
    if archive.endswith(ZIP_SUFFIXES):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                kind = None if info.is_dir() else _wanted_name(info.filename)
                if kind is None:
                    continue
                path = _strip_root(info.filename, strip)
                if info.file_size > max_bytes:
                    yield Skipped(path, f"larger than {max_bytes} bytes")
                    continue
                found = _source(path, zf.read(info), kind)
                if found:
                    yield found
        return
    with tarfile.open(archive, "r|*") as tf:
        for member in tf:
            kind = _wanted_name(member.name) if member.isfile() else None
            if kind is None:
                continue
            path = _strip_root(member.name, strip)
            if member.size > max_bytes:
                yield Skipped(path, f"larger than {max_bytes} bytes")
                continue
            handle = tf.extractfile(member)
            found = _source(path, handle.read(), kind) if handle else None
            if found:
                yield found
