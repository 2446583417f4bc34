// M2Crypto.SSL.Connection's read, write and handshake steps on a socket
// without a timeout, each in one C call (m2_tls_step.h): the builtins
// _core.m2_tls_read(conn, size), _core.m2_tls_write(conn, data) and
// _core.m2_tls_handshake(conn), and the C call objects behind
// Connection.read/write (m2_connection_call.cc).
//
// The Python path (SSL/_io.py's run over _ssl_transport.step) costs several
// microseconds of frames, lambdas and tuples per step, more than M2Crypto's
// whole SWIG call for a 16 KiB record; the common outcomes come back here as
// M2Crypto's own return values, anything else as the io tuple the caller
// hands to _io.run as the step's first outcome, so errors keep their one
// mapping. The builtins are plain METH_FASTCALL functions, not pybind11
// ones: its dispatcher's code (argument loaders, overload chain) is a
// kilobyte of instruction cache per call. A step interrupted by a signal
// (EINTR) runs again after the signal handlers, as _io.run does.
//
// Each step records its status as `_m2_last_status` on the handle, as
// _ssl_transport.step does, for m2.ssl_get_error.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <cerrno>
#include <climits>
#include <utility>

#include "core_object.h"
#include "guarded_result.h"
#include "m2_tls_step.h"
#include "plain_functions.h"
#include "register.h"
#include "tls_io_glue.h"

namespace cryptoshim::py {
namespace {

enum class Outcome { kDone, kWant, kOther };

// conn._m2_last_status = status. The handle's __dict__ (pybind11's
// dynamic_attr; a managed dict on Python 3.11+) usually holds that very value
// already (a bulk transfer's steps all succeed; small ints are shared
// objects): then the store, a dict insertion behind the generic setattr, is
// skipped.
int SetLastStatus(PyObject* conn, TlsIoStatus status) {
  static PyObject* const kLastStatus = PyUnicode_InternFromString("_m2_last_status");
  PyObject* value = PyLong_FromLong(static_cast<long>(status));
  if (value == nullptr) return -1;
  PyObject* dict = PyObject_GenericGetDict(conn, nullptr);
  if (dict == nullptr) {
    Py_DECREF(value);
    return -1;
  }
  PyObject* old = PyDict_GetItemWithError(dict, kLastStatus);  // borrowed
  Py_DECREF(dict);
  int rc = 0;
  if (old != value) rc = PyErr_Occurred() ? -1 : PyObject_SetAttr(conn, kLastStatus, value);
  Py_DECREF(value);
  return rc;
}

// Runs `fn` until it is not interrupted, recording its status on `conn`.
// Throws error_already_set (a parked callback error, a signal handler's).
template <typename Fn>
std::pair<Outcome, TlsIo> Step(PyObject* conn, TlsConnection& c, Fn&& fn) {
  while (true) {
    TlsIo io = RunIo(c, fn);
    if (SetLastStatus(conn, io.status) != 0) throw pybind11::error_already_set();
    switch (io.status) {
      case TlsIoStatus::kOk:
        return {Outcome::kDone, std::move(io)};
      case TlsIoStatus::kWantRead:
      case TlsIoStatus::kWantWrite:
      case TlsIoStatus::kWantX509Lookup:
        return {Outcome::kWant, std::move(io)};
      case TlsIoStatus::kSyscall:
        if (io.sys_errno == EINTR) {
          if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
          continue;
        }
        return {Outcome::kOther, std::move(io)};
      default:
        return {Outcome::kOther, std::move(io)};
    }
  }
}

// The connection a fast step may run on (a core TlsConnection on a socket),
// else nullptr: the caller's Python path handles it.
TlsConnection* FdConnection(PyObject* conn) {
  TlsConnection* c = CoreObjectOrNull<TlsConnection>(conn);
  return c != nullptr && !c->uses_memory_bio() ? c : nullptr;
}

// A held PyBUF_CONTIG_RO view of a Python object, or none.
class ReadOnlyBuffer {
 public:
  explicit ReadOnlyBuffer(PyObject* obj) {
    ok_ = PyObject_GetBuffer(obj, &view_, PyBUF_CONTIG_RO) == 0;
    if (!ok_) PyErr_Clear();
  }
  ~ReadOnlyBuffer() {
    if (ok_) PyBuffer_Release(&view_);
  }
  ReadOnlyBuffer(const ReadOnlyBuffer&) = delete;
  ReadOnlyBuffer& operator=(const ReadOnlyBuffer&) = delete;
  bool ok() const { return ok_; }
  const char* data() const { return static_cast<const char*>(view_.buf); }
  Py_ssize_t size() const { return view_.len; }

 private:
  Py_buffer view_{};
  bool ok_ = false;
};

PyObject* ReadBuiltin(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  int size = 0;
  if (!Arity("m2_tls_read", nargs, 2) || !IntArg(args[1], &size)) return nullptr;
  return M2TlsRead(args[0], size);
}

PyObject* WriteBuiltin(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (!Arity("m2_tls_write", nargs, 2)) return nullptr;
  return M2TlsWrite(args[0], args[1]);
}

PyObject* HandshakeBuiltin(PyObject*, PyObject* conn) { return M2TlsHandshake(conn); }

PyMethodDef kBuiltins[] = {
    {"m2_tls_read", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(ReadBuiltin)),
     METH_FASTCALL,
     "m2_tls_read(conn, size): one SSL_read step on a socket: bytes, the io tuple of another "
     "outcome, or None (not taken)."},
    {"m2_tls_write", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(WriteBuiltin)),
     METH_FASTCALL,
     "m2_tls_write(conn, data): one SSL_write step on a socket: the count, -1 (wants I/O), the "
     "io tuple of another outcome, or None (not taken)."},
    {"m2_tls_handshake", HandshakeBuiltin, METH_O,
     "m2_tls_handshake(conn): one SSL_do_handshake step on a socket: 1 (done), 0 (wants I/O), "
     "the io tuple of another outcome, or None (not taken)."},
};

}  // namespace

PyObject* M2TlsRead(PyObject* conn, int size) {
  TlsConnection* c = FdConnection(conn);
  if (c == nullptr || size <= 0) Py_RETURN_NONE;
  return GuardedResult([&]() -> pybind11::object {
    UninitBytes buf(size);
    auto [outcome, io] = Step(conn, *c, [&] { return c->Read(buf.data(), buf.size(), false); });
    if (outcome == Outcome::kDone) return buf.Take(io.result > 0 ? io.result : 0);
    if (outcome == Outcome::kWant || io.status == TlsIoStatus::kZeroReturn) {
      return pybind11::bytes();
    }
    return IoTuple(io, buf.Take(0));
  });
}

PyObject* M2TlsWrite(PyObject* conn, PyObject* data) {
  TlsConnection* c = FdConnection(conn);
  if (c == nullptr) Py_RETURN_NONE;
  ReadOnlyBuffer buf(data);
  if (!buf.ok() || buf.size() > INT_MAX) Py_RETURN_NONE;
  if (buf.size() == 0) return PyLong_FromLong(0);
  return GuardedResult([&]() -> pybind11::object {
    auto [outcome, io] =
        Step(conn, *c, [&] { return c->Write(buf.data(), static_cast<int>(buf.size())); });
    if (outcome == Outcome::kDone) return pybind11::int_(io.result);
    if (outcome == Outcome::kWant) return pybind11::int_(-1);
    return IoTuple(io, pybind11::int_(io.result));
  });
}

PyObject* M2TlsHandshake(PyObject* conn) {
  TlsConnection* c = FdConnection(conn);
  if (c == nullptr) Py_RETURN_NONE;
  return GuardedResult([&]() -> pybind11::object {
    auto [outcome, io] = Step(conn, *c, [&] { return c->DoHandshake(); });
    if (outcome == Outcome::kDone) return pybind11::int_(1);
    if (outcome == Outcome::kWant) return pybind11::int_(0);
    return IoTuple(io, pybind11::int_(io.result));
  });
}

void RegisterM2TlsIo(pybind11::module_& m) { AddFunctions(m, kBuiltins); }

}  // namespace cryptoshim::py
