#!/usr/bin/env python3
"""Prints the flat M2Crypto.m2 namespace the drop-in provides, grouped by
prefix, with the count of each group (the issue's "list of m2 names").

    .venv/bin/python scripts/m2_names.py [--flat]
"""
import argparse
import collections
import re
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flat", action="store_true", help="one name per line")
    args = parser.parse_args()
    from M2Crypto import m2

    names = sorted(n for n in dir(m2) if not n.startswith("_"))
    if args.flat:
        print("\n".join(names))
        return 0
    groups = collections.defaultdict(list)
    for name in names:
        value = getattr(m2, name)
        kind = "constants" if isinstance(value, (int, str)) else "functions"
        prefix = re.match(r"[A-Za-z0-9]+_?", name).group(0).rstrip("_")
        groups[(kind, prefix)].append(name)
    total = collections.Counter(kind for kind, _ in groups for _ in groups[(kind, _)])
    print(f"M2Crypto.m2: {len(names)} names "
          f"({total['functions']} functions, {total['constants']} constants)")
    for (kind, prefix), members in sorted(groups.items()):
        print(f"  {kind[:-1]:8} {prefix + '*':14} {len(members):4}  {' '.join(members)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
