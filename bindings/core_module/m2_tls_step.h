// M2Crypto.SSL.Connection's read, write and handshake steps on a socket
// without a timeout, as plain C functions (bind_m2_tls_io.cc): shared by the
// builtins _core.m2_tls_read/_write/_handshake and by the C call objects the
// drop-in's Connection.read/write use (m2_connection_call.cc), so the one
// implementation serves both. Each takes the core TlsConnection object
// (Connection.ssl) and returns a new reference:
//   read       bytes (b"" when OpenSSL wants I/O or the peer sent close_notify)
//   write      the count written, -1 when OpenSSL wants I/O
//   handshake  1 when done, 0 when OpenSSL wants I/O
// or the io tuple (status, result, errno, errors) of any other outcome, for
// SSL/_io.py's run as its first step's, or None when not taken (memory BIOs,
// a buffer that is not one contiguous block, not a TlsConnection), or nullptr
// with a Python exception set (a callback's, or a signal handler's).
#pragma once

#include <Python.h>

namespace cryptoshim::py {

PyObject* M2TlsRead(PyObject* conn, int size);
PyObject* M2TlsWrite(PyObject* conn, PyObject* data);
PyObject* M2TlsHandshake(PyObject* conn);

}  // namespace cryptoshim::py
