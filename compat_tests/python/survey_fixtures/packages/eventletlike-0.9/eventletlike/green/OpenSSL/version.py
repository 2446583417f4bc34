from OpenSSL.version import *
