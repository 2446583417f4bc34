// _core.m2crypto.ConnectionIo(kind, fallback, resume): M2Crypto.SSL.
// Connection.read / write (recv, send, sendall) and accept_ssl / connect_ssl
// in C from the caller to SSL_read / SSL_write / SSL_do_handshake. Wrapped
// in the counting LegacyFunction, a bulk transfer's call or a handshake step
// is then one C call: no Python frame for the method (whose call from C
// re-enters the eval loop: the recursion's prologue and the method's
// bytecode cost more L1 instruction-cache misses than M2Crypto's whole SWIG
// path) and no pybind11 dispatcher.
//
// Only the common case is handled here: exactly the method's positional
// arguments (write: data; read: none or an int size 1..INT_MAX; the
// handshake steps: none), no keywords, a socket without a timeout
// (self._timeout <= 0, a float as Connection keeps it), for connect_ssl a
// connection whose client policy checks already ran (self._policy_checked
// is True: they run before its first step) or find nothing to report now
// (tls_handshake_checks.h, for the host m2_expected_host.h names; then
// _policy_checked is set as the Python method sets it), and a step that
// ends in M2Crypto's own return value (m2_tls_step.h). Otherwise:
//   - not taken (another call shape, a timeout, an attribute
//     that is missing or odd): fallback(self, *args, **kwargs), the Python
//     method, which does the whole call itself, errors included;
//   - the step ran and ended otherwise (an error, close_notify during a
//     write) or was not taken (memory BIOs): resume(self, arg, first) for
//     read and write, resume(self, first) for the handshake steps: the
//     Python method's rest, which maps that io tuple (`first`) as
//     SSL/_io.py's run does, or with None does the whole I/O;
//   - connect_ssl's step finished the handshake and the WebPKI verifier
//     refused the chain (tls_peer_check.h): resume(self, 1), which reports
//     it as the Python method does (cryptoshim.policy.after_handshake).
// So every exception and return value is the Python method's; telemetry is
// the LegacyFunction's, at the caller's line, as for any entry point.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <climits>
#include <cstring>

#include "call_object.h"
#include "core_object.h"
#include "cryptoshim/tls_peer_check.h"
#include "m2_expected_host.h"
#include "m2_tls_step.h"
#include "register.h"
#include "tls_handshake_checks.h"

namespace cryptoshim::py {
namespace {

enum class Kind { kRead, kWrite, kAccept, kConnect };

constexpr long kDefaultReadSize = 1024;  // Connection.read(size=1024)

struct ConnectionIo {
  CallHead head;
  Kind kind;
  PyObject* fallback;  // the Python method: fallback(self, *args, **kwargs)
  PyObject* resume;    // resume(self, size or data, first io tuple), or (self, first)

  template <typename F>
  void Refs(F&& f) {
    f(fallback);
    f(resume);
  }
  static PyObject* Call(ConnectionIo* self, PyObject* const* args, size_t nargsf,
                        PyObject* kwnames);
  static PyObject* Repr(ConnectionIo* self) {
    return PyUnicode_FromFormat("<connection %s fast path over %R>", Name(self->kind),
                                self->fallback);
  }
  // The kind's name, as ConnectionIo(kind, ...) takes it (Kind's order).
  static const char* Name(Kind kind) {
    static constexpr const char* kNames[] = {"read", "write", "accept", "connect"};
    return kNames[static_cast<int>(kind)];
  }
};

// getattr(obj, name), or nullptr without an error (the fallback will meet
// the same attribute and raise its own error).
PyObject* AttrOrNull(PyObject* obj, PyObject* name) {
  PyObject* value = PyObject_GetAttr(obj, name);
  if (value == nullptr) PyErr_Clear();
  return value;
}

// True when the connection is on a socket without a timeout: Connection
// keeps `_timeout` as a float (-1.0 none, 0.0 non-blocking). Anything else
// (a subclass's own value) is the Python method's to compare.
bool NoTimeout(PyObject* conn) {
  static PyObject* const kTimeout = PyUnicode_InternFromString("_timeout");
  PyObject* timeout = AttrOrNull(conn, kTimeout);
  if (timeout == nullptr) return false;
  const bool none = PyFloat_CheckExact(timeout) && PyFloat_AS_DOUBLE(timeout) <= 0.0;
  Py_DECREF(timeout);
  return none;
}

// The read size of a call the fast path takes (1..INT_MAX), else 0.
int ReadSize(PyObject* const* args, Py_ssize_t nargs) {
  if (nargs == 1) return static_cast<int>(kDefaultReadSize);
  if (!PyLong_CheckExact(args[1])) return 0;
  int overflow = 0;
  const long size = PyLong_AsLongAndOverflow(args[1], &overflow);
  return overflow == 0 && size > 0 && size <= INT_MAX ? static_cast<int>(size) : 0;
}

// conn.ssl, the core connection (Connection keeps it there), or nullptr
// without an error.
PyObject* CoreConnectionOrNull(PyObject* conn) {
  static PyObject* const kSsl = PyUnicode_InternFromString("ssl");
  return AttrOrNull(conn, kSsl);
}

// Whether obj.name is True (a missing attribute is not).
bool AttrIsTrue(PyObject* obj, PyObject* name) {
  PyObject* value = AttrOrNull(obj, name);
  Py_XDECREF(value);  // only compared by identity
  return value == Py_True;
}

// Whether the handshake that just finished on `ssl` left a WebPKI verdict
// to report (the verifier refused the chain).
bool PeerCheckFailed(PyObject* ssl) {
  const TlsConnection* c = CoreObjectOrNull<TlsConnection>(ssl);
  return c != nullptr && TlsPeerCheckFailure(*c).has_value();
}

// connect_ssl's client policy checks before the first step, when they have
// nothing to report: true once they ran quietly (and _policy_checked is
// set), false (no error set) for the Python method to run them, and report
// what they find, or raise what they raised. The context's once-only
// warning stays unmarked here, so the method's run of the checks gives it.
bool PolicyCheckedQuietly(PyObject* conn, PyObject* ssl) {
  static PyObject* const kPolicyChecked = PyUnicode_InternFromString("_policy_checked");
  if (AttrIsTrue(conn, kPolicyChecked)) return true;
  PyObject* host = M2ExpectedHost(conn);
  PyObject* finding =
      host == nullptr ? nullptr : TlsBeforeHandshake(ssl, host, Py_True, /*mark_warned=*/false);
  Py_XDECREF(host);
  const bool quiet = finding == Py_None && PyObject_SetAttr(conn, kPolicyChecked, Py_True) == 0;
  Py_XDECREF(finding);
  if (!quiet) PyErr_Clear();
  return quiet;
}

// accept_ssl() / connect_ssl(): one handshake step.
PyObject* Handshake(ConnectionIo* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  const bool connect = self->kind == Kind::kConnect;
  if (PyVectorcall_NARGS(nargsf) != 1 || HasKeywords(kwnames) || !NoTimeout(args[0])) {
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
  }
  PyObject* ssl = CoreConnectionOrNull(args[0]);
  if (ssl == nullptr) return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
  if (connect && !PolicyCheckedQuietly(args[0], ssl)) {
    Py_DECREF(ssl);
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
  }
  PyObject* first = M2TlsHandshake(ssl);
  // 1 (done) or 0 (wants I/O) is M2Crypto's return value, unless connect's
  // finished handshake has the verifier's verdict to report.
  const bool returned = first != nullptr && PyLong_CheckExact(first) &&
                        !(connect && PyLong_AsLong(first) == 1 && PeerCheckFailed(ssl));
  Py_DECREF(ssl);
  if (first == nullptr || returned) return first;
  PyObject* stack[] = {args[0], first};
  PyObject* result = PyObject_Vectorcall(self->resume, stack, 2, nullptr);
  Py_DECREF(first);
  return result;
}

PyObject* ConnectionIo::Call(ConnectionIo* self, PyObject* const* args, size_t nargsf,
                             PyObject* kwnames) {
  if (self->kind == Kind::kAccept || self->kind == Kind::kConnect) {
    return Handshake(self, args, nargsf, kwnames);
  }
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  const bool shape = self->kind == Kind::kRead ? (nargs == 1 || nargs == 2) : nargs == 2;
  const int size = self->kind == Kind::kRead && shape ? ReadSize(args, nargs) : 0;
  if (!shape || HasKeywords(kwnames) || (self->kind == Kind::kRead && size == 0) ||
      !NoTimeout(args[0])) {
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
  }
  PyObject* ssl = CoreConnectionOrNull(args[0]);
  if (ssl == nullptr) return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
  PyObject* first = self->kind == Kind::kRead ? M2TlsRead(ssl, size) : M2TlsWrite(ssl, args[1]);
  Py_DECREF(ssl);
  if (first == nullptr) return nullptr;
  if (self->kind == Kind::kRead ? PyBytes_CheckExact(first) : PyLong_CheckExact(first)) {
    return first;  // M2Crypto's return value
  }
  // The io tuple of a step that ran, or None when none was taken (memory
  // BIOs): the Python method's rest maps it, or does the whole I/O, as the
  // method itself would after the same step (running it again gives None
  // again).
  PyObject* arg = self->kind == Kind::kRead ? PyLong_FromLong(size) : Ref(args[1]);
  if (arg == nullptr) {
    Py_DECREF(first);
    return nullptr;
  }
  PyObject* stack[] = {args[0], arg, first};
  PyObject* result = PyObject_Vectorcall(self->resume, stack, 3, nullptr);
  Py_DECREF(arg);
  Py_DECREF(first);
  return result;
}

PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  const char* kind = nullptr;
  PyObject *fallback, *resume;
  static const char* kwlist[] = {"kind", "fallback", "resume", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "sOO:ConnectionIo", const_cast<char**>(kwlist),
                                   &kind, &fallback, &resume)) {
    return nullptr;
  }
  Kind parsed = Kind::kRead;
  bool known = false;
  for (Kind k : {Kind::kRead, Kind::kWrite, Kind::kAccept, Kind::kConnect}) {
    if (std::strcmp(kind, ConnectionIo::Name(k)) == 0) {
      parsed = k;
      known = true;
    }
  }
  if (!known || !PyCallable_Check(fallback) || !PyCallable_Check(resume)) {
    PyErr_SetString(PyExc_ValueError,
                    "ConnectionIo('read', 'write', 'accept' or 'connect', callable, callable)");
    return nullptr;
  }
  auto* self = Alloc<ConnectionIo>(type);
  if (self == nullptr) return nullptr;
  self->kind = parsed;
  self->fallback = Ref(fallback);
  self->resume = Ref(resume);
  return reinterpret_cast<PyObject*>(self);
}

}  // namespace

void RegisterM2ConnectionIo(pybind11::module_& m2crypto) {
  PyTypeObject* type = MakeCallType<ConnectionIo>(
      "cryptoshim._core.m2crypto.ConnectionIo",
      "ConnectionIo(kind, fallback, resume): M2Crypto.SSL.Connection.read/write/accept_ssl/"
      "connect_ssl's common case in C (one step on a socket without a timeout); other calls go "
      "to fallback(self, ...), other outcomes to resume(self, size or data, io tuple), or for "
      "the handshake steps resume(self, io tuple or 1).",
      New, Binding::kCallable);
  m2crypto.attr("ConnectionIo") = pybind11::handle(reinterpret_cast<PyObject*>(type));
}

}  // namespace cryptoshim::py
