"""Run by both the real M2Crypto and cryptoshim's drop-in (separate
interpreters): every write/read/flush pattern of BIO.CipherStream, for every
message length 0..100, for several ciphers; prints {case: outcome} as JSON.
An outcome is the bytes that came out (hex), or the exception that ended the
pattern, after the bytes collected before it."""
import json
import os
import sys
import warnings

warnings.simplefilter("ignore")
from M2Crypto import BIO, EVP  # noqa: E402

CIPHERS = ("aes_128_cbc", "aes_256_cbc", "aes_128_ctr", "des_ede3_cbc")
LENGTHS = range(101)
CHUNKS = (1, 7, 16, 17)
KEY = bytes(range(32))
IV = bytes(range(100, 116))


def plaintext(n: int) -> bytes:
    return bytes((i * 7 + 3) % 256 for i in range(n))


def stream(algo, op, mem=None):
    mem = BIO.MemoryBuffer() if mem is None else mem
    cs = BIO.CipherStream(mem)
    cs.set_cipher(algo, KEY, IV, op)
    return mem, cs


def written(mem) -> bytes:
    return bytes(mem.read() or b"")


def write_through(algo, op, data, chunk=None, flush=True, end=None):
    mem, cs = stream(algo, op)
    step = chunk or max(len(data), 1)
    for i in range(0, len(data), step):
        cs.write(data[i:i + step])
    if not data:
        cs.write(b"")
    if flush:
        cs.flush()
    if end == "upstream":  # tests/test_bio.py's order
        cs.write_close()
        cs.close()
    elif end == "write_close":
        cs.write_close()
    elif end == "close":
        cs.close()
    return written(mem)


def read_through(algo, op, data, write_close=True):
    _, cs = stream(algo, op, BIO.MemoryBuffer(data))
    if write_close:
        cs.write_close()
    return bytes(cs.read())


def read_sized(algo, op, data, size):
    """read(size) until it ends; the real read(size) raises TypeError when
    BIO_read returns -1, which is how its end shows."""
    _, cs = stream(algo, op, BIO.MemoryBuffer(data))
    cs.write_close()
    out = b""
    for _ in range(len(data) + 3):
        try:
            piece = cs.read(size)
        except Exception as exc:  # noqa: BLE001
            return {"bytes": out.hex(), "then": type(exc).__name__}
        if len(piece) > size:
            return {"bytes": out.hex(), "then": f"read({size}) gave {len(piece)}"}
        if not piece:
            return {"bytes": out.hex(), "then": "empty"}
        out += piece
    return {"bytes": out.hex(), "then": "no end"}


def read_fed(algo, op, data, step=7):
    """The ciphertext arrives in pieces; read() after each, then end of data."""
    mem, cs = stream(algo, op)
    out, sizes = b"", []
    for i in range(0, len(data), step):
        mem.write(data[i:i + step])
        piece = bytes(cs.read())
        sizes.append(len(piece))
        out += piece
    mem.write_close()
    piece = bytes(cs.read())
    sizes.append(len(piece))
    return {"bytes": (out + piece).hex(), "sizes": sizes}


def evp(algo, op, data, padding=1, step=7):
    """EVP.Cipher, the same cipher as a plain update/final stream."""
    c = EVP.Cipher(algo, KEY, IV, op, padding=padding)
    out = b"".join(c.update(data[i:i + step]) for i in range(0, len(data), step))
    return out + c.final()


def outcome(fn):
    try:
        value = fn()
    except Exception as exc:  # noqa: BLE001 - every failure shape is recorded
        return {"raises": type(exc).__name__, "args": [str(a) for a in exc.args]}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).hex()}
    return value


def patterns(algo: str, pt: bytes, ct: bytes) -> dict:
    run = {
        "encrypt by writing": lambda: write_through(algo, 1, pt),
        "encrypt by writing, no flush": lambda: write_through(algo, 1, pt, flush=False),
        "encrypt by writing, flush, write_close, close":
            lambda: write_through(algo, 1, pt, end="upstream"),
        "encrypt by writing, write_close without flush":
            lambda: write_through(algo, 1, pt, flush=False, end="write_close"),
        "encrypt by writing, close without flush":
            lambda: write_through(algo, 1, pt, flush=False, end="close"),
        "encrypt by reading": lambda: read_through(algo, 1, pt),
        "decrypt by writing": lambda: write_through(algo, 0, ct),
        "decrypt by writing, no flush": lambda: write_through(algo, 0, ct, flush=False),
        "decrypt by writing, write_close without flush":
            lambda: write_through(algo, 0, ct, flush=False, end="write_close"),
        "decrypt by reading": lambda: read_through(algo, 0, ct),
        "decrypt by reading, no write_close": lambda: read_through(algo, 0, ct, write_close=False),
        "decrypt by reading, fed in pieces": lambda: read_fed(algo, 0, ct),
        "EVP.Cipher encrypt": lambda: evp(algo, 1, pt),
        "EVP.Cipher decrypt": lambda: evp(algo, 0, ct),
        "EVP.Cipher encrypt, padding off": lambda: evp(algo, 1, pt, padding=0),
        "EVP.Cipher decrypt, padding off": lambda: evp(algo, 0, ct, padding=0),
    }
    for chunk in CHUNKS:
        run[f"encrypt by writing {chunk}-byte chunks"] = \
            lambda c=chunk: write_through(algo, 1, pt, chunk=c)
        run[f"decrypt by writing {chunk}-byte chunks"] = \
            lambda c=chunk: write_through(algo, 0, ct, chunk=c)
        run[f"decrypt by read({chunk})"] = lambda c=chunk: read_sized(algo, 0, ct, c)
    return run


def cases():
    out = {}
    for algo in CIPHERS:
        for n in LENGTHS:
            pt = plaintext(n)
            ct = write_through(algo, 1, pt)
            for pattern, fn in patterns(algo, pt, ct).items():
                out[f"{algo} {n} {pattern}"] = outcome(fn)
    return out


if __name__ == "__main__":
    sys.stdout.write(json.dumps(cases(), sort_keys=True))
    sys.stdout.flush()
    # The real M2Crypto can crash freeing a cipher BIO chain at exit; the
    # document is complete by now.
    os._exit(0)
