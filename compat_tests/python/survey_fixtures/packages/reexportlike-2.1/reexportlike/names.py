"""X509Name / X509_Name fields, read and written."""
from M2Crypto import X509
from OpenSSL import crypto


def m2_subject(cert_path):
    cert = X509.load_cert(cert_path)
    name = cert.get_subject()
    return name.CN, name.O


def m2_new_name():
    name = X509.X509_Name()
    name.C = "US"
    name.CN = "example"
    return name


def openssl_subject(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    subject = cert.get_subject()
    subject.OU = "unit"
    return subject.commonName
