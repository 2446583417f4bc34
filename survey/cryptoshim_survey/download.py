"""Stage 2: fetch one archive per dependent into the cache, verified.

Two downloaders:
- "pip" (default): `pip download --no-deps --only-binary :all:` for the pinned
  (or newest) version, so every pip setting applies (index-url,
  extra-index-url, find-links, cert, proxies, constraints). Wheels only: pip
  would run an sdist's build backend (arbitrary code) to prepare its metadata,
  so a dependent without a usable wheel falls back to the JSON path (its sdist
  is fetched, never built). `--pip-sdist` lets pip fetch sdists too (runs the
  backend; only for trusted inputs). The saved file's sha256 is checked against
  the hash the configured indexes publish for that filename (JSON or HTML
  listing); a mismatch fails the package, a file no index lists (e.g. from
  find-links) is kept with hash_check "not-published".
- "json": newest sdist (else a wheel) from the configured index's PEP 691 JSON
  listing, sha256 checked against the index's hashes.
Both retry with backoff and are resumable (a cached archive whose hash still
matches is not fetched again). Entries from
an offline corpus are used as they are (`source` = an archive file) or built
by local_source.py (`source` = a source directory).
Failures are recorded per package and reported, never raised.
"""

from __future__ import annotations

import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from . import index as pkgindex
from . import local_source


class HashMismatch(Exception):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_verified(
    url: str, expected: str | None, fetch, attempts: int = 3, delay: float = 1.0
) -> bytes:
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            data = fetch(url, None)
            if expected and _sha256(data) != expected:
                raise HashMismatch(f"sha256 {_sha256(data)} != {expected}")
            return data
        except Exception as exc:  # retry network errors and corrupt transfers alike
            last = exc
            if attempt + 1 < attempts:
                time.sleep(delay * (2**attempt))
    raise last  # type: ignore[misc]  # attempts >= 1: set by the loop


class NoWheel(Exception):
    """pip found no distribution it may fetch without building (fall back to the JSON path)."""


def run_pip(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=600
    )


def pip_download(
    name: str,
    version: str | None,
    archives: pathlib.Path,
    runner=run_pip,
    allow_sdist: bool = False,
    attempts: int = 3,
    delay: float = 1.0,
    pip_args: tuple = (),
) -> pathlib.Path:
    """`pip download --no-deps` one distribution into `archives`; returns the saved file."""
    spec = f"{name}=={version}" if version else name
    archives.mkdir(parents=True, exist_ok=True)
    binary = [] if allow_sdist else ["--only-binary", ":all:"]
    last: Exception | None = None
    for attempt in range(attempts):
        tmp = pathlib.Path(tempfile.mkdtemp(prefix=".pip-", dir=archives))
        try:
            proc = runner(
                [
                    "download",
                    "--no-deps",
                    "--disable-pip-version-check",
                    "--progress-bar",
                    "off",
                    *binary,
                    *pip_args,
                    "--dest",
                    str(tmp),
                    spec,
                ]
            )
            saved = sorted(p for p in tmp.iterdir() if p.is_file())
            if proc.returncode == 0 and saved:
                target = archives / saved[0].name
                saved[0].replace(target)
                return target
            err = (proc.stderr or proc.stdout or "").strip().splitlines()
            message = err[-1] if err else f"pip exited {proc.returncode}"
            if "No matching distribution" in (proc.stderr or "") or "Could not find a version" in (
                proc.stderr or ""
            ):
                raise NoWheel(message)
            last = RuntimeError(message)
        except NoWheel:
            raise
        except Exception as exc:
            last = exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if attempt + 1 < attempts:
            time.sleep(delay * (2**attempt))
    raise last  # type: ignore[misc]  # attempts >= 1: set by the loop


def _download_pip(
    dep, archives, result, fetch, retry_delay, runner, allow_sdist, indexes, pip_args
):
    name, version = dep["name"], dep.get("version") or None
    target = pip_download(
        name, version, archives, runner, allow_sdist, delay=retry_delay, pip_args=pip_args
    )
    data = target.read_bytes()
    digest = _sha256(data)
    published = pkgindex.published_hashes(name, target.name, indexes, fetch)
    result.update(
        archive=str(target),
        sha256=digest,
        version=pkgindex.version_of(target.name) or version or "",
        url="pip:" + target.name,
        downloader="pip",
    )
    if not published:
        return dict(result, hash_check="not-published")
    wrong = [f"{base}: {h}" for base, h in published if h != digest]
    if wrong:
        target.unlink()
        raise HashMismatch(f"sha256 {digest} of {target.name} != published {'; '.join(wrong)}")
    return dict(
        result,
        hash_check="ok",
        url=published[0][0].rstrip("/") + "/" + pkgindex.normalize(name) + "/" + target.name,
    )


def download_one(
    dep: dict,
    archives: pathlib.Path,
    base: str | None,  # None for a dependent given by source
    fetch=pkgindex.http_fetch,
    retry_delay: float = 1.0,
    downloader: str | None = None,
    runner=run_pip,
    allow_sdist: bool = False,
    indexes: list[str] | None = None,
    pip_args: tuple = (),
) -> dict:
    """Fetch one dependent. downloader None = "pip" with the real network fetch, "json" when
    a fetch function is injected (offline tests)."""
    result = {
        "name": dep["name"],
        "version": dep.get("version", ""),
        "status": "ok",
        "archive": "",
        "sha256": "",
        "url": "",
        "upload_time": "",
        "error": "",
    }
    if downloader is None:
        downloader = "pip" if fetch is pkgindex.http_fetch else "json"
    try:
        if dep.get("source") and pathlib.Path(dep["source"]).is_file():
            path = pathlib.Path(
                dep["source"]
            )  # an archive already on disk (e.g. from `pip download`)
            result.update(
                archive=str(path), sha256=_sha256(path.read_bytes()), url="local:" + dep["source"]
            )
            return result
        if dep.get("source"):
            path = local_source.build_archive(
                pathlib.Path(dep["source"]),
                dep["name"],
                dep.get("version") or "0",
                dep.get("format", "tar.gz"),
                archives,
            )
            result.update(
                archive=str(path), sha256=_sha256(path.read_bytes()), url="local:" + dep["source"]
            )
            return result
        if downloader == "pip":
            try:
                return _download_pip(
                    dep,
                    archives,
                    result,
                    fetch,
                    retry_delay,
                    runner,
                    allow_sdist,
                    indexes if indexes is not None else [base],
                    pip_args,
                )
            except NoWheel as exc:
                result["pip_error"] = str(exc)  # no wheel pip may fetch: the sdist via the JSON API
        result["downloader"] = "json"
        file = pkgindex.pick_file(
            pkgindex.project_files(dep["name"], base, fetch),  # type: ignore[arg-type]  # no source: str
            dep.get("version") or None,
        )
        if file is None:
            return dict(result, status="failed", error="no sdist or wheel on the index")
        expected = file.get("hashes", {}).get("sha256")
        target = archives / file["filename"]
        result.update(
            version=pkgindex.version_of(file["filename"]),
            url=file["url"],
            upload_time=file.get("upload-time", ""),
            archive=str(target),
        )
        result["hash_check"] = "ok" if expected else "not-published"
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
