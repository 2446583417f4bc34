"""Talk to the configured package index through its PEP 691 JSON API.

The index URL honours pip's own configuration ($PIP_INDEX_URL, then
`pip config list`: global/download index-url), so mirrors and private indexes
work the way they do for pip; so do the extra index URLs and the CA bundle
(`cert`) when looking up published hashes. `fetch` is injectable so tests run
offline. Listings are read as PEP 691 JSON, or as PEP 503 HTML (file:// and
plain static indexes), hashes from the `#sha256=` fragments.
Core metadata comes from PEP 658/714 `.metadata` files when the index offers
them, so checking a candidate's requirements needs no archive download.
"""

from __future__ import annotations

import email.parser
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile

JSON_ACCEPT = "application/vnd.pypi.simple.v1+json"
DEFAULT_INDEX = "https://pypi.org/simple/"
SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


_PIP_CONFIG: dict | None = None


def pip_config() -> dict:
    """`pip config list` as {key: value} (cached; empty when pip is unavailable)."""
    global _PIP_CONFIG
    if _PIP_CONFIG is None:
        try:
            out = subprocess.run(
                [sys.executable, "-m", "pip", "config", "list"],
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        _PIP_CONFIG = {}
        for line in out.splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                _PIP_CONFIG.setdefault(key.strip(), value.strip().strip("'\""))
    return _PIP_CONFIG


def _setting(name: str) -> str:
    """One pip option: $PIP_<NAME>, then download.<name>, then global.<name>."""
    env = os.environ.get("PIP_" + name.upper().replace("-", "_"))
    if env:
        return env
    config = pip_config()
    for key in (f"download.{name}", f"global.{name}", f":env:.{name}"):
        if config.get(key):
            return config[key]
    return ""


def configured_index_url() -> str:
    return _setting("index-url") or DEFAULT_INDEX


def configured_indexes() -> list[str]:
    """The index URL then the extra index URLs, as pip would search them."""
    extra = _setting("extra-index-url").split()
    return list(dict.fromkeys([configured_index_url(), *extra]))


def configured_cert() -> str | None:
    return _setting("cert") or None


def http_fetch(url: str, accept: str | None = None, timeout: float = 60) -> bytes:
    if url.startswith("file://"):
        path = urllib.request.url2pathname(url[len("file://") :].split("#")[0])
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        with open(path, "rb") as fh:
            return fh.read()
    import ssl

    cert = configured_cert()
    context = ssl.create_default_context(cafile=cert) if cert and os.path.exists(cert) else None
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
        return response.read()


_ANCHOR = re.compile(r"<a\s[^>]*?href=[\"']([^\"']+)[\"'][^>]*>([^<]*)</a>", re.I)


def parse_listing(raw: bytes, base_url: str) -> list[dict]:
    """Files of a project page: PEP 691 JSON, else PEP 503 HTML anchors."""
    import html as _html
    import urllib.parse

    text = raw.decode("utf-8", "replace")
    if text.lstrip().startswith("{"):
        return json.loads(text).get("files", [])
    files = []
    for href, label in _ANCHOR.findall(text):
        href = _html.unescape(href)
        url, _, fragment = href.partition("#")
        hashes = dict(part.split("=", 1) for part in fragment.split("&") if "=" in part)
        filename = _html.unescape(label).strip() or url.rsplit("/", 1)[-1]
        files.append(
            {"filename": filename, "url": urllib.parse.urljoin(base_url, url), "hashes": hashes}
        )
    return files


def published_hashes(
    name: str, filename: str, indexes: list[str], fetch=http_fetch
) -> list[tuple[str, str]]:
    """(index, sha256) for every configured index that lists `filename` with a sha256."""
    found = []
    for base in indexes:
        url = base.rstrip("/") + "/" + normalize(name) + "/"
        try:
            files = parse_listing(fetch(url, JSON_ACCEPT), url)
        except Exception:
            continue
        for f in files:
            if f["filename"] == filename and f.get("hashes", {}).get("sha256"):
                found.append((base, f["hashes"]["sha256"]))
    return found


def project_files(name: str, base: str, fetch=http_fetch) -> list[dict]:
    url = base.rstrip("/") + "/" + normalize(name) + "/"
    return parse_listing(fetch(url, JSON_ACCEPT), url)


def version_of(filename: str) -> str | None:
    if filename.endswith(".whl"):
        parts = filename.split("-")
        return parts[1] if len(parts) >= 5 else None
    for suffix in SDIST_SUFFIXES:
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            return stem.rsplit("-", 1)[1] if "-" in stem else None
    return None


def _version_key(version: str | None):
    version = version or ""  # callers pass only files with a version
    try:
        from packaging.version import Version

        return (1, Version(version))
    except Exception:
        return (0, tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.+-]", version)))


def pick_file(files: list[dict], version: str | None = None) -> dict | None:
    """Newest (or the given) version; its sdist if any, else a pure wheel, else any wheel."""
    usable = [f for f in files if not f.get("yanked") and version_of(f["filename"])]
    if version:
        usable = [f for f in usable if version_of(f["filename"]) == version]
    if not usable:
        return None
    newest = max((version_of(f["filename"]) for f in usable), key=_version_key)
    candidates = [f for f in usable if version_of(f["filename"]) == newest]
    candidates.sort(
        key=lambda f: (
            not f["filename"].endswith(SDIST_SUFFIXES),
            not f["filename"].endswith("-none-any.whl"),
            f["filename"],
        )
    )
    return candidates[0]


def core_metadata(file: dict, fetch=http_fetch):
    """PEP 658 metadata of one index file, or None when the index does not offer it."""
    if not (file.get("core-metadata") or file.get("data-dist-info-metadata")):
        return None
    raw = fetch(file["url"] + ".metadata", None)
    return email.parser.BytesParser().parsebytes(raw)


def metadata_from_archive(data: bytes, filename: str):
    """Core metadata read in memory from a wheel (METADATA) or sdist (PKG-INFO)."""
    raw = None
    if filename.endswith((".whl", ".zip")):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [n for n in zf.namelist() if n.endswith((".dist-info/METADATA", "/PKG-INFO"))]
            raw = zf.read(min(names, key=len)) if names else None
    else:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            member = next(
                (m for m in tf if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")), None
            )
            extracted = tf.extractfile(member) if member else None
            raw = extracted.read() if extracted else None
    return email.parser.BytesParser().parsebytes(raw) if raw else None


def requirements_metadata(file: dict, fetch=http_fetch):
    """PEP 658 metadata when offered, else the archive's own metadata (one download)."""
    meta = core_metadata(file, fetch)
    if meta is None:
        meta = metadata_from_archive(fetch(file["url"], None), file["filename"])
    return meta
