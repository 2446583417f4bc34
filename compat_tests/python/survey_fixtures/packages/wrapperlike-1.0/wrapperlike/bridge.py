"""pyOpenSSL objects held or returned by other libraries (requests-pkcs12, txsni)."""
from OpenSSL.crypto import FILETYPE_PEM, load_certificate
from twisted.internet.ssl import CertificateOptions

PyOpenSSLContext = None


def _import_context():
    global PyOpenSSLContext  # bound at module level by the imports below
    try:
        from requests.packages.urllib3.contrib.pyopenssl import PyOpenSSLContext
    except ImportError:
        from urllib3.contrib.pyopenssl import PyOpenSSLContext


def client_context(pem, protocol):
    ssl_context = PyOpenSSLContext(protocol)
    ssl_context._ctx.use_certificate(load_certificate(FILETYPE_PEM, pem))
    return ssl_context


def _pick(connection):
    return connection.get_servername()


def server_context():
    context = CertificateOptions().getContext()
    context.set_tlsext_servername_callback(_pick)
    return context
