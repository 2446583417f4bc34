"""Nothing written to an M2Crypto BIO is lost: MemoryBuffer, File, IOBuffer and
a CipherStream over a File round trip every length 0..100 and a few large
ones (4095..4097, 65535..65537, 1 MiB) through read(), read(n), readline(),
readline(n) and readlines(), and so does a memory BIO through the flat
m2.bio_write / bio_read (the drop-in's C fast path) for every write split and
read size around the chunk boundaries, with what bio_ctrl_pending, bio_eof
and the retry flags report on the way (differential/m2_bio_cases.py). Each
result must be the whole message, and the whole document must match the
real M2Crypto 0.51.0 when its interpreter is available.
test_m2_memory_bio_fast_path.py compares the C path with the Python one on
random call sequences."""
import functools
import json
import os
import re
import subprocess
import sys

import pytest
from test_m2crypto_cipherstream import REAL, real_env, real_m2crypto_available

from M2Crypto import BIO

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "differential", "m2_bio_cases.py")
sys.path.insert(0, os.path.dirname(SCRIPT))
import m2_bio_cases as cases  # noqa: E402

# The real File BIO's gets (BIO_s_pyfd) ends a line at its first NUL byte
# (strlen), dropping the rest of that line, and a line starting with NUL
# reads as the end of the file. The drop-in returns the whole line.
NUL_IN_LINES = ("File", ("readline() until empty", "readlines()"))


def run(python, scratch, env) -> dict:
    out = subprocess.run([python, SCRIPT, str(scratch)], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout)


@functools.cache
def ours(scratch) -> dict:
    return run(sys.executable, scratch, dict(os.environ))


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    return ours(tmp_path_factory.mktemp("bio-ours"))


def whole(n: int):
    return cases.summary(cases.message(n))


def data_of(outcome):
    assert "ok" in outcome, outcome
    value = outcome["ok"]
    if isinstance(value, dict) and "data" in value:
        return value["data"]
    if isinstance(value, dict) and "joined" in value:
        return value["joined"]
    return value


def test_every_kind_and_pattern_returns_the_whole_message(doc):
    lost = {}
    for name, outcome in doc.items():
        _, n, pattern = name.split(" ", 2)
        if pattern == "len":
            assert outcome == {"ok": int(n)}, name
            continue
        if "should_retry" in pattern:
            continue  # flags, not data: the differential test checks them
        got = data_of(outcome)
        # An empty MemoryBuffer reads as None, as the real one does.
        if got != whole(int(n)) and not (n == "0" and got is None):
            lost[name] = outcome
    assert not lost, json.dumps(dict(list(lost.items())[:10]), indent=1)


def expected_reads(n: int, size: int):
    """What bio_read(size) answers until the memory BIO is empty, as runs:
    full reads, the remainder, then None (BIO_read's -1, retry)."""
    lengths = [size] * (n // size) + ([n % size] if n % size else []) + ["None"]
    return cases.runs(lengths)


def test_flat_memory_bio_reads_back_every_split(doc):
    """The flat round trips: every byte comes back, each bio_read answers
    min(size, what is left), and pending/eof/retry say what the BIO holds."""
    checked, wrong = 0, {}
    for name, outcome in doc.items():
        kind, n, pattern = name.split(" ", 2)
        sizes = re.match(r"write by (\d+), read by (\d+)", pattern)
        if kind != "m2.bio_s_mem" or not sizes:
            continue
        n, w, r = int(n), int(sizes[1]), int(sizes[2])
        got = outcome.get("ok", {})
        want = {"data": whole(n), "eof when new": 1, "pending when new": 0,
                "pending, eof, should_retry, should_read at the end": [0, 1, 8, 1],
                "bio_free": 1}
        if not pattern.endswith("after each write"):
            want["bio_write answers"] = cases.runs([len(p) for p in cases.chunked(
                cases.message(n), w)])
            want["pending after the writes"] = n
            want["eof after the writes"] = 0 if n else 1
            want["bio_read answers"] = expected_reads(n, r)
        diff = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
        if diff:
            wrong[name] = diff
        checked += 1
    assert checked > 1000, checked  # every length, every split
    assert not wrong, json.dumps(dict(list(wrong.items())[:10]), indent=1)


def test_readline_reads_at_most_size_minus_one_bytes_as_bio_gets():
    mem = BIO.MemoryBuffer(b"ab\ncd\n\nxyz")
    assert [mem.readline(3) for _ in range(6)] == [b"ab", b"\n", b"cd", b"\n", b"\n", b"xy"]
    assert BIO.MemoryBuffer(b"abc\n").readline(1) == b""
    assert [len(x) for x in BIO.MemoryBuffer(b"a" * 5000 + b"\nb").readlines()] == [4095, 906, 1]


def test_memory_buffer_reset_empties_it():
    mem = BIO.MemoryBuffer(b"data")
    assert mem.reset() == 1
    assert len(mem) == 0 and mem.read() is None


def test_file_writes_reach_the_file_before_close(tmp_path):
    path = tmp_path / "out.bin"
    f = open(path, "wb")
    bio = BIO.File(f, close_pyfile=0)
    bio.write(b"x" * 100)
    assert path.read_bytes() == b"x" * 100
    f.close()


@pytest.mark.skipif(not real_m2crypto_available(),
                    reason=f"no interpreter with the real M2Crypto ({REAL})")
def test_drop_in_matches_real_m2crypto(doc, tmp_path):
    real = run(REAL, tmp_path, real_env())
    assert real.keys() == doc.keys()
    mismatches = {}
    for name in real:
        kind, n, pattern = name.split(" ", 2)
        if real[name] == doc[name]:
            continue
        if kind == NUL_IN_LINES[0] and pattern in NUL_IN_LINES[1] \
                and 0 in cases.message(int(n)):
            assert data_of(doc[name]) == whole(int(n)), name
            continue
        mismatches[name] = {"real": real[name], "ours": doc[name]}
    assert not mismatches, json.dumps(dict(list(mismatches.items())[:10]), indent=1)


# m2.bio_read's num is a C int in M2Crypto (SWIG): what each side answers for
# sizes at and past its range, and for bools (ints to SWIG), on a memory BIO
# holding b"abc"; then how much is still pending.
READ_SIZES = """
import json, warnings
warnings.simplefilter("ignore")
from M2Crypto import m2
out = {}
for n in (2**31 - 1, 2**31, 2**32 + 1, 2**63, -2**31, -2**31 - 1, True, False):
    b = m2.bio_new(m2.bio_s_mem())
    m2.bio_write(b, b"abc")
    try:
        got = m2.bio_read(b, n)
        got = got.hex() if got is not None else None
    except Exception as exc:
        got = type(exc).__name__
    out[repr(n)] = [got, m2.bio_ctrl_pending(b)]
print(json.dumps(out))
"""


def read_sizes(python: str, env: dict) -> dict:
    out = subprocess.run([python, "-c", READ_SIZES], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not real_m2crypto_available(),
                    reason=f"no interpreter with the real M2Crypto ({REAL})")
def test_bio_read_sizes_outside_a_c_int_match_real_m2crypto():
    """num is a C int in M2Crypto: OverflowError outside it with the data left
    in the BIO, True/False read 1/0 bytes (was: the drop-in read everything,
    raised MemoryError or TypeError)."""
    # Only the comparison may fail as expected (AssertionError); a script
    # that does not run, or a real library that did not read, fails the test.
    real = read_sizes(REAL, real_env())
    ours = read_sizes(sys.executable, dict(os.environ))
    if real["2147483647"] != ["616263", 0] or real["2147483648"] != ["OverflowError", 3]:
        pytest.fail(f"the real M2Crypto answered {real}")
    assert ours == real
