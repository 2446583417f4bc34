// M2ExpectedHost and _core.m2crypto.connection_expected_host: which name an
// M2Crypto.SSL.Connection client verifies the server against. In C so that
// connect_ssl's first step (m2_connection_call.cc) runs the policy's checks
// without a Python frame; the Python method calls the same function.
#include "m2_expected_host.h"

#include <optional>
#include <string>

#include "core_object.h"
#include "cryptoshim/tls_connection.h"
#include "plain_functions.h"
#include "register.h"

namespace cryptoshim::py {
namespace {

// The attribute names read, interned once.
struct Names {
  PyObject* ssl = PyUnicode_InternFromString("ssl");
  PyObject* host = PyUnicode_InternFromString("host");
  PyObject* post_connection_check = PyUnicode_InternFromString("postConnectionCheck");
  PyObject* client_post_connection_check = PyUnicode_InternFromString("clientPostConnectionCheck");
  PyObject* addr = PyUnicode_InternFromString("addr");
};

const Names& N() {
  static const Names names;
  return names;
}

// getattr(obj, name), or nullptr with no error when it has none, or nullptr
// with any other error. A missing attribute raises no AttributeError to
// clear (_PyObject_LookupAttr, getattr(obj, name, None)'s own lookup): each
// Connection lacks `postConnectionCheck` and usually `addr`, and making and
// dropping the two exceptions cost more than the rest of this file.
PyObject* OptionalAttr(PyObject* obj, PyObject* name) {
  PyObject* value = nullptr;
  return _PyObject_LookupAttr(obj, name, &value) < 0 ? nullptr : value;
}

// The SNI name on conn.ssl as bytes, or None; nullptr with an error.
PyObject* ServerName(PyObject* conn) {
  PyObject* ssl = PyObject_GetAttr(conn, N().ssl);
  if (ssl == nullptr) return nullptr;
  TlsConnection* c = CoreObject<TlsConnection>(ssl, "cryptoshim._core.TlsConnection");
  PyObject* result = nullptr;
  if (c != nullptr) {
    std::optional<std::string> name = c->servername();
    result = name && !name->empty()
                 ? PyBytes_FromStringAndSize(name->data(), static_cast<Py_ssize_t>(name->size()))
                 : Py_NewRef(Py_None);
  }
  Py_DECREF(ssl);
  return result;
}

// The post-connection check's host, else connect()'s address host, else
// None, for a connection without an SNI name or set1_host's name.
PyObject* CheckHost(PyObject* conn) {
  PyObject* check = OptionalAttr(conn, N().post_connection_check);
  if (check == nullptr) {
    if (PyErr_Occurred()) return nullptr;
    check = PyObject_GetAttr(conn, N().client_post_connection_check);
    if (check == nullptr) return nullptr;
  }
  if (check == Py_None) return check;  // no post-connection check: no host from it
  PyObject* host = OptionalAttr(check, N().host);
  Py_DECREF(check);
  if (host == nullptr && PyErr_Occurred()) return nullptr;
  const int truthy = host == nullptr ? 0 : PyObject_IsTrue(host);
  if (truthy != 0) return truthy < 0 ? (Py_DECREF(host), nullptr) : host;
  Py_XDECREF(host);
  PyObject* addr = OptionalAttr(conn, N().addr);
  if (addr == nullptr) return PyErr_Occurred() ? nullptr : Py_NewRef(Py_None);
  PyObject* result = Py_None;
  if (PyTuple_Check(addr) && PyTuple_GET_SIZE(addr) > 0) {
    PyObject* first = PyTuple_GET_ITEM(addr, 0);
    if (PyUnicode_Check(first) || PyBytes_Check(first)) result = first;
  }
  Py_INCREF(result);
  Py_DECREF(addr);
  return result;
}

PyObject* ExpectedHostBuiltin(PyObject*, PyObject* conn) { return M2ExpectedHost(conn); }

PyMethodDef kFunctions[] = {
    {"connection_expected_host", ExpectedHostBuiltin, METH_O,
     "connection_expected_host(conn: object) -> str | bytes | None\n\n"
     "The host name M2Crypto.SSL.Connection `conn` expects the server's certificate to carry: "
     "the SNI name, else conn.host (set1_host), else the post-connection check's host, else "
     "(when a post-connection check will run) conn.addr[0]; None when there is none."},
};

}  // namespace

PyObject* M2ExpectedHost(PyObject* conn) {
  PyObject* sni = ServerName(conn);
  if (sni != Py_None) return sni;  // the name, or nullptr with the error
  Py_DECREF(sni);
  PyObject* host = PyObject_GetAttr(conn, N().host);
  if (host == nullptr || host != Py_None) return host;
  Py_DECREF(host);
  return CheckHost(conn);
}

void RegisterM2ExpectedHost(pybind11::module_& m2crypto) { AddFunctions(m2crypto, kFunctions); }

}  // namespace cryptoshim::py
