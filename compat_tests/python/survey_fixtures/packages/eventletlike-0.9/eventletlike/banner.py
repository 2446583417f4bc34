from eventletlike.tls import pyopenssl_version


def banner():
    return "TLS library " + pyopenssl_version
