// _core.TlsContext, _core.TlsConnection and _core.TlsSession.
//
// Callbacks: every Python callable is wrapped into the core's std::function.
// The wrapper takes the GIL, calls Python, and never lets a C++ exception
// cross OpenSSL's C frames: a Python exception is parked in a thread-local
// slot (the callback runs on the thread that made the OpenSSL call) and
// re-raised by the binding once that call has returned. pyOpenSSL-style
// "store the exception on the helper" semantics live one layer up, in the
// Python drop-in, whose wrappers catch Exception themselves.
//
// I/O releases the GIL so other threads (a peer on loopback, a server
// thread) run while OpenSSL blocks on a socket.
//
// Holders: TlsContext and TlsSession are shared (a connection keeps its
// context alive); TlsConnection is unique. Callbacks hand Python the
// already-registered TlsConnection object (return_value_policy::reference
// finds the existing wrapper), which carries a dynamic `_owner` attribute set
// by the drop-in.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <optional>

#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// The first Python exception raised by a callback during the current
// OpenSSL call on this thread.
struct ParkedError {
  std::optional<::py::error_already_set> error;
  void Park(::py::error_already_set& e) {
    if (!error) error = std::move(e);
  }
  void RethrowIfAny() {
    if (error) {
      ::py::error_already_set e = std::move(*error);
      error.reset();
      throw e;
    }
  }
};

ParkedError& Parked() {
  thread_local ParkedError parked;
  return parked;
}

// A Python object whose copies and destruction are safe without the GIL:
// OpenSSL-side code copies the callbacks (std::function) while the GIL is
// released, and copying a captured py::object would touch its refcount.
std::shared_ptr<::py::object> GilSafe(::py::object obj) {
  return std::shared_ptr<::py::object>(new ::py::object(std::move(obj)), [](::py::object* p) {
    ::py::gil_scoped_acquire gil;
    delete p;
  });
}

// A weak reference to a Python callable, callable from core callbacks. The
// drop-in keeps every callable it registers alive on its Context/Connection
// objects; holding them strongly here as well would hide reference cycles
// (callback -> Context -> core context -> callback) from Python's GC.
class WeakCallable {
 public:
  explicit WeakCallable(const ::py::object& fn) : ref_(GilSafe(::py::weakref(fn))) {}
  template <typename... Args>
  ::py::object operator()(Args&&... args) const {
    ::py::object target = (*ref_)();
    if (target.is_none()) {
      PyErr_SetString(PyExc_RuntimeError, "TLS callback called after its owner was freed");
      throw ::py::error_already_set();
    }
    return target(std::forward<Args>(args)...);
  }

 private:
  std::shared_ptr<::py::object> ref_;
};

// A bytes object filled in place: allocated without zeroing (reads can ask
// for megabytes and get one record), written without the GIL while no other
// reference exists, then shrunk to what was read.
class UninitBytes {
 public:
  explicit UninitBytes(int size) : size_(size > 0 ? size : 0) {
    obj_ = PyBytes_FromStringAndSize(nullptr, size_);
    if (obj_ == nullptr) throw ::py::error_already_set();
  }
  ~UninitBytes() { Py_XDECREF(obj_); }
  UninitBytes(const UninitBytes&) = delete;
  UninitBytes& operator=(const UninitBytes&) = delete;
  char* data() { return PyBytes_AS_STRING(obj_); }
  int size() const { return static_cast<int>(size_); }
  ::py::bytes Take(int n) {
    if (_PyBytes_Resize(&obj_, n) != 0) throw ::py::error_already_set();  // frees on failure
    PyObject* out = obj_;
    obj_ = nullptr;
    return ::py::reinterpret_steal<::py::bytes>(out);
  }

 private:
  Py_ssize_t size_;
  PyObject* obj_ = nullptr;
};

::py::object PyConn(TlsConnection& conn) {
  return ::py::cast(&conn, ::py::return_value_policy::reference);
}

// Runs `fn` under the GIL; a Python exception yields `fallback`.
template <typename R, typename Fn>
R Guarded(R fallback, Fn&& fn) {
  ::py::gil_scoped_acquire gil;
  try {
    return fn();
  } catch (::py::error_already_set& e) {
    Parked().Park(e);
  } catch (const std::exception& e) {
    // A C++ exception from a conversion: report it as a Python one.
    PyErr_SetString(PyExc_RuntimeError, e.what());
    ::py::error_already_set err;
    Parked().Park(err);
  }
  return fallback;
}

::py::tuple ErrorTuples(const std::vector<OpenSslError>& errors) {
  ::py::list out;
  for (const OpenSslError& e : errors)
    out.append(::py::make_tuple(e.library, e.function, e.reason));
  return ::py::tuple(out);
}

// (status, result, errno, errors) for the drop-in to map onto exceptions.
::py::tuple IoTuple(const TlsIo& io, ::py::object result) {
  return ::py::make_tuple(static_cast<int>(io.status), result, io.sys_errno,
                          ErrorTuples(io.errors));
}

// One I/O step without the GIL, under the connection's lock (its thread
// contract): two threads driving one connection take turns instead of
// racing inside OpenSSL. The lock is taken after the GIL is released, so a
// callback that needs the GIL back cannot deadlock against a thread that
// holds the GIL and waits for the lock (see ConnectionGuard).
template <typename Fn>
TlsIo RunIo(TlsConnection& c, Fn&& fn) {
  TlsIo io;
  {
    ::py::gil_scoped_release release;
    std::lock_guard<std::recursive_mutex> lock(c.mutex());
    io = fn();
  }
  Parked().RethrowIfAny();
  return io;
}

// The connection's lock for a short call made with the GIL held (BIO
// pumping): taken at once when free, else waited for without the GIL.
class ConnectionGuard {
 public:
  explicit ConnectionGuard(TlsConnection& c) : mu_(c.mutex()) {
    if (!mu_.try_lock()) {
      ::py::gil_scoped_release release;
      mu_.lock();
    }
  }
  ~ConnectionGuard() { mu_.unlock(); }
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

 private:
  std::recursive_mutex& mu_;
};

// The libssl constants the drop-in re-exports (OP_*, MODE_*, VERIFY_*, ...),
// read from the headers this module was built against.
void RegisterTlsConstants(::py::module_& m) {
  ::py::dict k;
  k["SSL_SENT_SHUTDOWN"] = static_cast<long long>(SSL_SENT_SHUTDOWN);
  k["SSL_RECEIVED_SHUTDOWN"] = static_cast<long long>(SSL_RECEIVED_SHUTDOWN);
  k["SSL3_VERSION"] = static_cast<long long>(SSL3_VERSION);
  k["TLS1_VERSION"] = static_cast<long long>(TLS1_VERSION);
  k["TLS1_1_VERSION"] = static_cast<long long>(TLS1_1_VERSION);
  k["TLS1_2_VERSION"] = static_cast<long long>(TLS1_2_VERSION);
  k["TLS1_3_VERSION"] = static_cast<long long>(TLS1_3_VERSION);
  k["DTLS1_VERSION"] = static_cast<long long>(DTLS1_VERSION);
  k["DTLS1_2_VERSION"] = static_cast<long long>(DTLS1_2_VERSION);
  k["SSL_OP_NO_SSLv2"] = static_cast<long long>(SSL_OP_NO_SSLv2);
  k["SSL_OP_NO_SSLv3"] = static_cast<long long>(SSL_OP_NO_SSLv3);
  k["SSL_OP_NO_TLSv1"] = static_cast<long long>(SSL_OP_NO_TLSv1);
  k["SSL_OP_NO_TLSv1_1"] = static_cast<long long>(SSL_OP_NO_TLSv1_1);
  k["SSL_OP_NO_TLSv1_2"] = static_cast<long long>(SSL_OP_NO_TLSv1_2);
  k["SSL_OP_NO_TLSv1_3"] = static_cast<long long>(SSL_OP_NO_TLSv1_3);
  k["SSL_MODE_RELEASE_BUFFERS"] = static_cast<long long>(SSL_MODE_RELEASE_BUFFERS);
  k["SSL_MODE_ENABLE_PARTIAL_WRITE"] = static_cast<long long>(SSL_MODE_ENABLE_PARTIAL_WRITE);
  k["SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER"] =
      static_cast<long long>(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  k["SSL_MODE_AUTO_RETRY"] = static_cast<long long>(SSL_MODE_AUTO_RETRY);
  k["SSL_OP_SINGLE_DH_USE"] = static_cast<long long>(SSL_OP_SINGLE_DH_USE);
  k["SSL_OP_SINGLE_ECDH_USE"] = static_cast<long long>(SSL_OP_SINGLE_ECDH_USE);
  k["SSL_OP_EPHEMERAL_RSA"] = static_cast<long long>(SSL_OP_EPHEMERAL_RSA);
  k["SSL_OP_MICROSOFT_SESS_ID_BUG"] = static_cast<long long>(SSL_OP_MICROSOFT_SESS_ID_BUG);
  k["SSL_OP_NETSCAPE_CHALLENGE_BUG"] = static_cast<long long>(SSL_OP_NETSCAPE_CHALLENGE_BUG);
  k["SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG"] =
      static_cast<long long>(SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG);
  k["SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG"] =
      static_cast<long long>(SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG);
  k["SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER"] =
      static_cast<long long>(SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER);
  k["SSL_OP_MSIE_SSLV2_RSA_PADDING"] = static_cast<long long>(SSL_OP_MSIE_SSLV2_RSA_PADDING);
  k["SSL_OP_SSLEAY_080_CLIENT_DH_BUG"] = static_cast<long long>(SSL_OP_SSLEAY_080_CLIENT_DH_BUG);
  k["SSL_OP_TLS_D5_BUG"] = static_cast<long long>(SSL_OP_TLS_D5_BUG);
  k["SSL_OP_TLS_BLOCK_PADDING_BUG"] = static_cast<long long>(SSL_OP_TLS_BLOCK_PADDING_BUG);
  k["SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS"] =
      static_cast<long long>(SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS);
  k["SSL_OP_CIPHER_SERVER_PREFERENCE"] = static_cast<long long>(SSL_OP_CIPHER_SERVER_PREFERENCE);
  k["SSL_OP_TLS_ROLLBACK_BUG"] = static_cast<long long>(SSL_OP_TLS_ROLLBACK_BUG);
  k["SSL_OP_PKCS1_CHECK_1"] = static_cast<long long>(SSL_OP_PKCS1_CHECK_1);
  k["SSL_OP_PKCS1_CHECK_2"] = static_cast<long long>(SSL_OP_PKCS1_CHECK_2);
  k["SSL_OP_NETSCAPE_CA_DN_BUG"] = static_cast<long long>(SSL_OP_NETSCAPE_CA_DN_BUG);
  k["SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG"] =
      static_cast<long long>(SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG);
  k["SSL_OP_NO_COMPRESSION"] = static_cast<long long>(SSL_OP_NO_COMPRESSION);
  k["SSL_OP_NO_QUERY_MTU"] = static_cast<long long>(SSL_OP_NO_QUERY_MTU);
  k["SSL_OP_COOKIE_EXCHANGE"] = static_cast<long long>(SSL_OP_COOKIE_EXCHANGE);
  k["SSL_OP_NO_TICKET"] = static_cast<long long>(SSL_OP_NO_TICKET);
  k["SSL_OP_NO_RENEGOTIATION"] = static_cast<long long>(SSL_OP_NO_RENEGOTIATION);
  k["SSL_OP_IGNORE_UNEXPECTED_EOF"] = static_cast<long long>(SSL_OP_IGNORE_UNEXPECTED_EOF);
  k["SSL_OP_LEGACY_SERVER_CONNECT"] = static_cast<long long>(SSL_OP_LEGACY_SERVER_CONNECT);
  k["SSL_OP_ALL"] = static_cast<long long>(SSL_OP_ALL);
  k["SSL_VERIFY_PEER"] = static_cast<long long>(SSL_VERIFY_PEER);
  k["SSL_VERIFY_FAIL_IF_NO_PEER_CERT"] = static_cast<long long>(SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
  k["SSL_VERIFY_CLIENT_ONCE"] = static_cast<long long>(SSL_VERIFY_CLIENT_ONCE);
  k["SSL_VERIFY_NONE"] = static_cast<long long>(SSL_VERIFY_NONE);
  k["SSL_SESS_CACHE_OFF"] = static_cast<long long>(SSL_SESS_CACHE_OFF);
  k["SSL_SESS_CACHE_CLIENT"] = static_cast<long long>(SSL_SESS_CACHE_CLIENT);
  k["SSL_SESS_CACHE_SERVER"] = static_cast<long long>(SSL_SESS_CACHE_SERVER);
  k["SSL_SESS_CACHE_BOTH"] = static_cast<long long>(SSL_SESS_CACHE_BOTH);
  k["SSL_SESS_CACHE_NO_AUTO_CLEAR"] = static_cast<long long>(SSL_SESS_CACHE_NO_AUTO_CLEAR);
  k["SSL_SESS_CACHE_NO_INTERNAL_LOOKUP"] =
      static_cast<long long>(SSL_SESS_CACHE_NO_INTERNAL_LOOKUP);
  k["SSL_SESS_CACHE_NO_INTERNAL_STORE"] = static_cast<long long>(SSL_SESS_CACHE_NO_INTERNAL_STORE);
  k["SSL_SESS_CACHE_NO_INTERNAL"] = static_cast<long long>(SSL_SESS_CACHE_NO_INTERNAL);
  k["SSL_ST_CONNECT"] = static_cast<long long>(SSL_ST_CONNECT);
  k["SSL_ST_ACCEPT"] = static_cast<long long>(SSL_ST_ACCEPT);
  k["SSL_ST_MASK"] = static_cast<long long>(SSL_ST_MASK);
  k["SSL_CB_LOOP"] = static_cast<long long>(SSL_CB_LOOP);
  k["SSL_CB_EXIT"] = static_cast<long long>(SSL_CB_EXIT);
  k["SSL_CB_READ"] = static_cast<long long>(SSL_CB_READ);
  k["SSL_CB_WRITE"] = static_cast<long long>(SSL_CB_WRITE);
  k["SSL_CB_ALERT"] = static_cast<long long>(SSL_CB_ALERT);
  k["SSL_CB_READ_ALERT"] = static_cast<long long>(SSL_CB_READ_ALERT);
  k["SSL_CB_WRITE_ALERT"] = static_cast<long long>(SSL_CB_WRITE_ALERT);
  k["SSL_CB_ACCEPT_LOOP"] = static_cast<long long>(SSL_CB_ACCEPT_LOOP);
  k["SSL_CB_ACCEPT_EXIT"] = static_cast<long long>(SSL_CB_ACCEPT_EXIT);
  k["SSL_CB_CONNECT_LOOP"] = static_cast<long long>(SSL_CB_CONNECT_LOOP);
  k["SSL_CB_CONNECT_EXIT"] = static_cast<long long>(SSL_CB_CONNECT_EXIT);
  k["SSL_CB_HANDSHAKE_START"] = static_cast<long long>(SSL_CB_HANDSHAKE_START);
  k["SSL_CB_HANDSHAKE_DONE"] = static_cast<long long>(SSL_CB_HANDSHAKE_DONE);
  m.attr("TLS_CONSTANTS") = k;
  ::py::dict v;
  v["OK"] = static_cast<long long>(X509_V_OK);
  v["ERR_UNABLE_TO_GET_ISSUER_CERT"] = static_cast<long long>(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT);
  v["ERR_UNABLE_TO_GET_CRL"] = static_cast<long long>(X509_V_ERR_UNABLE_TO_GET_CRL);
  v["ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE"] =
      static_cast<long long>(X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE);
  v["ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE"] =
      static_cast<long long>(X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE);
  v["ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY"] =
      static_cast<long long>(X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
  v["ERR_CERT_SIGNATURE_FAILURE"] = static_cast<long long>(X509_V_ERR_CERT_SIGNATURE_FAILURE);
  v["ERR_CRL_SIGNATURE_FAILURE"] = static_cast<long long>(X509_V_ERR_CRL_SIGNATURE_FAILURE);
  v["ERR_CERT_NOT_YET_VALID"] = static_cast<long long>(X509_V_ERR_CERT_NOT_YET_VALID);
  v["ERR_CERT_HAS_EXPIRED"] = static_cast<long long>(X509_V_ERR_CERT_HAS_EXPIRED);
  v["ERR_CRL_NOT_YET_VALID"] = static_cast<long long>(X509_V_ERR_CRL_NOT_YET_VALID);
  v["ERR_CRL_HAS_EXPIRED"] = static_cast<long long>(X509_V_ERR_CRL_HAS_EXPIRED);
  v["ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD"] =
      static_cast<long long>(X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD);
  v["ERR_ERROR_IN_CERT_NOT_AFTER_FIELD"] =
      static_cast<long long>(X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD);
  v["ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD"] =
      static_cast<long long>(X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD);
  v["ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD"] =
      static_cast<long long>(X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD);
  v["ERR_OUT_OF_MEM"] = static_cast<long long>(X509_V_ERR_OUT_OF_MEM);
  v["ERR_DEPTH_ZERO_SELF_SIGNED_CERT"] =
      static_cast<long long>(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  v["ERR_SELF_SIGNED_CERT_IN_CHAIN"] = static_cast<long long>(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
  v["ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY"] =
      static_cast<long long>(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  v["ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE"] =
      static_cast<long long>(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
  v["ERR_CERT_CHAIN_TOO_LONG"] = static_cast<long long>(X509_V_ERR_CERT_CHAIN_TOO_LONG);
  v["ERR_CERT_REVOKED"] = static_cast<long long>(X509_V_ERR_CERT_REVOKED);
  v["ERR_INVALID_CA"] = static_cast<long long>(X509_V_ERR_INVALID_CA);
  v["ERR_PATH_LENGTH_EXCEEDED"] = static_cast<long long>(X509_V_ERR_PATH_LENGTH_EXCEEDED);
  v["ERR_INVALID_PURPOSE"] = static_cast<long long>(X509_V_ERR_INVALID_PURPOSE);
  v["ERR_CERT_UNTRUSTED"] = static_cast<long long>(X509_V_ERR_CERT_UNTRUSTED);
  v["ERR_CERT_REJECTED"] = static_cast<long long>(X509_V_ERR_CERT_REJECTED);
  v["ERR_SUBJECT_ISSUER_MISMATCH"] = static_cast<long long>(X509_V_ERR_SUBJECT_ISSUER_MISMATCH);
  v["ERR_AKID_SKID_MISMATCH"] = static_cast<long long>(X509_V_ERR_AKID_SKID_MISMATCH);
  v["ERR_AKID_ISSUER_SERIAL_MISMATCH"] =
      static_cast<long long>(X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH);
  v["ERR_KEYUSAGE_NO_CERTSIGN"] = static_cast<long long>(X509_V_ERR_KEYUSAGE_NO_CERTSIGN);
  v["ERR_UNABLE_TO_GET_CRL_ISSUER"] = static_cast<long long>(X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER);
  v["ERR_UNHANDLED_CRITICAL_EXTENSION"] =
      static_cast<long long>(X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION);
  v["ERR_KEYUSAGE_NO_CRL_SIGN"] = static_cast<long long>(X509_V_ERR_KEYUSAGE_NO_CRL_SIGN);
  v["ERR_UNHANDLED_CRITICAL_CRL_EXTENSION"] =
      static_cast<long long>(X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION);
  v["ERR_INVALID_NON_CA"] = static_cast<long long>(X509_V_ERR_INVALID_NON_CA);
  v["ERR_PROXY_PATH_LENGTH_EXCEEDED"] =
      static_cast<long long>(X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED);
  v["ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE"] =
      static_cast<long long>(X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE);
  v["ERR_PROXY_CERTIFICATES_NOT_ALLOWED"] =
      static_cast<long long>(X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED);
  v["ERR_INVALID_EXTENSION"] = static_cast<long long>(X509_V_ERR_INVALID_EXTENSION);
  v["ERR_INVALID_POLICY_EXTENSION"] = static_cast<long long>(X509_V_ERR_INVALID_POLICY_EXTENSION);
  v["ERR_NO_EXPLICIT_POLICY"] = static_cast<long long>(X509_V_ERR_NO_EXPLICIT_POLICY);
  v["ERR_DIFFERENT_CRL_SCOPE"] = static_cast<long long>(X509_V_ERR_DIFFERENT_CRL_SCOPE);
  v["ERR_UNSUPPORTED_EXTENSION_FEATURE"] =
      static_cast<long long>(X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE);
  v["ERR_UNNESTED_RESOURCE"] = static_cast<long long>(X509_V_ERR_UNNESTED_RESOURCE);
  v["ERR_PERMITTED_VIOLATION"] = static_cast<long long>(X509_V_ERR_PERMITTED_VIOLATION);
  v["ERR_EXCLUDED_VIOLATION"] = static_cast<long long>(X509_V_ERR_EXCLUDED_VIOLATION);
  v["ERR_SUBTREE_MINMAX"] = static_cast<long long>(X509_V_ERR_SUBTREE_MINMAX);
  v["ERR_UNSUPPORTED_CONSTRAINT_TYPE"] =
      static_cast<long long>(X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE);
  v["ERR_UNSUPPORTED_CONSTRAINT_SYNTAX"] =
      static_cast<long long>(X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX);
  v["ERR_UNSUPPORTED_NAME_SYNTAX"] = static_cast<long long>(X509_V_ERR_UNSUPPORTED_NAME_SYNTAX);
  v["ERR_CRL_PATH_VALIDATION_ERROR"] = static_cast<long long>(X509_V_ERR_CRL_PATH_VALIDATION_ERROR);
  v["ERR_HOSTNAME_MISMATCH"] = static_cast<long long>(X509_V_ERR_HOSTNAME_MISMATCH);
  v["ERR_EMAIL_MISMATCH"] = static_cast<long long>(X509_V_ERR_EMAIL_MISMATCH);
  v["ERR_IP_ADDRESS_MISMATCH"] = static_cast<long long>(X509_V_ERR_IP_ADDRESS_MISMATCH);
  v["ERR_APPLICATION_VERIFICATION"] = static_cast<long long>(X509_V_ERR_APPLICATION_VERIFICATION);
  m.attr("X509_VERIFY_CODES") = v;
}

// Context.set_verify and Connection.set_verify: the same callback shape on
// either owner (a Connection's setting overrides its Context's).
template <class Owner>
void SetVerify(Owner& owner, int mode, ::py::object cb) {
  if (cb.is_none()) {
    owner.set_verify_callback(nullptr);
    owner.SetVerify(static_cast<TlsVerifyMode>(mode), false);
    return;
  }
  owner.set_verify_callback([fn = WeakCallable(cb)](TlsConnection& conn, TlsVerifyArgs& a) {
    return Guarded(false, [&] {
      ::py::object r = fn(PyConn(conn), a.certificate.Share(), a.error, a.depth,
                          static_cast<int>(a.preverify_ok));
      // (ok, error) leaves `error` in the store; a plain true accepts the
      // certificate as valid (X509_V_OK), a plain false keeps the error.
      if (::py::isinstance<::py::tuple>(r) && ::py::len(r) == 2) {
        ::py::tuple t = r.cast<::py::tuple>();
        a.error = t[1].cast<int>();
        return ::py::bool_(t[0]).cast<bool>();
      }
      bool ok = ::py::bool_(r).cast<bool>();
      if (ok) a.error = X509_V_OK;
      return ok;
    });
  });
  owner.SetVerify(static_cast<TlsVerifyMode>(mode), true);
}

// Context.set_info_callback and Connection.set_info_callback: None clears.
template <class Owner>
void SetInfo(Owner& owner, ::py::object cb) {
  if (cb.is_none()) return owner.SetInfoCallback(nullptr);
  owner.SetInfoCallback([fn = WeakCallable(cb)](TlsConnection& conn, int where, int ret) {
    Guarded(0, [&] {
      fn(PyConn(conn), where, ret);
      return 0;
    });
  });
}

}  // namespace

void RegisterTls(::py::module_& m) {
  RegisterTlsConstants(m);
  ::py::enum_<TlsMethod>(m, "TlsMethod")
      .value("TLS", TlsMethod::kTls)
      .value("TLS_SERVER", TlsMethod::kTlsServer)
      .value("TLS_CLIENT", TlsMethod::kTlsClient)
      .value("DTLS", TlsMethod::kDtls)
      .value("DTLS_SERVER", TlsMethod::kDtlsServer)
      .value("DTLS_CLIENT", TlsMethod::kDtlsClient);

  ::py::class_<TlsSession, std::shared_ptr<TlsSession>>(m, "TlsSession");

  ::py::class_<TlsContext, std::shared_ptr<TlsContext>>(m, "TlsContext")
      .def(::py::init([](TlsMethod method) { return ValueOrThrow(TlsContext::New(method)); }))
      .def_property_readonly("is_dtls", &TlsContext::is_dtls)
      .def("set_min_proto_version",
           [](TlsContext& c, int v) {
             ThrowIfError(c.SetMinProtoVersion(static_cast<TlsVersion>(v)));
           })
      .def("set_max_proto_version",
           [](TlsContext& c, int v) {
             ThrowIfError(c.SetMaxProtoVersion(static_cast<TlsVersion>(v)));
           })
      .def_property_readonly(
          "min_proto_version",
          [](const TlsContext& c) { return static_cast<int>(c.min_proto_version()); })
      .def("set_options", &TlsContext::SetOptions)
      .def_property_readonly("options", &TlsContext::options)
      .def("set_mode", &TlsContext::SetMode)
      .def("clear_mode", &TlsContext::ClearMode)
      .def("load_verify_locations",
           [](TlsContext& c, std::optional<std::string> f, std::optional<std::string> d) {
             ThrowIfError(c.LoadVerifyLocations(f, d));
           })
      .def("set_default_verify_paths",
           [](TlsContext& c) { ThrowIfError(c.SetDefaultVerifyPaths()); })
      .def("cert_store", &TlsContext::CertStore)
      .def("use_certificate_chain_file",
           [](TlsContext& c, const std::string& p) { ThrowIfError(c.UseCertificateChainFile(p)); })
      .def("use_certificate_file",
           [](TlsContext& c, const std::string& p, bool der) {
             ThrowIfError(c.UseCertificateFile(p, der ? Encoding::kDer : Encoding::kPem));
           })
      .def("use_certificate",
           [](TlsContext& c, const Certificate& x) { ThrowIfError(c.UseCertificate(x)); })
      .def("add_extra_chain_cert",
           [](TlsContext& c, const Certificate& x) { ThrowIfError(c.AddExtraChainCert(x)); })
      .def("use_privatekey_file",
           [](TlsContext& c, const std::string& p, bool der) {
             {
               // The passphrase callback may run: it takes the GIL itself.
               Status s = Status::Ok();
               {
                 ::py::gil_scoped_release release;
                 s = c.UsePrivateKeyFile(p, der ? Encoding::kDer : Encoding::kPem);
               }
               Parked().RethrowIfAny();
               ThrowIfError(s);
             }
           })
      .def("use_privatekey", [](TlsContext& c, const Key& k) { ThrowIfError(c.UsePrivateKey(k)); })
      .def("check_privatekey", [](TlsContext& c) { ThrowIfError(c.CheckPrivateKey()); })
      .def("load_client_ca",
           [](TlsContext& c, const std::string& p) { ThrowIfError(c.LoadClientCaFile(p)); })
      .def("set_client_ca_list",
           [](TlsContext& c, const std::vector<std::shared_ptr<X509Name>>& names) {
             std::vector<const X509Name*> raw;
             for (const auto& n : names) raw.push_back(n.get());
             ThrowIfError(c.SetClientCaList(raw));
           })
      .def("add_client_ca",
           [](TlsContext& c, const Certificate& x) { ThrowIfError(c.AddClientCa(x)); })
      .def("set_session_id",
           [](TlsContext& c, const ::py::bytes& b) {
             ThrowIfError(c.SetSessionIdContext(std::string_view(b)));
           })
      .def("set_session_cache_mode", &TlsContext::SetSessionCacheMode)
      .def_property_readonly("session_cache_mode", &TlsContext::session_cache_mode)
      .def("set_timeout", &TlsContext::SetTimeout)
      .def_property_readonly("timeout", &TlsContext::timeout)
      .def("set_verify", &SetVerify<TlsContext>)
      .def_property_readonly("verify_mode",
                             [](const TlsContext& c) { return static_cast<int>(c.verify_mode()); })
      .def("set_verify_depth", &TlsContext::SetVerifyDepth)
      .def_property_readonly("verify_depth", &TlsContext::verify_depth)
      .def("load_tmp_dh",
           [](TlsContext& c, const std::string& p) { ThrowIfError(c.LoadTmpDhFile(p)); })
      .def("set_ecdh_curve",
           [](TlsContext& c, const std::string& n) { ThrowIfError(c.SetEcdhCurve(n)); })
      .def("set_cipher_list",
           [](TlsContext& c, const std::string& s) { ThrowIfError(c.SetCipherList(s)); })
      .def("set_tls13_ciphersuites",
           [](TlsContext& c, const std::string& s) { ThrowIfError(c.SetTls13Ciphersuites(s)); })
      .def("allows_weak_ciphers", &TlsContext::AllowsWeakCiphers)
      .def("set_tlsext_use_srtp",
           [](TlsContext& c, const std::string& s) { ThrowIfError(c.SetTlsextUseSrtp(s)); })
      .def("set_alpn_protos",
           [](TlsContext& c, const ::py::bytes& wire) {
             ThrowIfError(c.SetAlpnProtos(std::string_view(wire)));
           })
      // The callable gets (maxlen, rwflag) and returns bytes, or None to fail.
      .def("set_passwd_cb",
           [](TlsContext& c, ::py::object cb) {
             c.SetPassphraseCallback([fn = WeakCallable(cb)](bool rwflag) {
               using Answer = StatusOr<std::string>;
               Answer failed(Status(ErrorCode::kBadPassword, "passphrase callback failed"));
               return Guarded(failed, [&]() -> Answer {
                 ::py::object r = fn(static_cast<int>(kMaxPassphraseLength), rwflag);
                 if (r.is_none()) return Status(ErrorCode::kBadPassword, "no passphrase");
                 return std::string(r.cast<::py::bytes>());
               });
             });
           })
      .def("set_info_callback", &SetInfo<TlsContext>)
      .def("set_keylog_callback",
           [](TlsContext& c, ::py::object cb) {
             if (cb.is_none()) return c.SetKeylogCallback(nullptr);
             c.SetKeylogCallback(
                 [fn = WeakCallable(cb)](TlsConnection& conn, std::string_view line) {
                   Guarded(0, [&] {
                     fn(PyConn(conn), ::py::bytes(line.data(), line.size()));
                     return 0;
                   });
                 });
           })
      .def("set_servername_callback",
           [](TlsContext& c, ::py::object cb) {
             if (cb.is_none()) return c.SetServernameCallback(nullptr);
             c.SetServernameCallback([fn = WeakCallable(cb)](TlsConnection& conn) {
               return Guarded(false, [&] {
                 ::py::object r = fn(PyConn(conn));
                 return r.is_none() || ::py::bool_(r).cast<bool>();
               });
             });
           })
      // The callable returns bytes (selected), None (no overlap, continue)
      // or anything else (abort the handshake).
      .def("set_alpn_select_callback",
           [](TlsContext& c, ::py::object cb) {
             c.SetAlpnSelectCallback(
                 [fn = WeakCallable(cb)](TlsConnection& conn, std::vector<Bytes> offered) {
                   return Guarded(AlpnSelection{}, [&] {
                     ::py::list protos;
                     for (const Bytes& p : offered) protos.append(::py::bytes(p));
                     ::py::object r = fn(PyConn(conn), protos);
                     AlpnSelection sel;
                     if (r.is_none()) {
                       sel.kind = AlpnSelection::Kind::kNoOverlap;
                     } else if (::py::isinstance<::py::bytes>(r)) {
                       sel.kind = AlpnSelection::Kind::kSelected;
                       sel.protocol = r.cast<std::string>();
                     }
                     return sel;
                   });
                 });
           })
      // Server: the callable returns bytes (b"" = no staple) or None (abort).
      .def("set_ocsp_server_callback",
           [](TlsContext& c, ::py::object cb) {
             ThrowIfError(c.SetOcspServerCallback([fn = WeakCallable(cb)](TlsConnection& conn) {
               return Guarded(OcspStaple{}, [&] {
                 ::py::object r = fn(PyConn(conn));
                 OcspStaple staple;
                 if (::py::isinstance<::py::bytes>(r)) {
                   staple.response = r.cast<std::string>();
                   staple.kind = staple.response.empty() ? OcspStaple::Kind::kNone
                                                         : OcspStaple::Kind::kStaple;
                 }
                 return staple;
               });
             }));
           })
      .def("set_ocsp_client_callback",
           [](TlsContext& c, ::py::object cb) {
             ThrowIfError(c.SetOcspClientCallback(
                 [fn = WeakCallable(cb)](TlsConnection& conn, BytesView resp) {
                   return Guarded(-1, [&] {
                     return fn(PyConn(conn), ::py::bytes(resp.data(), resp.size())).cast<int>();
                   });
                 }));
           })
      .def("set_cookie_generate_callback",
           [](TlsContext& c, ::py::object cb) {
             c.SetCookieGenerateCallback([fn = WeakCallable(cb)](TlsConnection& conn) {
               return Guarded(std::optional<Bytes>(), [&]() -> std::optional<Bytes> {
                 ::py::object r = fn(PyConn(conn));
                 if (r.is_none()) return std::nullopt;
                 return r.cast<std::string>();
               });
             });
           })
      .def("set_cookie_verify_callback", [](TlsContext& c, ::py::object cb) {
        c.SetCookieVerifyCallback([fn = WeakCallable(cb)](TlsConnection& conn, BytesView cookie) {
          return Guarded(false, [&] {
            return ::py::bool_(fn(PyConn(conn), ::py::bytes(cookie.data(), cookie.size())))
                .cast<bool>();
          });
        });
      });

  ::py::class_<TlsConnection>(m, "TlsConnection", ::py::dynamic_attr())
      .def_static("memory",
                  [](std::shared_ptr<TlsContext> c) {
                    return ValueOrThrow(TlsConnection::NewWithMemoryBio(std::move(c)));
                  })
      .def_static("with_fd",
                  [](std::shared_ptr<TlsContext> c, int fd) {
                    return ValueOrThrow(TlsConnection::NewWithFd(std::move(c), fd));
                  })
      .def_property_readonly("uses_memory_bio", &TlsConnection::uses_memory_bio)
      .def_property_readonly("context", &TlsConnection::context)
      .def("set_context",
           [](TlsConnection& c, std::shared_ptr<TlsContext> ctx) {
             ThrowIfError(c.SetContext(std::move(ctx)));
           })
      .def("do_handshake",
           [](TlsConnection& c) {
             TlsIo io = RunIo(c, [&] { return c.DoHandshake(); });
             return IoTuple(io, ::py::int_(io.result));
           })
      .def("connect",
           [](TlsConnection& c) {
             TlsIo io = RunIo(c, [&] { return c.Connect(); });
             return IoTuple(io, ::py::int_(io.result));
           })
      .def("accept",
           [](TlsConnection& c) {
             TlsIo io = RunIo(c, [&] { return c.Accept(); });
             return IoTuple(io, ::py::int_(io.result));
           })
      .def("read",
           [](TlsConnection& c, int size, bool peek) {
             UninitBytes buf(size);
             TlsIo io = RunIo(c, [&] { return c.Read(buf.data(), buf.size(), peek); });
             int n = io.status == TlsIoStatus::kOk && io.result > 0 ? io.result : 0;
             return IoTuple(io, buf.Take(n));
           })
      // recv_into's path: SSL_read straight into the caller's writable buffer
      // (no temporary bytes, no second copy). The buffer export held by
      // `info` keeps a bytearray from being resized while the GIL is released.
      .def("read_into",
           [](TlsConnection& c, const ::py::buffer& target, int size, bool peek) {
             ::py::buffer_info info = target.request(/*writable=*/true);
             int capacity = static_cast<int>(
                 std::min<ssize_t>(info.size * info.itemsize, std::numeric_limits<int>::max()));
             char* out = static_cast<char*>(info.ptr);
             TlsIo io = RunIo(c, [&] { return c.Read(out, std::clamp(size, 0, capacity), peek); });
             int n = io.status == TlsIoStatus::kOk && io.result > 0 ? io.result : 0;
             return IoTuple(io, ::py::int_(n));
           })
      .def("write",
           [](TlsConnection& c, const ::py::buffer& data, ssize_t offset, int size) {
             ::py::buffer_info info = data.request();
             // The caller's slice must lie inside the buffer: SSL_write would
             // otherwise read (and send) whatever memory follows it.
             const ssize_t length = info.size * info.itemsize;
             if (offset < 0 || size < 0 || offset > length || size > length - offset) {
               throw ::py::value_error("write: offset " + std::to_string(offset) + " and size " +
                                       std::to_string(size) + " lie outside a buffer of " +
                                       std::to_string(length) + " bytes");
             }
             const char* p = static_cast<const char*>(info.ptr) + offset;
             TlsIo io = RunIo(c, [&] { return c.Write(p, size); });
             return IoTuple(io, ::py::int_(io.result));
           })
      .def("shutdown",
           [](TlsConnection& c) {
             TlsIo io = RunIo(c, [&] { return c.Shutdown(); });
             return IoTuple(io, ::py::int_(io.result));
           })
      .def("bio_read",
           [](TlsConnection& c, int size) {
             ConnectionGuard guard(c);
             // Allocate what is pending, not `size`: callers ask for up to
             // 1 MiB per pump, and a 1 MiB buffer per call is an mmap each.
             UninitBytes buf(static_cast<int>(
                 std::min<size_t>(static_cast<size_t>(std::max(size, 0)), c.bio_pending())));
             TlsIo io = c.BioRead(buf.data(), buf.size());
             return IoTuple(io, buf.Take(io.result > 0 ? io.result : 0));
           })
      .def("bio_write",
           [](TlsConnection& c, const ::py::buffer& data) {
             ::py::buffer_info info = data.request();
             ConnectionGuard guard(c);
             TlsIo io = c.BioWrite(static_cast<const char*>(info.ptr),
                                   static_cast<int>(info.size * info.itemsize));
             return IoTuple(io, ::py::int_(io.result));
           })
      .def("bio_shutdown", &TlsConnection::BioShutdown)
      .def("dtls_listen",
           [](TlsConnection& c) {
             TlsIo io = RunIo(c, [&] { return c.DtlsListen(); });
             return IoTuple(io, ::py::int_(io.result));
           })
      .def("set_connect_state", &TlsConnection::SetConnectState)
      .def("set_accept_state", &TlsConnection::SetAcceptState)
      .def_property_readonly("is_server", &TlsConnection::is_server)
      .def_property_readonly("is_init_finished", &TlsConnection::is_init_finished)
      .def("pending", &TlsConnection::pending)
      .def("want_read", &TlsConnection::want_read)
      .def("want_write", &TlsConnection::want_write)
      .def("get_shutdown",
           [](const TlsConnection& c) { return static_cast<int>(c.shutdown_state()); })
      .def("set_shutdown",
           [](TlsConnection& c, int state) {
             c.set_shutdown_state(static_cast<TlsShutdownState>(state));
           })
      .def("state_string", [](TlsConnection& c) { return ::py::bytes(c.state_string()); })
      .def("renegotiate", [](TlsConnection& c) { ThrowIfError(c.Renegotiate()); })
      .def("renegotiate_pending", &TlsConnection::renegotiate_pending)
      .def("total_renegotiations", &TlsConnection::total_renegotiations)
      .def("set_options", &TlsConnection::SetOptions)
      .def("set_verify", &SetVerify<TlsConnection>)
      .def_property_readonly(
          "verify_mode", [](const TlsConnection& c) { return static_cast<int>(c.verify_mode()); })
      .def("set_info_callback", &SetInfo<TlsConnection>)
      .def("use_certificate",
           [](TlsConnection& c, const Certificate& x) { ThrowIfError(c.UseCertificate(x)); })
      .def("use_privatekey",
           [](TlsConnection& c, const Key& k) { ThrowIfError(c.UsePrivateKey(k)); })
      .def("set_tlsext_host_name",
           [](TlsConnection& c, const std::string& n) { ThrowIfError(c.SetTlsextHostName(n)); })
      .def("set_alpn_protos",
           [](TlsConnection& c, const ::py::bytes& wire) {
             ThrowIfError(c.SetAlpnProtos(std::string_view(wire)));
           })
      .def("set_session",
           [](TlsConnection& c, const TlsSession& s) { ThrowIfError(c.SetSession(s)); })
      .def("request_ocsp", [](TlsConnection& c) { ThrowIfError(c.RequestOcsp()); })
      .def("set_mtu", &TlsConnection::SetMtu)
      .def("data_mtu", [](TlsConnection& c) { return ValueOrThrow(c.DataMtu()); })
      .def("dtls_timeout", &TlsConnection::DtlsTimeout)
      .def("dtls_handle_timeout",
           [](TlsConnection& c) {
             bool r = false;
             RunIo(c, [&] {
               r = c.DtlsHandleTimeout();
               return TlsIo{};
             });
             return r;
           })
      .def("servername",
           [](TlsConnection& c) -> ::py::object {
             auto n = c.servername();
             if (!n) return ::py::none();
             return ::py::bytes(*n);
           })
      .def("certificate", &TlsConnection::certificate)
      .def("peer_certificate", &TlsConnection::peer_certificate)
      .def("peer_cert_chain", &TlsConnection::peer_cert_chain)
      .def("verified_chain", &TlsConnection::verified_chain)
      .def("cipher_list", &TlsConnection::cipher_list)
      .def("client_ca_list", &TlsConnection::client_ca_list)
      .def("session", &TlsConnection::session)
      .def("server_random",
           [](TlsConnection& c) -> ::py::object {
             auto v = c.server_random();
             return v ? ::py::object(::py::bytes(*v)) : ::py::none();
           })
      .def("client_random",
           [](TlsConnection& c) -> ::py::object {
             auto v = c.client_random();
             return v ? ::py::object(::py::bytes(*v)) : ::py::none();
           })
      .def("master_key",
           [](TlsConnection& c) -> ::py::object {
             auto v = c.master_key();
             return v ? ::py::object(::py::bytes(*v)) : ::py::none();
           })
      .def("export_keying_material",
           [](TlsConnection& c, const ::py::bytes& label, size_t n, ::py::object context) {
             std::optional<Bytes> ctx;
             if (!context.is_none()) ctx = context.cast<std::string>();
             return ::py::bytes(
                 ValueOrThrow(c.ExportKeyingMaterial(std::string_view(label), n, ctx)));
           })
      .def("finished",
           [](TlsConnection& c) -> ::py::object {
             auto v = c.finished();
             return v ? ::py::object(::py::bytes(*v)) : ::py::none();
           })
      .def("peer_finished",
           [](TlsConnection& c) -> ::py::object {
             auto v = c.peer_finished();
             return v ? ::py::object(::py::bytes(*v)) : ::py::none();
           })
      .def("cipher_name", &TlsConnection::cipher_name)
      .def("cipher_bits", &TlsConnection::cipher_bits)
      .def("cipher_version", &TlsConnection::cipher_version)
      .def("protocol_version_name", &TlsConnection::protocol_version_name)
      .def("protocol_version",
           [](const TlsConnection& c) { return static_cast<int>(c.protocol_version()); })
      .def("alpn_selected", [](TlsConnection& c) { return ::py::bytes(c.alpn_selected()); })
      .def("selected_srtp_profile",
           [](TlsConnection& c) { return ::py::bytes(c.selected_srtp_profile()); })
      .def("group_name", &TlsConnection::group_name);
}

}  // namespace cryptoshim::py
