// The WebPKI verifier (cryptoshim/verifier.h): option validation, a real
// chain built here with OpenSSL, and one test per profile rule that mutates
// that chain so exactly the rule under test is violated.
#include "cryptoshim/verifier.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catch_compat.h"
#include "cryptoshim/certificate_lint.h"
#include "test_support.h"

namespace cryptoshim {
namespace {

constexpr int64_t kNow = 1700000000;  // 2023-11-14, inside every validity window below

struct Spec {
  std::string cn;
  bool ca = false;
  long serial = 1;
  std::vector<std::pair<int, std::string>> extensions;  // (nid, X509V3 config value)
  const char* curve = "P-256";
  int rsa_bits = 0;  // non-zero: an RSA key of this size instead of EC
  const char* digest = "SHA256";
  int64_t not_before = kNow - 86400;
  int64_t not_after = kNow + 86400;
  EVP_PKEY* reuse_key = nullptr;  // borrowed: certify this key instead of a new one
};

using Node = test::TestCert;

// Default extensions for a CA or a server end-entity; a spec overrides one by
// listing the same nid (an empty value drops it).
std::vector<std::pair<int, std::string>> DefaultExtensions(const Spec& s) {
  if (s.ca) {
    return {{NID_basic_constraints, "critical,CA:TRUE"},
            {NID_key_usage, "critical,keyCertSign,cRLSign"},
            {NID_subject_key_identifier, "hash"},
            {NID_authority_key_identifier, "keyid:always"}};
  }
  return {{NID_basic_constraints, "CA:FALSE"},  {NID_key_usage, "critical,digitalSignature"},
          {NID_ext_key_usage, "serverAuth"},    {NID_subject_alt_name, "DNS:" + s.cn},
          {NID_subject_key_identifier, "hash"}, {NID_authority_key_identifier, "keyid:always"}};
}

Node Issue(const Spec& s, const Node* issuer) {
  test::CertSpec c;
  c.cn = s.cn;
  c.serial = s.serial;
  c.curve = s.curve;
  c.rsa_bits = s.rsa_bits;
  c.digest = s.digest;
  c.not_before = s.not_before;
  c.not_after = s.not_after;
  c.reuse_key = s.reuse_key;
  auto extensions = DefaultExtensions(s);
  for (const auto& [nid, value] : s.extensions) {
    bool replaced = false;
    for (auto& e : extensions) {
      if (e.first == nid) {
        e.second = value;
        replaced = true;
      }
    }
    if (!replaced) extensions.emplace_back(nid, value);
  }
  for (const auto& [nid, value] : extensions) {
    if (value.empty()) continue;
    // Self-signed roots have no issuer key to point at.
    if (nid == NID_authority_key_identifier && issuer == nullptr) continue;
    c.extensions.emplace_back(nid, value);
  }
  return test::IssueCert(c, issuer);
}

struct Chain {
  Node root, ica, leaf;
};

Chain MakeChain(Spec root = {"Root CA", true}, Spec ica = {"Intermediate CA", true},
                Spec leaf = {"example.com"}) {
  Node r = Issue(root, nullptr);
  Node i = Issue(ica, &r);
  Node l = Issue(leaf, &i);
  return Chain{std::move(r), std::move(i), std::move(l)};
}

VerifierOptions ServerOptions(const Chain& c, const std::string& host = "example.com") {
  VerifierOptions o;
  o.trust_anchors.push_back(c.root.cert.Share());
  o.peer_name = PeerName{PeerNameKind::kDns, host};
  o.validation_time = kNow;
  return o;
}

StatusOr<VerifiedChain> Run(const Chain& c, VerifierOptions o) {
  auto verifier = Verifier::New(std::move(o));
  REQUIRE(verifier.ok());
  std::vector<Certificate> intermediates;
  intermediates.push_back(c.ica.cert.Share());
  return verifier->Verify(c.leaf.cert, intermediates);
}

// The chain is rejected, for the expected reason.
void RequireRejected(const StatusOr<VerifiedChain>& r, const std::string& reason) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kVerifyFailed);
  INFO(r.status().message());
  CHECK(r.status().message().find(reason) != std::string::npos);
}

Spec Leaf(std::vector<std::pair<int, std::string>> extensions, std::string cn = "example.com") {
  Spec s{std::move(cn)};
  s.extensions = std::move(extensions);
  return s;
}

Spec Ica(std::vector<std::pair<int, std::string>> extensions) {
  Spec s{"Intermediate CA", true};
  s.extensions = std::move(extensions);
  return s;
}

TEST_CASE("Verifier::New refuses unusable options", "[verifier]") {
  VerifierOptions none;
  none.peer_name = PeerName{PeerNameKind::kDns, "example.com"};
  CHECK(Verifier::New(std::move(none)).status().code() == ErrorCode::kInvalidArgument);

  Chain c = MakeChain();
  VerifierOptions no_name = ServerOptions(c);
  no_name.peer_name.reset();
  CHECK(Verifier::New(std::move(no_name)).status().code() == ErrorCode::kInvalidArgument);

  VerifierOptions underscore = ServerOptions(c, "foo_bar.example.com");
  CHECK(Verifier::New(std::move(underscore)).status().code() == ErrorCode::kInvalidArgument);

  VerifierOptions weak = ServerOptions(c);
  weak.minimum_rsa_bits = 1024;
  CHECK(Verifier::New(std::move(weak)).status().code() == ErrorCode::kInvalidArgument);

  VerifierOptions deep = ServerOptions(c);
  deep.max_chain_depth = 256;
  CHECK(Verifier::New(std::move(deep)).status().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("a conforming chain verifies and is returned leaf to anchor", "[verifier]") {
  Chain c = MakeChain();
  auto r = Run(c, ServerOptions(c));
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->chain.size() == 3);
  CHECK(X509_cmp(r->chain[0].get0(), c.leaf.cert.get0()) == 0);
  CHECK(X509_cmp(r->chain[1].get0(), c.ica.cert.get0()) == 0);
  CHECK(X509_cmp(r->chain[2].get0(), c.root.cert.get0()) == 0);
}

TEST_CASE("the peer name must be in the SAN, wildcards cover one label", "[verifier]") {
  Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                      Leaf({{NID_subject_alt_name, "DNS:*.example.com"}}, "*.example.com"));
  CHECK(Run(c, ServerOptions(c, "www.example.com")).ok());
  RequireRejected(Run(c, ServerOptions(c, "a.b.example.com")), "no subjectAltName matches");
  RequireRejected(Run(c, ServerOptions(c, "example.com")), "no subjectAltName matches");
}

TEST_CASE("a CN that copies no SAN entry verifies; only the issuance lint refuses it",
          "[verifier]") {
  Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                      Leaf({{NID_subject_alt_name, "DNS:example.com"}}, "other.example.com"));
  auto r = Run(c, ServerOptions(c));
  INFO(r.status().ToString());
  CHECK(r.ok());
  std::optional<std::string> lint = LintCommonName(c.leaf.cert);
  REQUIRE(lint.has_value());
  CHECK(lint->find("commonName is not a copy") != std::string::npos);
  Chain ok = MakeChain();
  CHECK_FALSE(LintCommonName(ok.leaf.cert).has_value());
}

TEST_CASE("a wildcard over a public suffix never matches (libpsl)", "[verifier]") {
  for (const char* suffix : {"com", "co.uk", "s3.amazonaws.com"}) {
    std::string host = std::string("example.") + suffix;
    Chain c = MakeChain(
        {"Root CA", true}, {"Intermediate CA", true},
        Leaf({{NID_subject_alt_name, std::string("DNS:*.") + suffix + ",DNS:" + host}}, host));
    INFO(suffix);
    // The exact entry still matches; the wildcard does not.
    CHECK(Run(c, ServerOptions(c, host)).ok());
    RequireRejected(Run(c, ServerOptions(c, std::string("other.") + suffix)),
                    "no subjectAltName matches");
  }
  Chain below = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                          Leaf({{NID_subject_alt_name, "DNS:*.example.co.uk"}}, "*.example.co.uk"));
  CHECK(Run(below, ServerOptions(below, "www.example.co.uk")).ok());
}

TEST_CASE("a trust anchor without keyUsage is accepted, an intermediate is not", "[verifier]") {
  Spec root{"Root CA", true};
  root.extensions = {{NID_key_usage, ""}};
  Chain c = MakeChain(root);
  auto r = Run(c, ServerOptions(c));
  INFO(r.status().ToString());
  CHECK(r.ok());
  Spec anchored_ku{"Root CA", true};
  anchored_ku.extensions = {{NID_key_usage, "critical,digitalSignature"}};
  Chain held = MakeChain(anchored_ku);
  RequireRejected(Run(held, ServerOptions(held)), "keyCertSign");
}

TEST_CASE("the RFC 5280 leaf profile accepts a CA leaf without EKU, WebPKI does not",
          "[verifier]") {
  Spec leaf{"example.com"};
  leaf.extensions = {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                     {NID_key_usage, "critical,keyCertSign"},
                     {NID_ext_key_usage, ""}};
  Spec ica{"Intermediate CA", true};
  ica.extensions = {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"}};
  Chain c = MakeChain({"Root CA", true}, ica, leaf);
  RequireRejected(Run(c, ServerOptions(c)), "cA must not be set");
  VerifierOptions o = ServerOptions(c);
  o.leaf_profile = LeafProfile::kRfc5280;
  auto r = Run(c, std::move(o));
  INFO(r.status().ToString());
  CHECK(r.ok());
  // A present EKU must still allow the policy's usage.
  Chain client_only = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                                Leaf({{NID_ext_key_usage, "clientAuth"}}));
  VerifierOptions o2 = ServerOptions(client_only);
  o2.leaf_profile = LeafProfile::kRfc5280;
  RequireRejected(Run(client_only, std::move(o2)), "lacks the required usage");
}

TEST_CASE("notBefore and notAfter are inclusive to the second", "[verifier]") {
  Spec leaf{"example.com"};
  leaf.not_before = kNow - 10;
  leaf.not_after = kNow + 10;
  Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true}, leaf);
  for (int64_t t : {kNow - 10, kNow + 10}) {
    VerifierOptions o = ServerOptions(c);
    o.validation_time = t;
    CHECK(Run(c, std::move(o)).ok());
  }
  VerifierOptions late = ServerOptions(c);
  late.validation_time = kNow + 11;
  RequireRejected(Run(c, std::move(late)), "expired");
  VerifierOptions early = ServerOptions(c);
  early.validation_time = kNow - 11;
  RequireRejected(Run(c, std::move(early)), "not yet valid");
}

TEST_CASE("end-entity profile rules", "[verifier]") {
  SECTION("basicConstraints cA on the end-entity") {
    Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                        Leaf({{NID_basic_constraints, "critical,CA:TRUE"}}));
    RequireRejected(Run(c, ServerOptions(c)), "cA must not be set");
  }
  SECTION("SAN is required") {
    Chain c =
        MakeChain({"Root CA", true}, {"Intermediate CA", true}, Leaf({{NID_subject_alt_name, ""}}));
    RequireRejected(Run(c, ServerOptions(c)), "lacks subjectAltName");
  }
  SECTION("nameConstraints are not allowed") {
    Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                        Leaf({{NID_name_constraints, "permitted;DNS:example.com"}}));
    RequireRejected(Run(c, ServerOptions(c)), "nameConstraints must not appear");
  }
  SECTION("EKU must name serverAuth") {
    Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                        Leaf({{NID_ext_key_usage, "clientAuth"}}));
    RequireRejected(Run(c, ServerOptions(c)), "lacks the required usage");
  }
  SECTION("keyCertSign is a CA usage") {
    Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                        Leaf({{NID_key_usage, "critical,digitalSignature,keyCertSign"}}));
    RequireRejected(Run(c, ServerOptions(c)), "keyCertSign");
  }
  SECTION("required key usage") {
    Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                        Leaf({{NID_key_usage, "critical,keyAgreement"}}));
    VerifierOptions o = ServerOptions(c);
    o.required_key_usage = static_cast<unsigned>(KeyUsageBit::kDigitalSignature);
    RequireRejected(Run(c, std::move(o)), "lacks a required usage");
  }
  SECTION("zero serial numbers") {
    Spec leaf{"example.com"};
    leaf.serial = 0;
    Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true}, leaf);
    RequireRejected(Run(c, ServerOptions(c)), "serial number is zero");
  }
}

TEST_CASE("CA profile rules", "[verifier]") {
  SECTION("basicConstraints must be critical") {
    Chain c = MakeChain({"Root CA", true}, Ica({{NID_basic_constraints, "CA:TRUE"}}));
    RequireRejected(Run(c, ServerOptions(c)), "basicConstraints must be critical");
  }
  SECTION("keyUsage must be present") {
    Chain c = MakeChain({"Root CA", true}, Ica({{NID_key_usage, ""}}));
    RequireRejected(Run(c, ServerOptions(c)), "lacks keyUsage");
  }
  SECTION("keyUsage must assert keyCertSign") {
    Chain c = MakeChain({"Root CA", true}, Ica({{NID_key_usage, "critical,digitalSignature"}}));
    RequireRejected(Run(c, ServerOptions(c)), "keyCertSign");
  }
  SECTION("pathLenConstraint 0 on the root forbids an intermediate") {
    Spec root{"Root CA", true};
    root.extensions = {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"}};
    Chain c = MakeChain(root);
    RequireRejected(Run(c, ServerOptions(c)), "path length");
  }
  SECTION("max chain depth 0 forbids an intermediate") {
    Chain c = MakeChain();
    VerifierOptions o = ServerOptions(c);
    o.max_chain_depth = 0;
    RequireRejected(Run(c, std::move(o)), "maximum chain depth");
  }
  SECTION("AKI must not carry the issuer name and serial") {
    Chain c = MakeChain({"Root CA", true},
                        Ica({{NID_authority_key_identifier, "keyid:always,issuer:always"}}));
    RequireRejected(Run(c, ServerOptions(c)), "authorityCertIssuer");
  }
  SECTION("name constraints exclude the leaf's SAN") {
    Chain c = MakeChain({"Root CA", true},
                        Ica({{NID_name_constraints, "critical,excluded;DNS:example.com"}}));
    RequireRejected(Run(c, ServerOptions(c)), "excluded name constraint");
  }
  SECTION("a leading-period DNS constraint is malformed") {
    Chain c = MakeChain({"Root CA", true},
                        Ica({{NID_name_constraints, "critical,permitted;DNS:.example.com"}}));
    RequireRejected(Run(c, ServerOptions(c)), "malformed DNS name constraint");
  }
  SECTION("a permitted DNS constraint admits subdomains") {
    Chain c = MakeChain({"Root CA", true},
                        Ica({{NID_name_constraints, "critical,permitted;DNS:example.com"}}));
    CHECK(Run(c, ServerOptions(c)).ok());
  }
}

TEST_CASE("keys and signature algorithms outside the CABF lists", "[verifier]") {
  SECTION("SHA-1 signatures") {
    Spec leaf{"example.com"};
    leaf.digest = "SHA1";
    Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true}, leaf);
    RequireRejected(Run(c, ServerOptions(c)), "signature algorithm is not permitted");
  }
  SECTION("P-224 keys") {
    Spec ica{"Intermediate CA", true};
    ica.curve = "P-224";
    Chain c = MakeChain({"Root CA", true}, ica);
    RequireRejected(Run(c, ServerOptions(c)), "public key algorithm is not permitted");
  }
  SECTION("RSA moduli below 2048 bits or not a multiple of 8") {
    for (int bits : {1024, 2047 + 8}) {
      Spec ica{"Intermediate CA", true};
      ica.rsa_bits = bits;
      Chain c = MakeChain({"Root CA", true}, ica);
      RequireRejected(Run(c, ServerOptions(c)), bits == 1024 ? "too small" : "multiple of 8");
    }
  }
}

TEST_CASE("backtracking finds the path the first candidate cannot give", "[verifier]") {
  // Two certificates for the same intermediate name and key: the first one
  // offered has expired, so the builder must go back and try the second.
  Chain c = MakeChain();
  Spec expired{"Intermediate CA", true};
  expired.not_after = kNow - 3600;
  expired.serial = 7;
  expired.reuse_key = c.ica.key.get0();
  Node bad = Issue(expired, &c.root);
  auto verifier = Verifier::New(ServerOptions(c));
  REQUIRE(verifier.ok());
  std::vector<Certificate> intermediates;
  intermediates.push_back(bad.cert.Share());
  intermediates.push_back(c.ica.cert.Share());
  auto r = verifier->Verify(c.leaf.cert, intermediates);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(X509_cmp(r->chain[1].get0(), c.ica.cert.get0()) == 0);
}

TEST_CASE("client verification returns the SAN names", "[verifier]") {
  Chain c = MakeChain({"Root CA", true}, {"Intermediate CA", true},
                      Leaf({{NID_ext_key_usage, "clientAuth"},
                            {NID_subject_alt_name, "email:user@example.com,IP:192.0.2.1"}},
                           "User"));
  VerifierOptions o;
  o.kind = ValidationKind::kClient;
  o.trust_anchors.push_back(c.root.cert.Share());
  o.validation_time = kNow;
  auto r = Run(c, std::move(o));
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->subject_names.size() == 2);
  CHECK(r->subject_names[0].kind == PeerNameKind::kEmail);
  CHECK(r->subject_names[0].value == "user@example.com");
  CHECK(r->subject_names[1].kind == PeerNameKind::kIp);
  CHECK(r->subject_names[1].value == "192.0.2.1");
}

}  // namespace
}  // namespace cryptoshim
