"""The M2Crypto names real dependents use (survey/reports/report.json) that
the catalog lacked: run under the real M2Crypto 0.51.0 and under the drop-in,
printing one JSON object of observable values for test_m2_survey_names.py."""
import json
import warnings

warnings.simplefilter("ignore")

from M2Crypto import BIO, SSL, X509, httpslib, m2  # noqa: E402

out = {}
for name in ("RSA_F4", "no_padding", "SSL_OP_ALL", "SSL_OP_NO_SSLv2", "SSL_OP_NO_SSLv3"):
    out["m2." + name] = getattr(m2, name)
for name in ("verify_none", "verify_peer", "verify_fail_if_no_peer_cert"):
    out["SSL." + name] = getattr(SSL, name)
out["X509.FORMAT_PEM"] = X509.FORMAT_PEM
out["X509_Name.nid CN"] = X509.X509_Name.nid["CN"]
# Removed upstream in 0.25 (shared/docs/upstream-facts.md): absent from both.
out["has x509v3_lhash"] = hasattr(m2, "x509v3_lhash")
out["has x509v3_set_conf_lhash"] = hasattr(m2, "x509v3_set_conf_lhash")

# The CBC getters, through the flat cipher API: same ciphertext on both sides.
for bits in (128, 192, 256):
    getter = getattr(m2, "aes_%d_cbc" % bits)
    ctx = m2.cipher_ctx_new()
    m2.cipher_init(ctx, getter(), b"k" * (bits // 8), b"i" * 16, 1)
    ct = m2.cipher_update(ctx, b"survey names " * 3) + m2.cipher_final(ctx)
    out["aes_%d_cbc" % bits] = ct.hex()

mem = BIO.MemoryBuffer()
out["MemoryBuffer.write"] = mem.write(b"abc")
mem.write(b"def")
out["MemoryBuffer.read_all"] = mem.read_all().decode()
out["MemoryBuffer.read_all empty"] = repr(mem.read_all())

cert = X509.X509()
name = X509.X509_Name()
name.CN = "survey"
out["X509.set_subject"] = cert.set_subject(name)
out["X509.get_subject"] = cert.get_subject().as_text()
out["X509.x509 is set"] = cert.x509 is not None
ext = X509.new_extension("basicConstraints", "CA:TRUE")
out["X509_Extension.x509_ext is set"] = ext.x509_ext is not None

ctx = SSL.Context(post_connection_check=None)
out["Context.post_connection_check"] = repr(ctx.post_connection_check)
# rhsm reads the CONNECT target back; putrequest sets it and opens no socket.
proxy = httpslib.ProxyHTTPSConnection("proxy.invalid", 3128)
proxy.putrequest("GET", "https://example.invalid:8443/path")
out["ProxyHTTPSConnection._real_host/_real_port"] = [proxy._real_host, proxy._real_port]
print(json.dumps(out, sort_keys=True))
