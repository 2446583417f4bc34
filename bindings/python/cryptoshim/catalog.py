"""The legacy API catalog as compiled into this build (read-only)."""

from __future__ import annotations

import functools

from cryptoshim import _core


@functools.cache
def records() -> tuple[dict, ...]:
    return tuple(_core.catalog())


@functools.cache
def by_id() -> dict[str, dict]:
    return {r["id"]: r for r in records()}


def qualified_name(record: dict) -> str:
    return f"{record['module']}.{record['name']}"
