"""A typical legacy pyOpenSSL script, unchanged: it makes a CA and a leaf
certificate, signs data the old way, and verifies the chain. Run it under
cryptoshim to see which calls are legacy and what replaces them."""
from OpenSSL import crypto


def make_key(bits=2048):
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, bits)
    return key


def make_cert(subject_cn, key, issuer_cert=None, issuer_key=None, serial=1):
    cert = crypto.X509()
    cert.get_subject().CN = subject_cn
    cert.set_serial_number(serial)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(365 * 24 * 3600)
    cert.set_issuer((issuer_cert or cert).get_subject())
    cert.set_pubkey(key)
    cert.sign(issuer_key or key, "sha256")
    return cert


def main():
    ca_key = make_key()
    ca = make_cert("Demo CA", ca_key)
    leaf_key = make_key()
    leaf = make_cert("demo.example", leaf_key, ca, ca_key, serial=2)

    pem = crypto.dump_certificate(crypto.FILETYPE_PEM, leaf)
    again = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    print("subject:", again.get_subject().CN, "notAfter:", again.get_notAfter().decode())

    signature = crypto.sign(leaf_key, b"legacy payload", "sha1")  # insecure on purpose
    crypto.verify(leaf, signature, b"legacy payload", "sha1")
    print("sha1 signature verified (the shim warned that SHA-1 is insecure)")

    store = crypto.X509Store()
    store.add_cert(ca)
    crypto.X509StoreContext(store, leaf).verify_certificate()
    print("chain verified")


if __name__ == "__main__":
    main()
