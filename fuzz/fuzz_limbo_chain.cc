// The limbo-style chain input: a bundle of PEM certificates, read as
// "trust anchor, intermediates..., end-entity", through the WebPKI verifier
// (path building, profile checks, name constraints, OpenSSL confirmation).
// The verifier must reject or accept without crashing or running away on
// hostile chains.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cryptoshim/certificate.h"
#include "cryptoshim/verifier.h"

namespace {

std::vector<cryptoshim::Certificate> SplitPem(std::string_view text) {
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  std::vector<cryptoshim::Certificate> certs;
  while (certs.size() < 8) {
    size_t end = text.find(kEnd);
    if (end == std::string_view::npos) break;
    auto cert = cryptoshim::Certificate::Parse(text.substr(0, end + kEnd.size()),
                                               cryptoshim::Encoding::kPem);
    if (cert.ok()) certs.push_back(*std::move(cert));
    text.remove_prefix(end + kEnd.size());
  }
  return certs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<cryptoshim::Certificate> certs =
      SplitPem(std::string_view(reinterpret_cast<const char*>(data), size));
  if (certs.size() < 2) return 0;
  cryptoshim::VerifierOptions options;
  options.trust_anchors.push_back(std::move(certs.front()));
  options.peer_name = cryptoshim::PeerName{cryptoshim::PeerNameKind::kDns, "example.com"};
  options.validation_time = 1700000000;  // fixed, so a run is reproducible
  auto verifier = cryptoshim::Verifier::New(std::move(options));
  if (!verifier.ok()) return 0;
  std::vector<cryptoshim::Certificate> intermediates(std::make_move_iterator(certs.begin() + 1),
                                                     std::make_move_iterator(certs.end() - 1));
  (void)verifier->Verify(certs.back(), intermediates);
  return 0;
}
