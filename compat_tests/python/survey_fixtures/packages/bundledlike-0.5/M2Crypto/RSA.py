"""Bundled copy of M2Crypto.RSA (bodies elided: only the names matter here)."""


class RSAError(Exception):
    pass


class RSA:
    def sign(self, data, algo="sha1"):
        raise NotImplementedError


class RSA_pub(RSA):
    pass


def rsa_error():
    raise RSAError


def keygen_callback(p, n, out=None):
    pass


def gen_key(bits, e, callback=keygen_callback):
    raise NotImplementedError


def load_key(file, callback=None):
    raise NotImplementedError


def load_key_bio(bio, callback=None):
    raise NotImplementedError


def load_key_string(string, callback=None):
    raise NotImplementedError
