// Module functions over TlsConnection/TlsSession/TlsContext for the
// M2Crypto-style drop-in: per-connection settings, the cipher stack and
// session serialisation (shims/.../m2crypto/tls_connection_details.h),
// and the certificate host name checks (certificate_host.h).
#include <pybind11/stl.h>

#include "cryptoshim/certificate_host.h"
#include "cryptoshim/shims/m2crypto/tls_connection_details.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

::py::tuple CipherTuple(const m2crypto::TlsCipherInfo& c) {
  return ::py::make_tuple(c.name, c.version, c.bits);
}

}  // namespace

void RegisterTlsDetails(::py::module_& m) {
  m.def("tls_verify_result", &m2crypto::TlsVerifyResult);
  m.def("tls_verify_error_string", &m2crypto::TlsVerifyErrorString);
  m.def("tls_set_connection_cipher_list", [](TlsConnection& c, const std::string& ciphers) {
    ThrowIfError(m2crypto::TlsSetConnectionCipherList(c, ciphers));
  });
  m.def("tls_set_connection_cipher_suites", [](TlsConnection& c, const std::string& suites) {
    ThrowIfError(m2crypto::TlsSetConnectionCipherSuites(c, suites));
  });
  m.def("tls_set_connection_session_id_context", [](TlsConnection& c, const ::py::bytes& id) {
    ThrowIfError(m2crypto::TlsSetConnectionSessionIdContext(c, std::string_view(id)));
  });
  m.def("tls_set_expected_host", [](TlsConnection& c, const std::string& host) {
    ThrowIfError(m2crypto::TlsSetExpectedHost(c, host));
  });
  m.def("tls_switch_to_memory_bio", [](TlsConnection& c) { ThrowIfError(c.SwitchToMemoryBio()); });
  m.def("tls_switch_to_fd", [](TlsConnection& c, int fd) { ThrowIfError(c.SwitchToFd(fd)); });
  m.def("tls_connection_fd", [](const TlsConnection& c) { return c.fd(); });
  m.def("tls_clear_connection",
        [](TlsConnection& c) { ThrowIfError(m2crypto::TlsClearConnection(c)); });
  m.def("tls_set_connection_client_ca_list_from_file",
        [](TlsConnection& c, const std::string& path) {
          ThrowIfError(m2crypto::TlsSetConnectionClientCaListFromFile(c, path));
        });
  m.def("tls_context_set_tmp_dh", [](TlsContext& c, const Key& params) {
    ThrowIfError(m2crypto::TlsContextSetTmpDh(c, params));
  });
  m.def("tls_state_string_short", &m2crypto::TlsStateStringShort);
  m.def("tls_alert_type_string", &m2crypto::TlsAlertTypeString);
  m.def("tls_alert_desc_string", &m2crypto::TlsAlertDescString);
  m.def("tls_context_set_dh_auto",
        [](TlsContext& c) { ThrowIfError(m2crypto::TlsContextSetDhAuto(c)); });
  // Inside a verify callback: the chain built so far (leaf first); None outside.
  m.def("tls_verify_chain_in_progress", [](const TlsConnection& c) -> ::py::object {
    const TlsVerifyArgs* args = c.verify_in_progress();
    if (args == nullptr) return ::py::none();
    ::py::list out;
    for (Certificate& cert : args->Chain()) out.append(::py::cast(std::move(cert)));
    return out;
  });
  m.def("tls_connection_mode", &m2crypto::TlsConnectionMode);
  m.def("tls_set_connection_mode", &m2crypto::TlsSetConnectionMode);
  m.def("tls_connection_verify_depth", &m2crypto::TlsConnectionVerifyDepth);
  m.def("tls_default_session_timeout", &m2crypto::TlsDefaultSessionTimeout);
  // Each cipher as (name, version, bits).
  m.def("tls_connection_ciphers", [](const TlsConnection& c) {
    ::py::list out;
    for (const m2crypto::TlsCipherInfo& info : m2crypto::TlsConnectionCiphers(c))
      out.append(CipherTuple(info));
    return out;
  });
  m.def("tls_current_cipher", [](const TlsConnection& c) -> ::py::object {
    std::optional<m2crypto::TlsCipherInfo> info = m2crypto::TlsCurrentCipher(c);
    if (!info) return ::py::none();
    return CipherTuple(*info);
  });
  m.def("tls_session_pem",
        [](const TlsSession& s) { return ::py::bytes(ValueOrThrow(m2crypto::TlsSessionPem(s))); });
  m.def("tls_session_der",
        [](const TlsSession& s) { return ::py::bytes(ValueOrThrow(m2crypto::TlsSessionDer(s))); });
  m.def("tls_session_text",
        [](const TlsSession& s) { return ::py::bytes(ValueOrThrow(m2crypto::TlsSessionText(s))); });
  m.def("tls_session_from_pem", [](const ::py::bytes& pem) {
    return ValueOrThrow(m2crypto::TlsSessionFromPem(std::string_view(pem)));
  });
  m.def("tls_session_time", &m2crypto::TlsSessionTime);
  m.def("tls_session_timeout", &m2crypto::TlsSessionTimeout);
  m.def("tls_set_session_time", &m2crypto::TlsSetSessionTime);
  m.def("tls_set_session_timeout", &m2crypto::TlsSetSessionTimeout);
  m.def("tls_context_add_session", &m2crypto::TlsContextAddSession);
  m.def("tls_context_remove_session", &m2crypto::TlsContextRemoveSession);
  m.def("tls_context_set_session_cache_size", &m2crypto::TlsContextSetSessionCacheSize);
  // Post-handshake host name checks (X509_check_host / X509_check_ip_asc).
  m.def("certificate_check_host", &CheckHost);
  m.def("certificate_check_ip", &CheckIpAddress);
  // [(GEN_* type, bytes)] of the subjectAltName.
  m.def("certificate_subject_alt_names", [](const Certificate& cert) {
    ::py::list out;
    for (const GeneralNameEntry& e : ValueOrThrow(SubjectAltNames(cert)))
      out.append(::py::make_tuple(e.type, ::py::bytes(e.value)));
    return out;
  });
}

}  // namespace cryptoshim::py
