"""The stages as functions over one work directory, each resumable from its cache.

Layout of the work directory:
  dependents.json         stage 1 output
  archives/, downloads.json   stage 2 (a package already fetched and verified is skipped)
  scans/<pkg>-<ver>-<sha12>.json  stage 3, one file per package (existing files are reused)
  scan_failures.json
  matches.json            stage 4
  telemetry.json          stage 6 (merged runtime evidence)
  report.json/.md/.html   stage 5
"""

from __future__ import annotations

import json
import os
import pathlib
import time

from . import archive, download, executors, html, markdown, match, report, telemetry_merge
from . import dependents as deps_mod
from . import index as pkgindex
from .logs import Log, Progress


def _write(path: pathlib.Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True, default=str))
    tmp.replace(path)


def _read(path: pathlib.Path, default=None):
    return json.loads(path.read_text()) if path.exists() else default


def stage_dependents(
    work: pathlib.Path,
    index,
    log: Log,
    names=None,
    reverse=None,
    candidates=None,
    corpus=None,
    downloads=None,
    index_url=None,
    fetch=pkgindex.http_fetch,
) -> list[dict]:
    rows = []
    for path in names or []:
        rows += deps_mod.from_names(pathlib.Path(path))
    for path in reverse or []:
        rows += deps_mod.from_reverse_dump(pathlib.Path(path))
    for path in corpus or []:
        rows += deps_mod.from_corpus(pathlib.Path(path))
    for path in candidates or []:
        listed = [
            n
            for n in (
                line.split("#")[0].strip() for line in pathlib.Path(path).read_text().splitlines()
            )
            if n
        ]
        base = index_url or pkgindex.configured_index_url()
        rows += deps_mod.from_index(listed, set(index.distributions), base, fetch, log)
    merged = deps_mod.merge(rows)
    for path in downloads or []:
        deps_mod.apply_downloads(merged, pathlib.Path(path))
    _write(work / "dependents.json", {"dependents": merged})
    log.info("dependents", count=len(merged), optional=sum(1 for r in merged if r["optional"]))
    return merged


def stage_download(
    work: pathlib.Path,
    log: Log,
    index_url=None,
    fetch=pkgindex.http_fetch,
    progress=True,
    retry_delay=1.0,
    downloader=None,
    allow_sdist=False,
    runner=None,
) -> list[dict]:
    """downloader: "pip" (default with the real network) or "json" (see download.py)."""
    dependents = _read(work / "dependents.json", {"dependents": []})["dependents"]
    previous = {d["name"]: d for d in _read(work / "downloads.json", [])}
    base = indexes = None
    results, bar = [], Progress(len(dependents), "download", log, progress)
    for dep in dependents:
        old = previous.get(dep["name"])
        if (
            old
            and old["status"] != "failed"
            and pathlib.Path(old["archive"]).exists()
            and not dep.get("source")
        ):
            results.append(old)
        else:
            if base is None and not dep.get("source"):
                base = index_url or pkgindex.configured_index_url()
                indexes = [index_url] if index_url else pkgindex.configured_indexes()
            extra = {"runner": runner} if runner else {}
            results.append(
                download.download_one(
                    dep,
                    work / "archives",
                    base or "",  # unset only for local sources, which need no index
                    fetch,
                    retry_delay,
                    downloader=downloader,
                    allow_sdist=allow_sdist,
                    indexes=indexes if base else None,
                    pip_args=("--index-url", index_url) if index_url else (),
                    **extra,
                )
            )
            if results[-1]["status"] == "failed":
                log.warning("download-failed", package=dep["name"], error=results[-1]["error"])
        bar.step()
    bar.close()
    _write(work / "downloads.json", results)
    return results


def _scans_dir(work, index) -> pathlib.Path:
    """One cache per catalog + facts + survey code (CatalogIndex.digest)."""
    return work / "scans" / index.digest()[:16]


def _scan_file(work, d, index) -> pathlib.Path:
    return _scans_dir(work, index) / f"{d['name']}-{d['version']}-{d['sha256'][:12]}.json"


def stage_scan(
    work: pathlib.Path,
    index,
    log: Log,
    workers=None,
    scheduler=None,
    progress=True,
    parser="tree-sitter",
) -> list[dict]:
    downloads = [d for d in _read(work / "downloads.json", []) if d["status"] != "failed"]
    todo = [d for d in downloads if not _scan_file(work, d, index).exists()]
    log.info(
        "scan-start",
        packages=len(downloads),
        cached=len(downloads) - len(todo),
        scheduler=scheduler or "local",
    )
    tasks = [
        {
            "name": d["name"],
            "version": d["version"],
            "archive": d["archive"],
            "sha256": d["sha256"],
            "parser": parser,
        }
        for d in todo
    ]
    failures, bar = [], Progress(len(tasks), "scan", log, progress)
    started = time.perf_counter()
    for outcome in executors.map_scans(tasks, index, workers, scheduler):
        task = outcome["task"]
        if "error" in outcome:
            failures.append({"package": task["name"], "error": outcome["error"]})
            log.error("scan-failed", package=task["name"], error=outcome["error"])
        else:
            _write(_scan_file(work, task, index), outcome["result"])
        bar.step()
    bar.close()
    seconds = time.perf_counter() - started
    sizes = [archive.source_size(t["archive"]) for t in tasks]
    if tasks:
        # The run's own numbers, carried into the report (a cached rerun keeps them).
        mb = sum(sizes) / 1e6
        _write(
            work / "scan_stats.json",
            {
                "packages": len(tasks),
                "seconds": round(seconds, 2),
                "source_mb": round(mb, 2),
                "mb_per_s": round(mb / seconds, 2) if seconds else None,
                "packages_per_s": round(len(tasks) / seconds, 2) if seconds else None,
                "scheduler": scheduler or "local-processes",
                "workers": workers or os.cpu_count(),
            },
        )
    _write(work / "scan_failures.json", failures)
    return [
        _read(_scan_file(work, d, index)) for d in downloads if _scan_file(work, d, index).exists()
    ]


def stage_match(work: pathlib.Path, index, log: Log) -> list[dict]:
    scans = [_read(p) for p in sorted(_scans_dir(work, index).glob("*.json"))]
    wanted = {(d["name"], d["version"]) for d in _read(work / "downloads.json", [])}
    scans = [s for s in scans if not wanted or (s["package"], s["package_version"]) in wanted]
    matches = [match.match_scan(index, s) for s in scans]
    _write(work / "matches.json", matches)
    log.info(
        "matched",
        matched=sum(len(m["matched"]) for m in matches),
        unmatched=sum(len(m["unmatched"]) for m in matches),
    )
    return matches


def stage_telemetry(work: pathlib.Path, files, log: Log) -> dict:
    merged, problems = telemetry_merge.merge_files([pathlib.Path(f) for f in files])
    merged["problems"] = problems
    _write(work / "telemetry.json", merged)
    log.info("telemetry", files=len(files), processes=merged["processes"], problems=len(problems))
    return merged


def stage_report(work: pathlib.Path, index, log: Log, out_dir=None) -> dict:
    out_dir = pathlib.Path(out_dir or work)
    downloads = _read(work / "downloads.json", [])
    matches = _read(work / "matches.json", [])
    wanted = {(m["package"], m["version"]) for m in matches}
    scans = [
        s
        for s in (_read(p) for p in sorted(_scans_dir(work, index).glob("*.json")))
        if (s["package"], s["package_version"]) in wanted
    ]
    telemetry = _read(work / "telemetry.json")
    doc = report.build_report(
        index.records,
        _read(work / "dependents.json", {"dependents": []})["dependents"],
        downloads,
        scans,
        matches,
        telemetry,
        telemetry["problems"] if telemetry else (),
        _read(work / "scan_failures.json", []),
        _read(work / "scan_stats.json"),
    )
    errors = report.validate(doc)
    if errors:
        raise RuntimeError(f"report does not match its schema: {errors[:3]}")
    _write(out_dir / "report.json", doc)
    (out_dir / "report.md").write_text(markdown.render(doc))
    (out_dir / "report.html").write_text(html.render(doc))
    log.info("report", out=str(out_dir), apis_used=doc["summary"]["apis_used"])
    return doc
