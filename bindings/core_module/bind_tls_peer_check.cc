// _core.tls_peer_check_failure / _core.tls_clear_peer_check: the verdict of
// the WebPKI verifier inside a client handshake (cryptoshim/tls_peer_check.h,
// installed by _core.tls_before_handshake), which cryptoshim.policy's
// after_handshake reports for both drop-ins. Plain functions
// (plain_functions.h): each client handshake calls the first.
#include <Python.h>

#include <optional>
#include <string>

#include "core_object.h"
#include "cryptoshim/tls_peer_check.h"
#include "guarded_result.h"
#include "plain_functions.h"
#include "register.h"
#include "status_conversion.h"

namespace cryptoshim::py {
namespace {

TlsConnection* ConnectionArg(PyObject* obj) {
  return CoreObject<TlsConnection>(obj, "cryptoshim._core.TlsConnection");
}

// tls_clear_peer_check(conn)
PyObject* ClearPeerCheck(PyObject*, PyObject* arg) {
  TlsConnection* conn = ConnectionArg(arg);
  if (conn == nullptr) return nullptr;
  return GuardedResult([&] {
    ThrowIfError(SetTlsPeerCheck(*conn, std::nullopt));
    return pybind11::none();
  });
}

PyObject* PeerCheckFailure(PyObject*, PyObject* arg) {
  const TlsConnection* conn = ConnectionArg(arg);
  if (conn == nullptr) return nullptr;
  std::optional<std::string> failure = TlsPeerCheckFailure(*conn);
  if (!failure) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(failure->data(), static_cast<Py_ssize_t>(failure->size()), "replace");
}

PyMethodDef kFunctions[] = {
    {"tls_clear_peer_check", ClearPeerCheck, METH_O,
     "tls_clear_peer_check(conn: TlsConnection) -> None\n\n"
     "Removes the WebPKI check from the connection, with the verdict it recorded (once "
     "reported)."},
    {"tls_peer_check_failure", PeerCheckFailure, METH_O,
     "tls_peer_check_failure(conn: TlsConnection) -> str | None\n\n"
     "Why the WebPKI verifier refused the last handshake's chain, or None."},
};

}  // namespace

void RegisterTlsPeerCheck(pybind11::module_& m) { AddFunctions(m, kFunctions); }

}  // namespace cryptoshim::py
