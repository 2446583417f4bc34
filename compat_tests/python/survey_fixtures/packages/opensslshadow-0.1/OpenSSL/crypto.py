from . import run


def load_certificate(path):
    return run("x509", "-in", path, "-noout", "-text")
