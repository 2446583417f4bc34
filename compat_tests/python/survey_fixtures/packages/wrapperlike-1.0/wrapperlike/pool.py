"""Uses pyOpenSSL only through urllib3's wrapper: this file never names it."""
from urllib3.contrib.pyopenssl import PyOpenSSLContext


def pooled_context(protocol):
    context = PyOpenSSLContext(protocol)
    context._ctx.set_session_id(b"pool")
    return context
