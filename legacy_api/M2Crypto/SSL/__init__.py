"""M2Crypto.SSL over cryptoshim's TLS core: Context, Connection, Checker,
Session, Cipher, the socketserver servers and socket timeouts."""
import os

from M2Crypto import m2
from M2Crypto.SSL.Cipher import Cipher, Cipher_Stack
from M2Crypto.SSL.Connection import Connection
from M2Crypto.SSL.Context import Context
from M2Crypto.SSL.SSLError import SSLError, SSLTimeoutError
from M2Crypto.SSL.SSLServer import SSLServer, ThreadingSSLServer

if os.name != "nt":
    from M2Crypto.SSL.SSLServer import ForkingSSLServer
from M2Crypto.SSL import Checker, cb  # SSL.Checker / SSL.cb modules
from M2Crypto.SSL.timeout import struct_size, struct_to_timeout, timeout

verify_none: int = m2.SSL_VERIFY_NONE
verify_peer: int = m2.SSL_VERIFY_PEER
verify_fail_if_no_peer_cert: int = m2.SSL_VERIFY_FAIL_IF_NO_PEER_CERT
verify_client_once: int = m2.SSL_VERIFY_CLIENT_ONCE
verify_crl_check_chain: int = m2.VERIFY_CRL_CHECK_CHAIN
verify_crl_check_leaf: int = m2.VERIFY_CRL_CHECK_LEAF

SSL_SENT_SHUTDOWN: int = m2.SSL_SENT_SHUTDOWN
SSL_RECEIVED_SHUTDOWN: int = m2.SSL_RECEIVED_SHUTDOWN

op_all: int = m2.SSL_OP_ALL
op_no_sslv2: int = m2.SSL_OP_NO_SSLv2
