"""Build sdist/wheel-shaped archives from a source directory (offline corpora, tests).

The default corpus and the test fixtures keep plain source text in the repo;
archives are built on demand so the scan reads exactly what it would read from
an index download. Builds are deterministic (fixed mtimes, sorted members), so
the archive hash in the report's provenance is stable.
"""

from __future__ import annotations

import io
import os
import pathlib
import tarfile
import zipfile

FORMATS = {"tar.gz": "w:gz", "tar.bz2": "w:bz2", "tar.xz": "w:xz"}
EPOCH = (1980, 1, 1, 0, 0, 0)


def _files(source: pathlib.Path):
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(source).as_posix(), path


def build_archive(
    source: pathlib.Path, name: str, version: str, fmt: str, out_dir: pathlib.Path
) -> pathlib.Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "whl":
        target = out_dir / f"{name}-{version}-py3-none-any.whl"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for rel, path in _files(source):
                info = zipfile.ZipInfo(rel, EPOCH)
                info.external_attr = (path.stat().st_mode & 0o777) << 16
                zf.writestr(info, path.read_bytes())
            meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            zf.writestr(zipfile.ZipInfo(f"{name}-{version}.dist-info/METADATA", EPOCH), meta)
        return target
    root = f"{name}-{version}"
    if fmt == "zip":
        target = out_dir / f"{root}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for rel, path in _files(source):
                info = zipfile.ZipInfo(f"{root}/{rel}", EPOCH)
                info.external_attr = (path.stat().st_mode & 0o777) << 16
                zf.writestr(info, path.read_bytes())
        return target
    target = out_dir / f"{root}.{fmt}"
    with tarfile.open(target, FORMATS[fmt]) as tf:  # type: ignore[call-overload]  # "w:gz"...
        for rel, path in _files(source):
            data = path.read_bytes()
            member = tarfile.TarInfo(f"{root}/{rel}")
            member.size, member.mtime = len(data), 0
            member.mode = 0o755 if os.access(path, os.X_OK) else 0o644
            tf.addfile(member, io.BytesIO(data))
    return target
