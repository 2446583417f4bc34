"""Run by both the real M2Crypto and cryptoshim's drop-in (separate
interpreters): round trips through BIO.MemoryBuffer, File, IOBuffer and a
CipherStream over a File, for every length 0..100 and a few large ones,
with read(), read(n), readline(n) and readlines(); prints {case: outcome}
as JSON. argv[1] is a scratch directory for the File cases."""
import hashlib
import json
import os
import sys
import warnings

warnings.simplefilter("ignore")
from M2Crypto import BIO  # noqa: E402

LENGTHS = (*range(101), 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20)
SCRATCH = sys.argv[1] if len(sys.argv) > 1 else "."


def message(n: int) -> bytes:
    # Newlines (10) at irregular places, NULs too: readline must not care.
    return bytes((i * 31 + 7) % 256 for i in range(n))


def chunked(data: bytes, step: int):
    return [data[i:i + step] for i in range(0, len(data), step)]


def summary(value):
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value)
        if len(value) <= 256:
            return value.hex()
        return {"len": len(value), "sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, list):
        return {"lengths": [len(v) for v in value][:300], "count": len(value),
                "joined": summary(b"".join(value))}
    return value


def outcome(fn):
    try:
        return {"ok": summary(fn())}
    except Exception as exc:  # noqa: BLE001 - every failure shape is recorded
        return {"raises": type(exc).__name__, "args": [str(a) for a in exc.args]}


def drain(read):
    """read() until it gives nothing; what came, and how it ended."""
    out = b""
    for _ in range(1 << 21):
        try:
            piece = read()
        except Exception as exc:  # noqa: BLE001
            return {"data": summary(out), "end": type(exc).__name__}
        if not piece:
            return {"data": summary(out), "end": repr(piece)}
        out += piece
    return {"data": summary(out), "end": "no end"}


def reads(bio, size):
    return lambda: bio.read(size)


def lines(bio, size):
    return lambda: bio.readline(size)


def memory_cases(n, data):
    step = 7 if n < 4096 else 4096
    line = 5 if n < 4096 else 4096

    def written():
        mem = BIO.MemoryBuffer()
        for piece in chunked(data, step):
            mem.write(piece)
        return mem

    def closed():
        mem = BIO.MemoryBuffer(data)
        mem.write_close()
        return mem

    def retry_flags(make):
        mem = make()
        flags = []
        for _ in range(2):
            mem.read()
            flags.append(f"{mem.should_retry()},{mem.should_read()}")
        return " ".join(flags)

    return {
        "read()": lambda: BIO.MemoryBuffer(data).read(),
        "read() twice, should_retry/should_read":
            lambda: retry_flags(lambda: BIO.MemoryBuffer(data)),
        "write_close, read() twice, should_retry/should_read": lambda: retry_flags(closed),
        "written in pieces, read()": lambda: written().read(),
        "len": lambda: len(written()),
        "write_close, read()": lambda: closed().read(),
        "read(n) until empty": lambda: drain(reads(BIO.MemoryBuffer(data), step)),
        "readline() until empty": lambda: drain(BIO.MemoryBuffer(data).readline),
        "readline(n) until empty": lambda: drain(lines(BIO.MemoryBuffer(data), line)),
        "readlines()": lambda: BIO.MemoryBuffer(data).readlines(),
    }


def file_cases(n, data):
    path = os.path.join(SCRATCH, f"bio-{n}.bin")
    step = 7 if n < 4096 else 4096

    def write_then_close():
        bio = BIO.File(open(path, "wb"))
        for piece in chunked(data, step):
            bio.write(piece)
        bio.close()
        with open(path, "rb") as f:
            return f.read()

    def write_then_look():
        # What another reader of the file sees before the BIO is closed.
        f = open(path, "wb")
        bio = BIO.File(f, close_pyfile=0)
        bio.write(data)
        with open(path, "rb") as g:
            seen = g.read()
        f.close()
        return seen

    def reader():
        with open(path, "wb") as f:
            f.write(data)
        return BIO.File(open(path, "rb"))

    return {
        "write, close, file holds": write_then_close,
        "write, file holds before close": write_then_look,
        "read()": lambda: reader().read(),
        "read(n) until empty": lambda: drain(reads(reader(), step)),
        "readline() until empty": lambda: drain(reader().readline),
        "readlines()": lambda: reader().readlines(),
    }


def iobuffer_cases(n, data):
    def write_flush():
        mem = BIO.MemoryBuffer()
        io = BIO.IOBuffer(mem)
        for piece in chunked(data, 7 if n < 4096 else 4096):
            io.write(piece)
        io.flush()
        return mem.read()

    def over(closed):
        mem = BIO.MemoryBuffer(data)
        if closed:
            mem.write_close()
        return BIO.IOBuffer(mem)

    return {
        "write, flush, under holds": write_flush,
        "read()": lambda: over(False).read(),
        "write_close under, read()": lambda: over(True).read(),
        "readline() until empty": lambda: drain(over(True).readline),
        "readlines()": lambda: over(True).readlines(),
    }


def cipher_file_cases(n, data):
    path = os.path.join(SCRATCH, f"cipher-{n}.bin")
    key, iv = b"k" * 32, b"i" * 16

    def encrypt_to_file_decrypt_from_file():
        cs = BIO.CipherStream(BIO.File(open(path, "wb")))
        cs.set_cipher("aes_256_cbc", key, iv, 1)
        cs.write(data)
        cs.flush()
        cs.obio.close()
        cs = BIO.CipherStream(BIO.File(open(path, "rb")))
        cs.set_cipher("aes_256_cbc", key, iv, 0)
        return cs.read()

    return {"encrypt to a File, decrypt from it": encrypt_to_file_decrypt_from_file}


def cases():
    out = {}
    for n in LENGTHS:
        data = message(n)
        for kind, make in (("MemoryBuffer", memory_cases), ("File", file_cases),
                           ("IOBuffer", iobuffer_cases), ("CipherStream/File", cipher_file_cases)):
            for pattern, fn in make(n, data).items():
                out[f"{kind} {n} {pattern}"] = outcome(fn)
    return out


if __name__ == "__main__":
    sys.stdout.write(json.dumps(cases(), sort_keys=True))
    sys.stdout.flush()
    os._exit(0)  # the real M2Crypto can crash freeing BIO chains at exit
