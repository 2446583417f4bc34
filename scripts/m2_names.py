#!/usr/bin/env python3
"""Coverage of the drop-in's flat M2Crypto.m2 namespace against the real
M2Crypto's public names, per prefix.

    .venv/bin/python scripts/m2_names.py [--real FILE] [--allow FILE] [--missing] [--flat]

The real list (scripts/data/m2_names_0.51.0.txt: "name type" per line) is
`dir(M2Crypto.m2)` of the real 0.51.0 without "_" names; m2_names_0.38.0.txt
is the same for 0.38.0 (Debian 12's), checked with --real. Names the drop-in
deliberately does not carry would be listed in scripts/data/m2_names_allowed.txt,
each with its reason ("name  # reason"); it is empty (test_m2_names_coverage
keeps it so). Exits 1 when a real name is neither
provided nor allowed, or when an allowed name lacks a reason or is not a real
name; 0 otherwise. An allowed name that is provided after all is reported
(remove its entry) but does not fail, so branches that add names merge
cleanly.
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import re
import sys

DATA = pathlib.Path(__file__).resolve().parent / "data"


def prefix(name: str) -> str:
    """The group of a name: its first word (bio_read -> bio, NID_sha1 -> NID)."""
    return re.match(r"[A-Za-z0-9]+", name).group(0)


def read_real(path: pathlib.Path) -> dict[str, str]:
    names = {}
    for line in path.read_text().splitlines():
        if line.strip():
            name, _, kind = line.partition(" ")
            names[name] = kind.strip()
    return names


def read_allowed(path: pathlib.Path) -> tuple[dict[str, str], list[str]]:
    """{name: reason} and the problems found (entries without a reason)."""
    allowed, problems = {}, []
    if not path.exists():
        return allowed, problems
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, reason = line.partition("#")
        name, reason = name.strip(), reason.strip()
        if not reason:
            problems.append(f"{path.name}:{number}: {name} has no reason")
        allowed[name] = reason
    return allowed, problems


def coverage(provided: set[str], real: dict[str, str], allowed: dict[str, str]):
    """Per prefix: (real count, provided, allowed, missing names)."""
    table = collections.defaultdict(lambda: [0, 0, 0, []])
    for name in sorted(real):
        row = table[prefix(name)]
        row[0] += 1
        if name in provided:
            row[1] += 1
        elif name in allowed:
            row[2] += 1
        else:
            row[3].append(name)
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real", type=pathlib.Path, default=DATA / "m2_names_0.51.0.txt")
    parser.add_argument("--allow", type=pathlib.Path, default=DATA / "m2_names_allowed.txt")
    parser.add_argument("--missing", action="store_true", help="list every missing name")
    parser.add_argument("--flat", action="store_true", help="print the drop-in's names, one a line")
    args = parser.parse_args(argv)
    from M2Crypto import m2

    provided = {n for n in dir(m2) if not n.startswith("_")}
    if args.flat:
        print("\n".join(sorted(provided)))
        return 0
    real = read_real(args.real)
    allowed, problems = read_allowed(args.allow)
    table = coverage(provided, real, allowed)
    have = sum(r[1] for r in table.values())
    excused = sum(r[2] for r in table.values())
    missing = [n for r in table.values() for n in r[3]]
    stale = sorted(n for n in allowed if n in provided)
    # An allowed name must be a name of some release listed in scripts/data.
    known = set(real).union(*(read_real(p) for p in DATA.glob("m2_names_[0-9]*.txt")))
    unknown = sorted(n for n in allowed if n not in known)

    print(f"M2Crypto.m2 coverage against {args.real.name}: {have}/{len(real)} provided "
          f"({100.0 * have / len(real):.1f}%), {excused} allowed, {len(missing)} missing; "
          f"{len(provided - set(real))} extra names")
    print(f"  {'prefix':12} {'real':>5} {'have':>5} {'allow':>5} {'miss':>5}")
    for name, (total, ok, allow, miss) in sorted(table.items(), key=lambda kv: (-len(kv[1][3]), kv[0])):
        if miss or args.missing:
            shown = " ".join(miss) if args.missing else " ".join(miss[:6]) + (" ..." if len(miss) > 6 else "")
            print(f"  {name:12} {total:5} {ok:5} {allow:5} {len(miss):5}  {shown}")
    complete = sum(1 for r in table.values() if not r[3])
    print(f"  ({complete} of {len(table)} prefixes complete)")
    for problem in problems:
        print("allow-list: " + problem)
    for name in stale:
        print(f"note: allow-list entry {name} is provided now; remove it")
    for name in unknown:
        print(f"allow-list: {name} is not a name of the real module")
    return 1 if missing or problems or unknown else 0


if __name__ == "__main__":
    sys.exit(main())
