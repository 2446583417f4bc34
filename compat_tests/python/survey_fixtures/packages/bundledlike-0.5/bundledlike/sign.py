from M2Crypto import RSA


def sign(path, digest):
    key = RSA.load_key(path)
    return key.sign(digest, "sha256")
