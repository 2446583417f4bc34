"""Run by both the real M2Crypto and cryptoshim's drop-in (separate
interpreters): round trips through BIO.MemoryBuffer, File, IOBuffer and a
CipherStream over a File, for every length 0..100 and a few large ones,
with read(), read(n), readline(n) and readlines(), and through the flat
m2.bio_* functions on a memory BIO (kind "m2.bio_s_mem": the drop-in's C
fast path, m2_memory_bio.cc) with every write split and read size; prints
{case: outcome} as JSON. argv[1] is a scratch directory for the File cases."""
import functools
import hashlib
import json
import os
import sys
import warnings

warnings.simplefilter("ignore")
from M2Crypto import BIO, m2  # noqa: E402

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


def runs(values):
    """[[value, how many times in a row], ...]: the read and write results in
    a form that stays small for 1 MiB read a byte at a time."""
    out = []
    for v in values:
        if out and out[-1][0] == v:
            out[-1][1] += 1
        else:
            out.append([v, 1])
    return out


def flat_round_trip(data, write_size, read_size, interleave=False):
    """data written to m2.bio_new(m2.bio_s_mem()) in pieces of write_size
    (after each one, with interleave, one bio_read(read_size)), then read in
    bio_read(read_size) calls until one gives nothing; what each call
    answered, and what bio_ctrl_pending, bio_eof and the retry flags said."""
    b = m2.bio_new(m2.bio_s_mem())
    out = {"eof when new": m2.bio_eof(b), "pending when new": m2.bio_ctrl_pending(b)}
    written, got, lengths = [], b"", []

    def read():
        nonlocal got
        piece = m2.bio_read(b, read_size)
        lengths.append(len(piece) if piece else repr(piece))
        got += piece or b""
        return piece

    for piece in chunked(data, write_size):
        written.append(m2.bio_write(b, piece))
        if interleave:
            read()
    out["bio_write answers"] = runs(written)
    out["pending after the writes"] = m2.bio_ctrl_pending(b)
    out["eof after the writes"] = m2.bio_eof(b)
    for _ in range(len(data) + 2):
        if not read():
            break
    out["bio_read answers"] = runs(lengths)
    out["data"] = summary(got)
    out["pending, eof, should_retry, should_read at the end"] = [
        m2.bio_ctrl_pending(b), m2.bio_eof(b), m2.bio_should_retry(b), m2.bio_should_read(b)]
    out["bio_free"] = m2.bio_free(b)
    return out


def flat_odd_reads(data):
    """bio_read(0), a read larger than what is there, and a read of an empty
    BIO, between writes of the data in two halves: each call's answer, and
    the data the reads gave."""
    b = m2.bio_new(m2.bio_s_mem())
    half = len(data) // 2
    reads = []

    def read(size):
        piece = m2.bio_read(b, size)
        reads.append(piece or b"")
        return piece

    steps = [read(0), read(1), m2.bio_should_retry(b), m2.bio_write(b, data[:half]), read(0),
             m2.bio_ctrl_pending(b), m2.bio_write(b, b""), m2.bio_write(b, data[half:]),
             m2.bio_ctrl_pending(b), m2.bio_eof(b), read(len(data) + 1), m2.bio_should_retry(b),
             read(len(data) + 1), m2.bio_should_retry(b), m2.bio_should_read(b), m2.bio_eof(b),
             m2.bio_ctrl_pending(b)]
    return {"steps": [summary(s) for s in steps], "data": summary(b"".join(reads))}


def flat_memory_cases(n, data):
    # Sizes around the chunk boundaries: 1, 7 and the whole message for short
    # ones; BIO_f_buffer's 4096 and 64 KiB for long ones (each +-1). A read
    # size of n + 1 always asks for more than there is.
    if n < 4096:
        writes, reads = (1, 7, max(n, 1)), (1, 5, n + 1)
        interleaved = ((7, 5), (5, 7), (1, 1))
    else:
        writes, reads = (4095, 4096, 4097, n), (4095, 4096, 65537, n + 1)
        interleaved = ((4096, 4095), (4095, 4097), (65536, 65535))
    out = {"bio_read(0), reads past the end": lambda: flat_odd_reads(data)}
    for w in writes:
        for r in reads:
            out[f"write by {w}, read by {r}"] = functools.partial(flat_round_trip, data, w, r)
    for w, r in interleaved:
        out[f"write by {w}, read by {r} after each write"] = functools.partial(
            flat_round_trip, data, w, r, True)
    return out


def cases():
    out = {}
    for n in LENGTHS:
        data = message(n)
        for kind, make in (("MemoryBuffer", memory_cases), ("File", file_cases),
                           ("IOBuffer", iobuffer_cases), ("CipherStream/File", cipher_file_cases),
                           ("m2.bio_s_mem", flat_memory_cases)):
            for pattern, fn in make(n, data).items():
                out[f"{kind} {n} {pattern}"] = outcome(fn)
    return out


if __name__ == "__main__":
    sys.stdout.write(json.dumps(cases(), sort_keys=True))
    sys.stdout.flush()
    os._exit(0)  # the real M2Crypto can crash freeing BIO chains at exit
