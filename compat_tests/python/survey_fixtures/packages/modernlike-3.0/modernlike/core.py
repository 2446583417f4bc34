from __future__ import annotations

from OpenSSL import crypto, SSL
import OpenSSL._util as _util

type CertList[T] = list[T]


class CertTool[T]:
    def __init__(self, pem: bytes) -> None:
        self.cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
        self.store = crypto.X509Store()

    def check(self) -> bool:
        self.store.add_cert(self.cert)
        ctx = crypto.X509StoreContext(self.store, self.cert)
        ctx.verify_certificate()
        return not self.cert.has_expired()

    def flags(self):
        strict = getattr(crypto.X509StoreFlags, "X509_STRICT")
        self.store.set_flags(strict)
        return getattr(SSL, "OPENSSL_VERSION_NUMBER", 0)

    def raw(self):
        return _util.lib.X509_get_version(self.cert._x509)


def first[T](items: CertList[T]) -> T:
    match items:
        case [x, *_]:
            key = crypto.PKey()
            key.generate_key(crypto.TYPE_RSA, 2048)
            return x
        case _:
            raise crypto.Error("empty")


def subject_of(cert: crypto.X509) -> crypto.X509Name:
    return cert.get_subject()
