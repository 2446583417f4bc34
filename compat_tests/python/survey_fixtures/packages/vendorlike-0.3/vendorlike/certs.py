import OpenSSL.crypto
from vendorlike._vendor.OpenSSL import crypto as vcrypto


def fingerprint(pem):
    cert = OpenSSL.crypto.load_certificate(OpenSSL.crypto.FILETYPE_PEM, pem)
    return cert.digest("sha256")


def vendored_fingerprint(pem):
    return vcrypto.load_certificate(vcrypto.FILETYPE_PEM, pem)


class PinnedStore(OpenSSL.crypto.X509Store):
    def pin(self, cert):
        self.add_cert(cert)
        self.remember(cert)

    def remember(self, cert):
        self.pinned = cert


def make_store():
    return OpenSSL.crypto.X509Store()


def trust(cert):
    make_store().add_cert(cert)
