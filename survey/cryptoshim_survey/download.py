"""Stage 2: fetch one archive per dependent into the cache, verified.

Newest sdist (else a wheel) from the configured index's PEP 691 JSON listing,
sha256 checked against the index's hashes, retried with backoff, resumable
(a cached archive whose hash still matches is not fetched again). Entries from
an offline corpus are used as they are (`source` = an archive file) or built
by local_source.py (`source` = a source directory).
Failures are recorded per package and reported, never raised.
"""
from __future__ import annotations

import hashlib
import pathlib
import time

from . import index as pkgindex
from . import local_source


class HashMismatch(Exception):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_verified(url: str, expected: str | None, fetch, attempts: int = 3, delay: float = 1.0) -> bytes:
    last = None
    for attempt in range(attempts):
        try:
            data = fetch(url, None)
            if expected and _sha256(data) != expected:
                raise HashMismatch(f"sha256 {_sha256(data)} != {expected}")
            return data
        except Exception as exc:  # retry network errors and corrupt transfers alike
            last = exc
            if attempt + 1 < attempts:
                time.sleep(delay * (2 ** attempt))
    raise last


def download_one(dep: dict, archives: pathlib.Path, base: str, fetch=pkgindex.http_fetch,
                 retry_delay: float = 1.0) -> dict:
    result = {"name": dep["name"], "version": dep.get("version", ""), "status": "ok",
              "archive": "", "sha256": "", "url": "", "upload_time": "", "error": ""}
    try:
        if dep.get("source") and pathlib.Path(dep["source"]).is_file():
            path = pathlib.Path(dep["source"])  # an archive already on disk (e.g. from `pip download`)
            result.update(archive=str(path), sha256=_sha256(path.read_bytes()), url="local:" + dep["source"])
            return result
        if dep.get("source"):
            path = local_source.build_archive(pathlib.Path(dep["source"]), dep["name"],
                                              dep.get("version") or "0", dep.get("format", "tar.gz"),
                                              archives)
            result.update(archive=str(path), sha256=_sha256(path.read_bytes()), url="local:" + dep["source"])
            return result
        file = pkgindex.pick_file(pkgindex.project_files(dep["name"], base, fetch), dep.get("version") or None)
        if file is None:
            return dict(result, status="failed", error="no sdist or wheel on the index")
        expected = file.get("hashes", {}).get("sha256")
        target = archives / file["filename"]
        result.update(version=pkgindex.version_of(file["filename"]), url=file["url"],
                      upload_time=file.get("upload-time", ""), archive=str(target))
        if target.exists() and (not expected or _sha256(target.read_bytes()) == expected):
            return dict(result, sha256=_sha256(target.read_bytes()), status="cached")
        data = fetch_verified(file["url"], expected, fetch, delay=retry_delay)
        archives.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(target)
        return dict(result, sha256=_sha256(data))
    except Exception as exc:
        return dict(result, status="failed", error=f"{type(exc).__name__}: {exc}")
