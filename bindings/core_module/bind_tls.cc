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

#include "callback_bridge.h"
#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"
#include "register.h"
#include "status_conversion.h"
#include "tls_io_glue.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

::py::object PyConn(TlsConnection& conn) {
  return ::py::cast(&conn, ::py::return_value_policy::reference);
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
  ::py::dict tls;
  ::py::dict verify;
#define TLS_CONSTANT(name) tls[#name] = static_cast<long long>(name);
#define X509_VERIFY_CODE(name) verify[#name] = static_cast<long long>(X509_V_##name);
#include "tls_constants.inc"
#undef TLS_CONSTANT
#undef X509_VERIFY_CODE
  m.attr("TLS_CONSTANTS") = tls;
  m.attr("X509_VERIFY_CODES") = verify;
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

  // with_fd, the role setters, set_session, the I/O steps (do_handshake,
  // connect, accept, read, write, shutdown), servername and the state
  // accessors are plain methods: tls_connection_methods.cc.
  ::py::class_<TlsConnection>(m, "TlsConnection", ::py::dynamic_attr())
      .def_static("memory",
                  [](std::shared_ptr<TlsContext> c) {
                    return ValueOrThrow(TlsConnection::NewWithMemoryBio(std::move(c)));
                  })
      .def_property_readonly("uses_memory_bio", &TlsConnection::uses_memory_bio)
      .def_property_readonly("context", &TlsConnection::context)
      .def("set_context",
           [](TlsConnection& c, std::shared_ptr<TlsContext> ctx) {
             ThrowIfError(c.SetContext(std::move(ctx)));
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
