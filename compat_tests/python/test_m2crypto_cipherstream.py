"""BIO.CipherStream round trips every message length 0..100 through every
write/read/flush pattern (differential/m2_cipherstream_cases.py): each output
is checked against pyca/cryptography, and the whole document against the
real M2Crypto 0.51.0 when its interpreter is available
($CRYPTOSHIM_REAL_M2CRYPTO_PYTHON, or scripts/real-m2crypto-venv.sh's venv)."""
import functools
import json
import os
import pathlib
import subprocess
import sys

import pytest
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCRIPT = HERE / "differential" / "m2_cipherstream_cases.py"
sys.path.insert(0, str(SCRIPT.parent))
import m2_cipherstream_cases as cases  # noqa: E402

REAL = os.environ.get("CRYPTOSHIM_REAL_M2CRYPTO_PYTHON",
                      str(REPO / "bench" / "_work" / "venv-real-m2crypto" / "bin" / "python"))

# Patterns where the drop-in deliberately differs: the real BIO drops a
# block-mode tail that was written but never flushed when the stream is
# write_close()d or closed; the drop-in writes the final block then.
FINISHES_UNFLUSHED_TAIL = (
    "encrypt by writing, write_close without flush",
    "decrypt by writing, write_close without flush",
    "encrypt by writing, close without flush",
)
# Patterns whose output is the whole message (in, or out of, the cipher).
COMPLETE_ENCRYPT = ("encrypt by writing", "encrypt by reading", "EVP.Cipher encrypt",
                    *(f"encrypt by writing {c}-byte chunks" for c in cases.CHUNKS),
                    *FINISHES_UNFLUSHED_TAIL[:1], FINISHES_UNFLUSHED_TAIL[2],
                    "encrypt by writing, flush, write_close, close")
COMPLETE_DECRYPT = ("decrypt by writing", "decrypt by reading", "EVP.Cipher decrypt",
                    "decrypt by reading, fed in pieces", FINISHES_UNFLUSHED_TAIL[1],
                    *(f"decrypt by writing {c}-byte chunks" for c in cases.CHUNKS),
                    *(f"decrypt by read({c})" for c in cases.CHUNKS))


def real_env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "PYTHONHOME")}


def real_m2crypto_available() -> bool:
    if not pathlib.Path(REAL).exists():
        return False
    probe = subprocess.run([REAL, "-c", "import M2Crypto, cryptoshim"], capture_output=True,
                           env=real_env())
    if probe.returncode == 0:
        return False  # that interpreter sees the drop-in
    return subprocess.run([REAL, "-c", "import M2Crypto.BIO"], capture_output=True,
                          env=real_env()).returncode == 0


def run_cases(python: str, env: dict) -> dict:
    out = subprocess.run([python, str(SCRIPT)], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout)


@functools.cache
def ours() -> dict:
    return run_cases(sys.executable, dict(os.environ))


def pyca_encrypt(algo: str, data: bytes) -> bytes:
    if algo == "des_ede3_cbc":
        algorithm, mode, block = TripleDES(cases.KEY[:24]), modes.CBC(cases.IV[:8]), 64
    elif algo == "aes_128_ctr":
        algorithm, mode, block = algorithms.AES(cases.KEY[:16]), modes.CTR(cases.IV), 0
    else:
        size = 16 if algo == "aes_128_cbc" else 32
        algorithm, mode, block = algorithms.AES(cases.KEY[:size]), modes.CBC(cases.IV), 128
    if block:
        padder = padding.PKCS7(block).padder()
        data = padder.update(data) + padder.finalize()
    enc = Cipher(algorithm, mode).encryptor()
    return enc.update(data) + enc.finalize()


def produced(outcome: dict) -> bytes:
    assert "bytes" in outcome, outcome
    return bytes.fromhex(outcome["bytes"])


@pytest.mark.parametrize("algo", cases.CIPHERS)
def test_every_encrypting_pattern_matches_pyca(algo):
    doc = ours()
    bad = {}
    for n in cases.LENGTHS:
        expected = pyca_encrypt(algo, cases.plaintext(n))
        for pattern in COMPLETE_ENCRYPT:
            got = doc[f"{algo} {n} {pattern}"]
            if got.get("bytes") != expected.hex():
                bad[f"{n} {pattern}"] = got
    assert not bad, json.dumps(bad, indent=1)[:4000]


@pytest.mark.parametrize("algo", cases.CIPHERS)
def test_every_decrypting_pattern_returns_the_whole_message(algo):
    doc = ours()
    bad = {}
    for n in cases.LENGTHS:
        for pattern in COMPLETE_DECRYPT:
            got = doc[f"{algo} {n} {pattern}"]
            if got.get("bytes") != cases.plaintext(n).hex():
                bad[f"{n} {pattern}"] = got
    assert not bad, json.dumps(bad, indent=1)[:4000]


@pytest.mark.parametrize("algo", cases.CIPHERS)
def test_evp_cipher_without_padding(algo):
    # Padding off: whole blocks pass unpadded (the padded ciphertext decrypts
    # to message + PKCS#7 padding); a partial block is an error at final().
    doc = ours()
    block = 1 if algo == "aes_128_ctr" else (8 if algo.startswith("des") else 16)
    for n in cases.LENGTHS:
        pt = cases.plaintext(n)
        enc = doc[f"{algo} {n} EVP.Cipher encrypt, padding off"]
        dec = doc[f"{algo} {n} EVP.Cipher decrypt, padding off"]
        padded = pyca_encrypt(algo, pt)
        if n % block == 0:
            assert enc == {"bytes": padded[:n].hex() if block > 1 else padded.hex()}, (n, enc)
        else:
            assert enc.get("raises") == "EVPError", (n, enc)
        pad = len(padded) - n
        assert dec == {"bytes": (pt + bytes([pad]) * pad).hex()}, (n, dec)


def test_decrypt_by_writing_flush_keeps_the_final_block():
    # Issue 11: 1 and 15 bytes came back empty, 17 as 16, 40 as 32.
    for n in (1, 15, 17, 40):
        pt = cases.plaintext(n)
        ct = cases.write_through("aes_128_cbc", 1, pt)
        assert cases.write_through("aes_128_cbc", 0, ct) == pt


def test_bad_padding_at_flush_raises_bioerror():
    from M2Crypto import BIO
    ct = bytearray(cases.write_through("aes_128_cbc", 1, b"x" * 17))
    ct[-1] ^= 1
    _, cs = cases.stream("aes_128_cbc", 0)
    cs.write(bytes(ct))
    with pytest.raises(BIO.BIOError, match="bad decrypt"):
        cs.flush()


def test_write_after_the_final_block_raises_instead_of_vanishing():
    # The real BIO accepts it and never writes it out (3 bytes lost).
    from M2Crypto import BIO
    _, cs = cases.stream("aes_128_cbc", 1)
    cs.write(b"abc")
    cs.flush()
    with pytest.raises(BIO.BIOError, match="final block"):
        cs.write(b"def")


def test_stream_modes_go_on_after_flush():
    mem, cs = cases.stream("aes_128_ctr", 1)
    cs.write(b"abc")
    cs.flush()
    cs.write(b"def")
    cs.flush()
    assert cases.written(mem) == pyca_encrypt("aes_128_ctr", b"abcdef")


@pytest.mark.skipif(not real_m2crypto_available(),
                    reason=f"no interpreter with the real M2Crypto ({REAL})")
def test_drop_in_matches_real_m2crypto():
    real = run_cases(REAL, real_env())
    mine = ours()
    assert real.keys() == mine.keys()
    mismatches = {name: {"real": real[name], "ours": mine[name]} for name in real
                  if real[name] != mine[name]
                  and not name.endswith(FINISHES_UNFLUSHED_TAIL)}
    assert not mismatches, json.dumps(dict(list(mismatches.items())[:20]), indent=1)
    # Where they differ on purpose, the real output is a prefix of ours.
    for name in real:
        if name.endswith(FINISHES_UNFLUSHED_TAIL):
            assert mine[name]["bytes"].startswith(real[name]["bytes"]), name
