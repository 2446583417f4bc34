"""Run by both the real M2Crypto and cryptoshim's drop-in (separate
interpreters), with the cyclic garbage collector off: is each object freed
with its last reference, as SWIG's objects are, or kept until a collection
(a reference cycle)? Prints {case: outcome} as JSON; an outcome is "freed",
"kept" or the exception raised. argv[1] is a scratch directory holding a
certificate and its key (cert.pem, key.pem)."""
import os
import sys
import warnings

warnings.simplefilter("ignore")
import socket  # noqa: E402

from lifetime_probe import main  # noqa: E402

from M2Crypto import BIO, EC, EVP, RSA, SMIME, SSL, X509, m2  # noqa: E402

SCRATCH = sys.argv[1] if len(sys.argv) > 1 else "."


def scratch(name: str) -> str:
    return os.path.join(SCRATCH, name)


def memory_buffer():
    b = BIO.MemoryBuffer(b"abc")
    b.read(1)
    return b


def file_bio():
    f = BIO.openfile(scratch("file.bin"), "wb")
    f.write(b"data")
    return f


def iobuffer():
    io = BIO.IOBuffer(BIO.MemoryBuffer(b"line\n"))
    io.readline()
    return io


def cipher_stream():
    stream = BIO.CipherStream(BIO.MemoryBuffer())
    stream.set_cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 1)
    stream.write(b"x" * 20)
    return stream


def message_digest():
    d = EVP.MessageDigest("sha256")
    d.update(b"x")
    return d


def hmac():
    h = EVP.HMAC(b"key", "sha256")
    h.update(b"x")
    return h


def evp_cipher():
    c = EVP.Cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 1)
    c.update(b"x" * 20)
    return c


def smime_cipher():
    return SMIME.Cipher("aes_128_cbc")


def rsa_key():
    return RSA.gen_key(1024, 65537, lambda *a: None)


def read(name: str) -> bytes:
    with open(scratch(name), "rb") as f:
        return f.read()


def cert():
    return X509.load_cert_string(read("cert.pem"))


def smime_signed():
    s = SMIME.SMIME()
    s.load_key_bio(BIO.MemoryBuffer(read("key.pem")), BIO.MemoryBuffer(read("cert.pem")))
    return s.sign(BIO.MemoryBuffer(b"message"), SMIME.PKCS7_DETACHED, "sha256")


def pkey():
    key = EVP.load_key_string(read("key.pem"))
    key.sign_init()
    return key


def ec_key():
    return EC.gen_params(EC.NID_X9_62_prime256v1)


def cert_name():
    return cert().get_subject()


def store():
    s = X509.X509_Store()
    s.add_x509(cert())
    return s


def ssl_context():
    ctx = SSL.Context("tls")
    # Key and certificate in one file: the real 0.51.0's load_cert_chain(cert,
    # key) fails on OpenSSL 3.0 ("No supported data to decode").
    with open(scratch("chain.pem"), "wb") as f:
        f.write(read("cert.pem") + read("key.pem"))
    ctx.load_cert_chain(scratch("chain.pem"))
    ctx.set_verify(SSL.verify_peer, 9, lambda ok, store: ok)
    return ctx


def ssl_context_flat_verify():
    ctx = SSL.Context("tls")
    m2.ssl_ctx_set_verify(ctx.ctx, SSL.verify_peer, lambda ok, store: ok)
    return ctx


def ssl_connection():
    conn = SSL.Connection(ssl_context(), socket.socket())
    conn.socket.close()
    return conn


def smime():
    s = SMIME.SMIME()
    s.load_key_bio(BIO.MemoryBuffer(read("key.pem")), BIO.MemoryBuffer(read("cert.pem")))
    return s


CASES = {f.__name__: f for f in (memory_buffer, file_bio, iobuffer, cipher_stream,
                                 message_digest, hmac, evp_cipher, smime_cipher, rsa_key,
                                 cert, smime_signed, pkey, ec_key, cert_name, store,
                                 ssl_context, ssl_context_flat_verify, ssl_connection,
                                 smime)}


if __name__ == "__main__":
    main(CASES)
