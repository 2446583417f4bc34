"""The flat m2.* PKI families, one module each: x509 (certificates,
names, requests, CRLs, stores), asn1, sk (stacks), pkcs7 / smime, dsa, dh,
ec and the DER helpers. m2.py star-imports this."""
from M2Crypto._m2_asn1 import *  # noqa: F403
from M2Crypto._m2_der import *  # noqa: F403
from M2Crypto._m2_dh import *  # noqa: F403
from M2Crypto._m2_dsa import *  # noqa: F403
from M2Crypto._m2_ec import *  # noqa: F403
from M2Crypto._m2_pkcs7 import *  # noqa: F403
from M2Crypto._m2_stack import *  # noqa: F403
from M2Crypto._m2_x509 import *  # noqa: F403
from M2Crypto._m2_x509_name import *  # noqa: F403
from M2Crypto._m2_x509_req_crl import *  # noqa: F403
from M2Crypto._m2_x509_store import *  # noqa: F403
