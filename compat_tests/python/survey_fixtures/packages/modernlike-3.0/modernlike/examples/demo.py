from modernlike import CertTool
from OpenSSL.crypto import dump_certificate, FILETYPE_PEM

print(dump_certificate(FILETYPE_PEM, CertTool(b"").cert))
