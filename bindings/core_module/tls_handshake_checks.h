// The policy's checks before a TLS connection's first handshake step
// (bind_tls_handshake_checks.cc, where _core.tls_before_handshake binds
// them), for the C call objects that run a handshake step themselves.
//
// Thread contract: called with the GIL held, one thread per connection.
#pragma once

#include <Python.h>

namespace cryptoshim::py {

// The checks on `conn` (a core TlsConnection) for a client expecting `host`
// (str, bytes or None; is_client None takes the handle's role): installs the
// WebPKI check on a verifying client and returns a new reference to what the
// caller must report ("weak_ciphers", "verify_none", "no_host") or None;
// nullptr with a Python error set. With mark_warned false, a first "no_host"
// under compat leaves the context unmarked, for a caller that hands the
// report to code that runs the checks again (which then marks it).
PyObject* TlsBeforeHandshake(PyObject* conn, PyObject* host, PyObject* is_client, bool mark_warned);

}  // namespace cryptoshim::py
