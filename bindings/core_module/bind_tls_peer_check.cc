// _core.tls_set_peer_check / _core.tls_peer_check_failure: the WebPKI
// verifier inside a client handshake (cryptoshim/tls_peer_check.h), driven
// by cryptoshim.policy's handshake checks for both drop-ins. Plain functions
// (plain_functions.h): each client handshake calls both.
#include <Python.h>

#include <optional>
#include <string>
#include <utility>

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

// peer_name: None, or a (kind, text) pair of str. False with TypeError set
// otherwise; the kind is checked with the core's error (PeerName).
bool PeerNameArg(PyObject* obj, std::optional<std::pair<std::string, std::string>>* out) {
  if (obj == Py_None) return true;
  PyObject* items = PySequence_Fast(obj, "peer_name must be None or a (kind, text) pair");
  if (items == nullptr) return false;
  bool ok = false;
  if (PySequence_Fast_GET_SIZE(items) == 2) {
    PyObject* kind = PySequence_Fast_GET_ITEM(items, 0);
    PyObject* text = PySequence_Fast_GET_ITEM(items, 1);
    if (PyUnicode_Check(kind) && PyUnicode_Check(text)) {
      Py_ssize_t kind_size = 0, text_size = 0;
      const char* k = PyUnicode_AsUTF8AndSize(kind, &kind_size);
      const char* t = k ? PyUnicode_AsUTF8AndSize(text, &text_size) : nullptr;
      if (t != nullptr) {
        out->emplace(std::string(k, static_cast<size_t>(kind_size)),
                     std::string(t, static_cast<size_t>(text_size)));
        ok = true;
      }
    }
  }
  if (!ok && !PyErr_Occurred()) {
    PyErr_SetString(PyExc_TypeError, "peer_name must be None or a (kind, text) pair of str");
  }
  Py_DECREF(items);
  return ok;
}

// The core's peer name for ("dns"|"ip", text); throws the core's error for
// another kind.
PeerName ToPeerName(std::pair<std::string, std::string> name) {
  if (name.first != "dns" && name.first != "ip") {
    ThrowStatus(Status(ErrorCode::kInvalidArgument, "peer name kind must be dns or ip"));
  }
  return PeerName{name.first == "dns" ? PeerNameKind::kDns : PeerNameKind::kIp,
                  std::move(name.second)};
}

// tls_set_peer_check(conn, enabled, enforce, peer_name)
PyObject* SetPeerCheck(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (!Arity("tls_set_peer_check", nargs, 4)) return nullptr;
  TlsConnection* conn = ConnectionArg(args[0]);
  if (conn == nullptr) return nullptr;
  const int enabled = PyObject_IsTrue(args[1]);
  const int enforce = PyObject_IsTrue(args[2]);
  if (enabled < 0 || enforce < 0) return nullptr;
  std::optional<std::pair<std::string, std::string>> name;
  if (enabled && !PeerNameArg(args[3], &name)) return nullptr;
  return GuardedResult([&] {
    std::optional<TlsPeerCheck> check;
    if (enabled) {
      check.emplace();
      check->enforce = enforce != 0;
      if (name) check->peer_name = ToPeerName(std::move(*name));
    }
    ThrowIfError(SetTlsPeerCheck(*conn, std::move(check)));
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
    {"tls_set_peer_check",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(SetPeerCheck)), METH_FASTCALL,
     "tls_set_peer_check(conn: TlsConnection, enabled: bool, enforce: bool, peer_name: "
     "tuple[str, str] | None) -> None\n\n"
     "Runs (enabled) the WebPKI verifier on the server's chain in the client handshake, "
     "failing it when `enforce`; peer_name is (\"dns\"|\"ip\", text) or None."},
    {"tls_peer_check_failure", PeerCheckFailure, METH_O,
     "tls_peer_check_failure(conn: TlsConnection) -> str | None\n\n"
     "Why the WebPKI verifier refused the last handshake's chain, or None."},
};

}  // namespace

void RegisterTlsPeerCheck(pybind11::module_& m) { AddFunctions(m, kFunctions); }

}  // namespace cryptoshim::py
