"""Wycheproof harness for the Python legacy-shim tests.

The `acceptable` policy is not kept here: it is read from the C++ tables in
compat_tests/cpp/wycheproof_acceptable.h, the one place that decides it, so
the C++ core tests and these legacy-path tests cannot drift apart.
"""
import collections
import hashlib
import json
import pathlib
import re
from typing import Callable, Dict, Optional, Tuple, Union

REPO = pathlib.Path(__file__).resolve().parents[2]
_POLICY_HEADER = REPO / "compat_tests" / "cpp" / "wycheproof_acceptable.h"

# What a run function returns: True accepted, False rejected, or a str giving
# the reason the vector is skipped (skips are counted, never passed).
Result = Union[bool, str]


def load_policy(name: str) -> Dict[str, bool]:
    """Flag -> must-accept, from `inline const AcceptablePolicy <name>`."""
    text = _POLICY_HEADER.read_text()
    block = re.search(r"AcceptablePolicy\s+%s\s*=\s*\{(.*?)\n\};" % re.escape(name), text, re.S)
    if block is None:
        raise KeyError(f"no policy {name} in {_POLICY_HEADER}")
    entries = re.findall(r'\{"([^"]+)",\s*Decision::k(Accept|Reject)', block.group(1))
    assert entries, f"policy {name} is empty"
    return {flag: decision == "Accept" for flag, decision in entries}


class Counts:
    def __init__(self) -> None:
        self.passed = self.failed = self.skipped = 0
        self.skip_reasons: Dict[str, int] = collections.Counter()
        self.failures = []

    def __iadd__(self, other: "Counts") -> "Counts":
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.skip_reasons.update(other.skip_reasons)
        self.failures += other.failures
        return self

    def __str__(self) -> str:
        return f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped"


def _must_accept(test: dict, policy: Dict[str, bool]) -> Optional[bool]:
    if test["result"] == "valid":
        return True
    if test["result"] == "invalid":
        return False
    decisions = [policy.get(flag) for flag in test["flags"]]
    if None in decisions:  # undecided flag: a failure, not a default
        return None
    return all(decisions)


def run_file(path: pathlib.Path, policy: Dict[str, bool],
             make_runner: Callable[[dict], Callable[[dict, dict], Result]],
             sample: Tuple[int, int] = (1, 0)) -> Counts:
    """Runs the vectors of one file and prints its counts. `sample` = (step,
    offset) runs the tests of each group whose index is offset mod step."""
    doc = json.loads(path.read_text())
    run = make_runner(doc)
    counts = Counts()
    for group in doc["testGroups"]:
        for index, test in enumerate(group["tests"]):
            if index % sample[0] != sample[1]:
                continue
            outcome = run(group, test)
            if isinstance(outcome, str):
                counts.skipped += 1
                counts.skip_reasons[outcome] += 1
                continue
            if _must_accept(test, policy) == outcome:
                counts.passed += 1
            else:
                counts.failed += 1
                counts.failures.append(
                    f"{path.name} tcId {test['tcId']} ({test['result']}, {test['flags']}, "
                    f"{test['comment']!r}) {'accepted' if outcome else 'rejected'}")
    sampled = f" (sampled: index % {sample[0]} == {sample[1]} in each group)" if sample[0] > 1 else ""
    print(f"wycheproof[legacy] {path.name}{sampled}: {counts}")
    for reason, n in sorted(counts.skip_reasons.items()):
        print(f"    skipped {n}: {reason}")
    return counts


def run_family(data_dir: pathlib.Path, family: str, pattern: str, policy: Dict[str, bool],
               make_runner: Callable[[dict], Callable[[dict, dict], Result]],
               sample: Tuple[int, int] = (1, 0), max_skipped: int = 0) -> Counts:
    """Runs every file of a family; fails on any mismatch, and when more
    vectors were skipped than `max_skipped` (each family states how many
    its known gaps cost, so a new gap cannot hide as a skip)."""
    vectors = data_dir / "wycheproof" / "testvectors_v1"
    files = sorted(p for p in vectors.iterdir() if re.fullmatch(pattern, p.name))
    assert files, f"no Wycheproof files match {pattern} in {vectors}"
    total = Counts()
    for path in files:
        total += run_file(path, policy, make_runner, sample)
    print(f"wycheproof[legacy] family {family}: {len(files)} files, {total}")
    assert total.failed == 0, "\n".join(total.failures[:20])
    assert total.skipped <= max_skipped, (
        f"{family}: {total.skipped} vectors skipped, at most {max_skipped} expected: "
        f"{dict(total.skip_reasons)}")
    return total


def hash_name(wycheproof: str) -> str:
    """Wycheproof's hash names ("SHA-256", "SHA-512/224", "SHA3-256") as
    hashlib and M2Crypto spell them ("sha256", "sha512_224", "sha3_256")."""
    name = wycheproof.lower()
    if name.startswith("sha3-"):
        return name.replace("-", "_")
    return name.replace("-", "").replace("/", "_")


def digest(wycheproof_hash: str, msg: bytes) -> bytes:
    """The message hash a prehashed legacy API takes; SHAKE lengths are the
    ones RFC 8692 fixes for ECDSA (256 and 512 bits)."""
    if wycheproof_hash == "SHAKE128":
        return hashlib.shake_128(msg).digest(32)
    if wycheproof_hash == "SHAKE256":
        return hashlib.shake_256(msg).digest(64)
    return hashlib.new(hash_name(wycheproof_hash), msg).digest()

