// _core.WebPkiVerifier: the WebPKI path validator (cryptoshim/verifier.h).
// cryptoshim.x509_verification wraps it in the PolicyBuilder-style API.
//
// Holder agreement: _core.Certificate (bind_x509.cc) and _core.Crl
// (bind_crl.cc) are taken by const reference and returned by value.
#include <pybind11/stl.h>

#include "cryptoshim/verifier.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {

namespace {

PeerNameKind ToPeerNameKind(const std::string& kind) {
  if (kind == "dns") return PeerNameKind::kDns;
  if (kind == "ip") return PeerNameKind::kIp;
  if (kind == "email") return PeerNameKind::kEmail;
  ThrowStatus(Status(ErrorCode::kInvalidArgument, "peer name kind must be dns, ip or email"));
}

const char* PeerNameKindText(PeerNameKind kind) {
  switch (kind) {
    case PeerNameKind::kDns:
      return "dns";
    case PeerNameKind::kIp:
      return "ip";
    case PeerNameKind::kEmail:
      return "email";
  }
  return "?";
}

std::vector<Certificate> CertificateCopies(::py::iterable items) {
  std::vector<Certificate> out;
  for (::py::handle item : items) out.push_back(CastCertificate(item).Share());
  return out;
}

std::vector<Crl> CrlCopies(::py::iterable items) {
  std::vector<Crl> out;
  for (::py::handle item : items) {
    // Crl has no Share(); take another reference on the same X509_CRL.
    const Crl& crl = item.cast<const Crl&>();
    X509_CRL_up_ref(crl.get0());
    out.emplace_back(SslUniquePtr<X509_CRL>(crl.get0()));
  }
  return out;
}

}  // namespace

void RegisterVerifier(::py::module_& m) {
  ::py::class_<Verifier, std::shared_ptr<Verifier>>(m, "WebPkiVerifier")
      .def(::py::init([](const std::string& kind, ::py::iterable anchors,
                         std::optional<std::pair<std::string, std::string>> peer_name,
                         bool check_peer_name, std::optional<std::int64_t> validation_time,
                         int max_chain_depth, unsigned required_key_usage, ::py::iterable crls) {
             VerifierOptions options;
             if (kind != "server" && kind != "client") {
               ThrowStatus(Status(ErrorCode::kInvalidArgument, "kind must be server or client"));
             }
             options.kind = kind == "server" ? ValidationKind::kServer : ValidationKind::kClient;
             options.trust_anchors = CertificateCopies(anchors);
             if (peer_name)
               options.peer_name = PeerName{ToPeerNameKind(peer_name->first), peer_name->second};
             options.check_peer_name = check_peer_name;
             options.validation_time = validation_time;
             options.max_chain_depth = max_chain_depth;
             options.required_key_usage = required_key_usage;
             options.crls = CrlCopies(crls);
             return ValueOrThrow(Verifier::New(std::move(options)));
           }),
           ::py::arg("kind"), ::py::arg("anchors"), ::py::arg("peer_name"),
           ::py::arg("check_peer_name"), ::py::arg("validation_time"), ::py::arg("max_chain_depth"),
           ::py::arg("required_key_usage"), ::py::arg("crls"))
      // (chain, subject_names): chain end-entity first; names as (kind, value).
      // A rejected chain raises _core.Error with code "verify_failed".
      .def("verify", [](const Verifier& v, const Certificate& leaf, ::py::iterable intermediates) {
        std::vector<Certificate> untrusted = CertificateCopies(intermediates);
        StatusOr<VerifiedChain> result = Status(ErrorCode::kInternal, "unset");
        {
          ::py::gil_scoped_release release;
          result = v.Verify(leaf, untrusted);
        }
        VerifiedChain verified = ValueOrThrow(std::move(result));
        ::py::list chain;
        for (Certificate& c : verified.chain) chain.append(::py::cast(std::move(c)));
        ::py::list names;
        for (const PeerName& n : verified.subject_names) {
          names.append(::py::make_tuple(PeerNameKindText(n.kind), n.value));
        }
        return ::py::make_tuple(chain, names);
      });
}

}  // namespace cryptoshim::py
