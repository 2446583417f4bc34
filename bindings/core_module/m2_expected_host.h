// The host name an M2Crypto.SSL.Connection client expects the server's
// certificate to carry, for the policy's WebPKI check before its handshake
// (m2_expected_host.cc): one implementation for the Python method
// (_core.m2crypto.connection_expected_host) and connect_ssl's C step.
//
// Thread contract: called with the GIL held.
#pragma once

#include <Python.h>

namespace cryptoshim::py {

// The SNI name set on conn.ssl (bytes), else conn.host (set1_host's), else
// the post-connection check's host (conn.postConnectionCheck, else
// conn.clientPostConnectionCheck: its `host` when true), else, when a
// post-connection check will run, conn.addr[0] (connect()'s host, str or
// bytes); None when there is none. A new reference, or nullptr with the
// error an attribute read raised.
PyObject* M2ExpectedHost(PyObject* conn);

}  // namespace cryptoshim::py
