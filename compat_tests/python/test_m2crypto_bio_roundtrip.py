"""Nothing written to an M2Crypto BIO is lost: MemoryBuffer, File, IOBuffer and
a CipherStream over a File round trip every length 0..100 and a few large
ones (4095..4097, 65535..65537, 1 MiB) through read(), read(n), readline(),
readline(n) and readlines() (differential/m2_bio_cases.py). Each result must
be the whole message, and the whole document must match the real M2Crypto
0.51.0 when its interpreter is available."""
import functools
import json
import os
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
