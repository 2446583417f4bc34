import OpenSSL.crypto
from OpenSSL import run


def main(path):
    print(OpenSSL.crypto.load_certificate(path))
    return run("version")
