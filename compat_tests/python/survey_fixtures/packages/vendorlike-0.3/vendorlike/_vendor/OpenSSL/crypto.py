"""A vendored (trimmed) copy of an old pyOpenSSL crypto module."""
from OpenSSL._util import lib as _lib, ffi as _ffi

FILETYPE_PEM = 1
FILETYPE_ASN1 = 2
FILETYPE_TEXT = 2 ** 16 - 1
TYPE_RSA = 6
TYPE_DSA = 116
TYPE_DH = 28
TYPE_EC = 408


class Error(Exception):
    pass


class PKey(object):
    def bits(self):
        return _lib.EVP_PKEY_bits(self._pkey)


class X509Name(object):
    pass


class X509Req(object):
    pass


class X509(object):
    def has_expired(self):
        return False


class X509Store(object):
    pass


def load_certificate(type, buffer):
    return X509()


def dump_certificate(type, cert):
    return b""


def load_privatekey(type, buffer, passphrase=None):
    return PKey()


def dump_privatekey(type, pkey, cipher=None, passphrase=None):
    return b""
