// X.509 path validation under a WebPKI (CA/Browser Forum) profile, modelled on
// pyca/cryptography's PolicyBuilder / ServerVerifier / ClientVerifier.
//
// The verifier builds candidate paths itself (depth-first, with a signature
// budget against pathological inputs), checks every certificate of a
// candidate against the profile (webpki_profile.cc, name_constraints_check.cc),
// and has OpenSSL's X509_verify_cert confirm exactly that path with strict
// flags. A path is returned only when both agree, so each layer covers the
// other's gaps: OpenSSL lacks the CABF rules, and the profile does not
// re-implement signature checking, purpose checks or DN name constraints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/certificate.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// Which extendedKeyUsage the end-entity must carry.
enum class ValidationKind { kServer, kClient };

// The rules for the end-entity. kWebPki (CABF 7.1.2.7): cA must be false,
// keyCertSign absent, the EKU present and naming the policy's usage, and
// OpenSSL's TLS purpose check. kRfc5280: RFC 5280 alone, which puts no
// CA/EE condition on the leaf (4.2.1.9: the leaf is not an intermediate,
// so its own pathLen is not read either) and reads a missing EKU as "any
// usage" (4.2.1.12); a present EKU must still name the policy's usage or
// anyExtendedKeyUsage. Everything else, CAs included, is the same.
enum class LeafProfile { kWebPki, kRfc5280 };

enum class PeerNameKind { kDns, kIp, kEmail };

// A name the end-entity's subjectAltName must contain. IP values are text
// ("192.0.2.1", "::1"); DNS values are A-labels (no Unicode).
struct PeerName {
  PeerNameKind kind = PeerNameKind::kDns;
  std::string value;
};

// Key usages the caller may require of the end-entity (when it has keyUsage).
enum class KeyUsageBit : unsigned {
  kDigitalSignature = 0x80,
  kNonRepudiation = 0x40,
  kKeyEncipherment = 0x20,
  kDataEncipherment = 0x10,
  kKeyAgreement = 0x08,
  kKeyCertSign = 0x04,
  kCrlSign = 0x02,
};

// Move-only: it owns certificate and CRL handles.
struct VerifierOptions {
  VerifierOptions() = default;
  VerifierOptions(VerifierOptions&&) = default;
  VerifierOptions& operator=(VerifierOptions&&) = default;
  VerifierOptions(const VerifierOptions&) = delete;
  VerifierOptions& operator=(const VerifierOptions&) = delete;

  ValidationKind kind = ValidationKind::kServer;
  LeafProfile leaf_profile = LeafProfile::kWebPki;
  // Every certificate here is a trust anchor (it need not be self-signed).
  std::vector<Certificate> trust_anchors;
  // Required for kServer unless `check_peer_name` is false; ignored for
  // kClient, whose names are returned in VerifiedChain::subject_names.
  std::optional<PeerName> peer_name;
  // Store-context style callers run the profile without
  // knowing the peer; they must match the name themselves.
  bool check_peer_name = true;
  // Seconds since the epoch; unset means "now". notBefore and notAfter are
  // both inclusive (RFC 5280 4.1.2.5).
  std::optional<int64_t> validation_time;
  // Maximum number of intermediates, not counting the end-entity, the trust
  // anchor or self-issued intermediates (RFC 5280 6.1.4 (l)).
  int max_chain_depth = 8;
  int minimum_rsa_bits = 2048;
  // OR of KeyUsageBit values the end-entity's keyUsage must assert, if any.
  unsigned required_key_usage = 0;
  // When non-empty, revocation is checked for every certificate of the path
  // against these CRLs (a certificate without a CRL fails).
  std::vector<Crl> crls;
};

// A verified path, end-entity first and trust anchor last.
struct VerifiedChain {
  std::vector<Certificate> chain;
  // kClient: the end-entity's subjectAltName entries as PeerNames (DNS, IP
  // and email; other kinds omitted).
  std::vector<PeerName> subject_names;
};

class Verifier {
 public:
  Verifier(Verifier&&) = default;
  Verifier& operator=(Verifier&&) = default;
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // kInvalidArgument for unusable options: no trust anchor, depth out of
  // range, a malformed or missing peer name for kServer.
  static StatusOr<Verifier> New(VerifierOptions options);

  // The path on success. A rejected chain is ErrorCode::kVerifyFailed whose
  // message names the certificate and the rule; kInternal means OpenSSL
  // itself failed.
  StatusOr<VerifiedChain> Verify(const Certificate& leaf,
                                 const std::vector<Certificate>& intermediates) const;

  const VerifierOptions& options() const { return options_; }

 private:
  explicit Verifier(VerifierOptions options) : options_(std::move(options)) {}
  VerifierOptions options_;
};

}  // namespace cryptoshim
