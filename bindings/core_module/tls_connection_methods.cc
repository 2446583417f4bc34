// The TlsConnection members every handshake of both drop-ins reaches
// (with_fd, the role setters, set_session, the I/O steps pyOpenSSL's
// Connection makes, shutdown and the state the policy reads) as plain
// methods and properties (plain_functions.h),
// installed over bind_tls.cc's pybind11 bindings of the same names and
// behaving as they did: same arguments, results and errors.
//
// Thread contract: as TlsConnection's. The setters and getters run with the
// GIL held, as under pybind11; the I/O steps release it and take the
// connection's lock (RunIo).
#include <Python.h>
#include <pybind11/pybind11.h>

#include <climits>
#include <memory>
#include <typeinfo>
#include <utility>

#include "core_object.h"
#include "cryptoshim/tls_connection.h"
#include "guarded_result.h"
#include "plain_functions.h"
#include "register.h"
#include "status_conversion.h"
#include "tls_io_glue.h"

namespace cryptoshim::py {
namespace {

// The connection behind `self`, or nullptr with TypeError (a property's
// fget may be handed anything).
TlsConnection* Self(PyObject* self) {
  return CoreObject<TlsConnection>(self, "cryptoshim._core.TlsConnection");
}

// Runs `fn(connection)` on `self`, returning fn's new reference (nullptr
// with an error).
template <typename Fn>
PyObject* OnSelf(PyObject* self, Fn&& fn) {
  TlsConnection* c = Self(self);
  return c == nullptr ? nullptr : fn(*c);
}

PyObject* SetConnectState(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) {
    c.SetConnectState();
    Py_RETURN_NONE;
  });
}

PyObject* SetAcceptState(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) {
    c.SetAcceptState();
    Py_RETURN_NONE;
  });
}

// One I/O step of `self` returning the io tuple (status, result, errno,
// errors) with the step's int result.
template <TlsIo (TlsConnection::*Step)()>
PyObject* IntStep(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) {
    return GuardedResult([&] {
      TlsIo io = RunIo(c, [&] { return (c.*Step)(); });
      return IoTuple(io, pybind11::int_(io.result));
    });
  });
}

// read(size, peek): one SSL_read (SSL_peek) step: the io tuple with the
// bytes read.
PyObject* Read(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  int size = 0;
  if (!Arity("read", nargs, 2) || !IntArg(args[0], &size)) return nullptr;
  const int peek = PyObject_IsTrue(args[1]);
  if (peek < 0) return nullptr;
  return OnSelf(self, [&](TlsConnection& c) {
    return GuardedResult([&] {
      UninitBytes buf(size);
      TlsIo io = RunIo(c, [&] { return c.Read(buf.data(), buf.size(), peek != 0); });
      const int n = io.status == TlsIoStatus::kOk && io.result > 0 ? io.result : 0;
      return IoTuple(io, buf.Take(n));
    });
  });
}

// write(data, offset, size): one SSL_write step of data[offset:offset+size]
// (any contiguous buffer): the io tuple with the count written.
PyObject* Write(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  int size = 0;
  if (!Arity("write", nargs, 3)) return nullptr;
  const Py_ssize_t offset = PyLong_AsSsize_t(args[1]);
  if ((offset == -1 && PyErr_Occurred()) || !IntArg(args[2], &size)) return nullptr;
  Py_buffer view;
  if (PyObject_GetBuffer(args[0], &view, PyBUF_CONTIG_RO) != 0) return nullptr;
  PyObject* result = OnSelf(self, [&](TlsConnection& c) -> PyObject* {
    // The caller's slice must lie inside the buffer: SSL_write would
    // otherwise read (and send) whatever memory follows it.
    if (offset < 0 || size < 0 || offset > view.len || size > view.len - offset) {
      PyErr_Format(PyExc_ValueError,
                   "write: offset %zd and size %d lie outside a buffer of %zd bytes", offset, size,
                   view.len);
      return nullptr;
    }
    const char* p = static_cast<const char*>(view.buf) + offset;
    return GuardedResult([&] {
      TlsIo io = RunIo(c, [&] { return c.Write(p, size); });
      return IoTuple(io, pybind11::int_(io.result));
    });
  });
  PyBuffer_Release(&view);
  return result;
}

PyObject* SetSession(PyObject* self, PyObject* session) {
  return OnSelf(self, [session](TlsConnection& c) -> PyObject* {
    const auto* s = CoreObject<TlsSession>(session, "cryptoshim._core.TlsSession");
    if (s == nullptr) return nullptr;
    return GuardedResult([&] {
      ThrowIfError(c.SetSession(*s));
      return pybind11::none();
    });
  });
}

PyObject* Servername(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) -> PyObject* {
    std::optional<std::string> name = c.servername();
    if (!name) Py_RETURN_NONE;
    return PyBytes_FromStringAndSize(name->data(), static_cast<Py_ssize_t>(name->size()));
  });
}

PyObject* Pending(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) { return PyLong_FromLong(c.pending()); });
}

PyObject* WantRead(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) { return PyBool_FromLong(c.want_read()); });
}

PyObject* WantWrite(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) { return PyBool_FromLong(c.want_write()); });
}

PyObject* GetShutdown(PyObject* self, PyObject*) {
  return OnSelf(self, [](TlsConnection& c) {
    return PyLong_FromLong(static_cast<long>(c.shutdown_state()));
  });
}

PyObject* IsServer(PyObject*, PyObject* self) {
  return OnSelf(self, [](TlsConnection& c) { return PyBool_FromLong(c.is_server()); });
}

PyObject* IsInitFinished(PyObject*, PyObject* self) {
  return OnSelf(self, [](TlsConnection& c) { return PyBool_FromLong(c.is_init_finished()); });
}

PyObject* VerifyMode(PyObject*, PyObject* self) {
  return OnSelf(
      self, [](TlsConnection& c) { return PyLong_FromLong(static_cast<long>(c.verify_mode())); });
}

// The context argument's shared holder (TlsContext is held by shared_ptr),
// or nullptr with TypeError.
std::shared_ptr<TlsContext> ContextArg(PyObject* obj) {
  namespace detail = pybind11::detail;
  static const detail::type_info* info = detail::get_type_info(typeid(TlsContext));
  if (info != nullptr && PyObject_TypeCheck(obj, info->type)) {
    auto v_h = reinterpret_cast<detail::instance*>(obj)->get_value_and_holder(info);
    if (v_h.holder_constructed()) return v_h.holder<std::shared_ptr<TlsContext>>();
  }
  PyErr_Format(PyExc_TypeError, "with_fd: expected a cryptoshim._core.TlsContext, got %.200s",
               Py_TYPE(obj)->tp_name);
  return nullptr;
}

PyObject* WithFd(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_Format(PyExc_TypeError, "with_fd() takes exactly 2 arguments (%zd given)", nargs);
    return nullptr;
  }
  std::shared_ptr<TlsContext> context = ContextArg(args[0]);
  if (context == nullptr) return nullptr;
  const long fd = PyLong_AsLong(args[1]);
  if (fd == -1 && PyErr_Occurred()) return nullptr;
  if (fd < INT_MIN || fd > INT_MAX) {
    PyErr_SetString(PyExc_OverflowError, "with_fd: fd does not fit a C int");
    return nullptr;
  }
  return GuardedResult([&] {
    return pybind11::cast(
        ValueOrThrow(TlsConnection::NewWithFd(std::move(context), static_cast<int>(fd))));
  });
}

PyMethodDef kMethods[] = {
    {"set_connect_state", SetConnectState, METH_NOARGS,
     "set_connect_state(self) -> None\n\nSSL_set_connect_state: the client role."},
    {"set_accept_state", SetAcceptState, METH_NOARGS,
     "set_accept_state(self) -> None\n\nSSL_set_accept_state: the server role."},
    {"shutdown", IntStep<&TlsConnection::Shutdown>, METH_NOARGS,
     "shutdown(self) -> tuple\n\nOne SSL_shutdown step: the io tuple (status, result, errno, "
     "errors)."},
    {"do_handshake", IntStep<&TlsConnection::DoHandshake>, METH_NOARGS,
     "do_handshake(self) -> tuple\n\nOne SSL_do_handshake step: the io tuple."},
    {"connect", IntStep<&TlsConnection::Connect>, METH_NOARGS,
     "connect(self) -> tuple\n\nOne SSL_connect step: the io tuple."},
    {"accept", IntStep<&TlsConnection::Accept>, METH_NOARGS,
     "accept(self) -> tuple\n\nOne SSL_accept step: the io tuple."},
    {"read", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(Read)), METH_FASTCALL,
     "read(self, arg0: typing.SupportsInt | typing.SupportsIndex, arg1: bool) -> tuple\n\n"
     "One SSL_read (SSL_peek when arg1) step of up to arg0 bytes: the io tuple."},
    {"write", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(Write)), METH_FASTCALL,
     "write(self, arg0: typing_extensions.Buffer, arg1: typing.SupportsInt | "
     "typing.SupportsIndex, arg2: typing.SupportsInt | typing.SupportsIndex) -> tuple\n\n"
     "One SSL_write step of arg0[arg1:arg1 + arg2]: the io tuple."},
    {"set_session", SetSession, METH_O,
     "set_session(self, arg0: TlsSession) -> None\n\nSSL_set_session: offer `arg0` for "
     "resumption."},
    {"servername", Servername, METH_NOARGS,
     "servername(self) -> typing.Any\n\nThe SNI host name (bytes), or None."},
    {"pending", Pending, METH_NOARGS,
     "pending(self) -> int\n\nSSL_pending: decrypted bytes ready to read."},
    {"want_read", WantRead, METH_NOARGS, "want_read(self) -> bool\n\nSSL_want_read."},
    {"want_write", WantWrite, METH_NOARGS, "want_write(self) -> bool\n\nSSL_want_write."},
    {"get_shutdown", GetShutdown, METH_NOARGS,
     "get_shutdown(self) -> int\n\nSSL_get_shutdown: the close_notify flags."},
};

PyMethodDef kStaticMethods[] = {
    {"with_fd", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(WithFd)), METH_FASTCALL,
     "with_fd(arg0: TlsContext, arg1: typing.SupportsInt | typing.SupportsIndex) -> "
     "TlsConnection\n\nA connection "
     "of `arg0` on socket descriptor `arg1` (SSL_new, SSL_set_fd)."},
};

// Property getters: fget(self).
PyMethodDef kGetters[] = {
    {"is_server", IsServer, METH_O, "is_server(self) -> bool\n\nSSL_is_server."},
    {"is_init_finished", IsInitFinished, METH_O,
     "is_init_finished(self) -> bool\n\nSSL_is_init_finished."},
    {"verify_mode", VerifyMode, METH_O, "verify_mode(self) -> int\n\nSSL_get_verify_mode."},
};

}  // namespace

void RegisterTlsConnectionMethods(pybind11::module_& m) {
  pybind11::object type = m.attr("TlsConnection");
  AddMethods(type, kMethods);
  AddStaticMethods(type, kStaticMethods);
  AddProperties(type, kGetters);
}

}  // namespace cryptoshim::py
