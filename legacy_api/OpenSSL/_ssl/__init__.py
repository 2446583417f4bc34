"""Pieces of the drop-in OpenSSL.SSL, one concept per module: constants,
errors (and the mapping of core I/O outcomes onto them), the callback
helpers, and the conversions between pyOpenSSL/cryptography objects and
core objects. OpenSSL/SSL.py holds Context, Connection and Session."""
