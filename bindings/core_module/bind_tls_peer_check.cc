// _core.tls_set_peer_check / _core.tls_peer_check_failure: the WebPKI
// verifier inside a client handshake (cryptoshim/tls_peer_check.h), driven
// by cryptoshim.policy's handshake checks for both drop-ins.
#include <pybind11/stl.h>

#include "cryptoshim/tls_peer_check.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {

void RegisterTlsPeerCheck(::py::module_& m) {
  m.def(
      "tls_set_peer_check",
      [](TlsConnection& conn, bool enabled, bool enforce,
         std::optional<std::pair<std::string, std::string>> peer_name) {
        if (!enabled) {
          ThrowIfError(SetTlsPeerCheck(conn, std::nullopt));
          return;
        }
        TlsPeerCheck check;
        check.enforce = enforce;
        if (peer_name) {
          if (peer_name->first != "dns" && peer_name->first != "ip") {
            ThrowStatus(Status(ErrorCode::kInvalidArgument, "peer name kind must be dns or ip"));
          }
          check.peer_name =
              PeerName{peer_name->first == "dns" ? PeerNameKind::kDns : PeerNameKind::kIp,
                       peer_name->second};
        }
        ThrowIfError(SetTlsPeerCheck(conn, std::move(check)));
      },
      ::py::arg("conn"), ::py::arg("enabled"), ::py::arg("enforce"), ::py::arg("peer_name"),
      "Runs (enabled) the WebPKI verifier on the server's chain in the client handshake, "
      "failing it when `enforce`; peer_name is (\"dns\"|\"ip\", text) or None.");
  m.def(
      "tls_peer_check_failure", [](const TlsConnection& conn) { return TlsPeerCheckFailure(conn); },
      ::py::arg("conn"), "Why the WebPKI verifier refused the last handshake's chain, or None.");
}

}  // namespace cryptoshim::py
