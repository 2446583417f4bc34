from eventletlike.green.OpenSSL import crypto, SSL
from eventletlike.green.OpenSSL.version import __version__ as pyopenssl_version


def load(pem):
    return crypto.load_certificate(crypto.FILETYPE_PEM, pem)


def describe():
    return "%s %s" % (pyopenssl_version, SSL.SSLeay_version(SSL.SSLEAY_VERSION))
