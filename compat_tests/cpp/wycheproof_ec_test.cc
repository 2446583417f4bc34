// Wycheproof vectors for the core's elliptic-curve and DSA primitives: ECDSA
// and DSA verification (DER and IEEE P1363), EdDSA, ECDH and X25519/X448.
#include "cryptoshim/key_agreement.h"
#include "cryptoshim/key_raw.h"
#include "cryptoshim/key_signature.h"
#include "cryptoshim/key_strict_der.h"
#include "wycheproof_keys.h"

namespace cryptoshim::testing {
namespace {

using nlohmann::json;

bool IsP1363Schema(const json& doc) {
  return doc["schema"].get<std::string>().find("p1363") != std::string::npos;
}

// ECDSA and DSA verification share everything but the vectors.
FileRunnerFactory DsaStyleVerifier() {
  return [](const std::string&, const json& doc) -> TestFn {
    auto keys = NewKeyCache();
    DsaSignatureEncoding encoding =
        IsP1363Schema(doc) ? DsaSignatureEncoding::kIeeeP1363 : DsaSignatureEncoding::kDer;
    return [keys, encoding](const json& g, const json& t) -> TestResult {
      auto& key = keys->Get(g, [&] { return GroupPublicKeyDer(g); });
      if (!key.ok()) return FromStatus(key.status());
      SignatureOptions options;
      options.digest = g["sha"].get<std::string>();
      options.dsa_encoding = encoding;
      return FromStatus(Verify(*key, Unhex(t["sig"]), Unhex(t["msg"]), options));
    };
  };
}

TEST_CASE("Wycheproof ECDSA verify (DER and P1363)", "[wycheproof][ecdsa]") {
  // Every curve present is run: the curve comes from the key, so secp256k1
  // or Brainpool files would be picked up too (OpenSSL 3.0 has both).
  RunWycheproofFamily("ecdsa-verify", R"(ecdsa_.*_test\.json)", {}, DsaStyleVerifier());
}

TEST_CASE("Wycheproof DSA verify (DER and P1363)", "[wycheproof][dsa]") {
  RunWycheproofFamily("dsa-verify", R"(dsa_.*_test\.json)", kDsaVerifyPolicy, DsaStyleVerifier());
}

TEST_CASE("Wycheproof EdDSA verify", "[wycheproof][eddsa]") {
  RunWycheproofFamily(
      "eddsa-verify", R"(ed(25519|448)_test\.json)", {},
      [](const std::string&, const json&) -> TestFn {
        auto keys = NewKeyCache();
        return [keys](const json& g, const json& t) -> TestResult {
          auto& key = keys->Get(g, [&] { return GroupPublicKeyDer(g); });
          if (!key.ok()) return FromStatus(key.status());
          return FromStatus(Verify(*key, Unhex(t["sig"]), Unhex(t["msg"]), SignatureOptions{}));
        };
      });
}

StatusOr<Bytes> Agree(const StatusOr<Key>& private_key, const StatusOr<Key>& peer) {
  if (!private_key.ok()) return private_key.status();
  if (!peer.ok()) return peer.status();
  CS_ASSIGN_OR_RETURN(KeyAgreement agreement, KeyAgreement::New(*private_key));
  return agreement.ComputeSharedSecret(*peer);
}

// The peer public key of an ECDH vector, by the file's encoding.
std::optional<StatusOr<Key>> EcdhPeer(const std::string& encoding, const std::string& curve,
                                      const json& t) {
  if (encoding == "asn") return LoadPublicKeyStrictDer(Unhex(t["public"]));
  if (encoding == "ecpoint") return EcPublicKeyFromPoint(curve, Unhex(t["public"]));
  if (encoding == "pem") return LoadPublicKey(t["public"].get<std::string>(), Encoding::kPem);
  return std::nullopt;  // webcrypto: JWK
}

TEST_CASE("Wycheproof ECDH", "[wycheproof][ecdh]") {
  RunWycheproofFamily(
      "ecdh", R"(ecdh_.*_test\.json)", kEcdhPolicy, [](const std::string&, const json&) -> TestFn {
        // Many vectors share a private key, and building one (d * G) costs
        // more than the agreement itself.
        auto private_keys = std::make_shared<std::map<std::string, StatusOr<Key>>>();
        return [private_keys](const json& g, const json& t) -> TestResult {
          std::string curve = OpenSslCurveName(g["curve"]);
          std::string encoding = g.value("encoding", "asn");
          auto peer = EcdhPeer(encoding, curve, t);
          if (!peer) return TestResult::Skip("JWK (webcrypto) keys: the core has no JWK parser");
          std::string private_text = t["private"];
          auto it = private_keys->find(curve + private_text);
          if (it == private_keys->end()) {
            auto key = encoding == "pem" ? LoadPrivateKey(private_text, Encoding::kPem)
                                         : EcPrivateKeyFromScalar(curve, Unhex(private_text));
            it = private_keys->emplace(curve + private_text, std::move(key)).first;
          }
          return Matches(Agree(it->second, *peer), Unhex(t["shared"]));
        };
      });
}

TEST_CASE("Wycheproof X25519 and X448", "[wycheproof][xdh]") {
  RunWycheproofFamily(
      "xdh", R"(x(25519|448).*_test\.json)", kXdhPolicy,
      [](const std::string&, const json& doc) -> TestFn {
        std::string schema = doc["schema"];
        return [schema](const json& g, const json& t) -> TestResult {
          RawKeyType type = g["curve"] == "curve448" ? RawKeyType::kX448 : RawKeyType::kX25519;
          if (schema.rfind("xdh_comp_schema", 0) == 0) {
            return Matches(Agree(RawPrivateKey(type, Unhex(t["private"])),
                                 RawPublicKey(type, Unhex(t["public"]))),
                           Unhex(t["shared"]));
          }
          if (schema.rfind("xdh_asn_comp_schema", 0) == 0) {
            return Matches(Agree(LoadPrivateKey(Unhex(t["private"]), Encoding::kDer),
                                 LoadPublicKeyStrictDer(Unhex(t["public"]))),
                           Unhex(t["shared"]));
          }
          if (schema.rfind("xdh_pem_comp_schema", 0) == 0) {
            return Matches(Agree(LoadPrivateKey(t["private"].get<std::string>(), Encoding::kPem),
                                 LoadPublicKey(t["public"].get<std::string>(), Encoding::kPem)),
                           Unhex(t["shared"]));
          }
          return TestResult::Skip("JWK keys (" + schema + "): the core has no JWK parser");
        };
      });
}

TEST_CASE("P1363 and DER signature encodings convert strictly", "[ecdsa]") {
  // r = 1, s = 2 in both encodings for a 32-byte order.
  Bytes p1363(64, '\0');
  p1363[31] = 1;
  p1363[63] = 2;
  Bytes der("\x30\x06\x02\x01\x01\x02\x01\x02", 8);
  CHECK(*DsaSignatureP1363ToDer(p1363, 32) == der);
  CHECK(*DsaSignatureDerToP1363(der, 32) == p1363);
  CHECK(DsaSignatureP1363ToDer(p1363.substr(1), 32).status().code() == ErrorCode::kVerifyFailed);
  // Non-minimal length octets (BER) and trailing bytes are refused.
  Bytes ber("\x30\x81\x06\x02\x01\x01\x02\x01\x02", 9);
  CHECK(DsaSignatureDerToP1363(ber, 32).status().code() == ErrorCode::kVerifyFailed);
  CHECK(DsaSignatureDerToP1363(der + '\0', 32).status().code() == ErrorCode::kVerifyFailed);
  // A half wider than the order cannot be represented.
  CHECK(DsaSignatureDerToP1363(der, 0).status().code() == ErrorCode::kVerifyFailed);
}

TEST_CASE("ECDSA P1363 sign and verify round trip; key agreement refuses mismatches",
          "[ecdsa][ecdh]") {
  Bytes scalar(32, '\x11');
  auto key = EcPrivateKeyFromScalar("P-256", scalar);
  REQUIRE(key.ok());
  CHECK(key->Check().ok());
  SignatureOptions options;
  options.digest = "sha256";
  options.dsa_encoding = DsaSignatureEncoding::kIeeeP1363;
  auto sig = Sign(*key, "message", options);
  REQUIRE(sig.ok());
  CHECK(sig->size() == 64);
  CHECK(Verify(*key, *sig, "message", options).ok());
  CHECK(Verify(*key, *sig, "other", options).code() == ErrorCode::kVerifyFailed);
  options.digest = "shake256";  // RFC 8692: 512-bit SHAKE256 output
  auto shake_sig = Sign(*key, "message", options);
  REQUIRE(shake_sig.ok());
  CHECK(Verify(*key, *shake_sig, "message", options).ok());
  CHECK(EcPrivateKeyFromScalar("P-256", Bytes(32, '\0')).status().code() ==
        ErrorCode::kInvalidArgument);
  auto other_curve = EcPrivateKeyFromScalar("P-384", Bytes(48, '\x11'));
  REQUIRE(other_curve.ok());
  auto agreement = KeyAgreement::New(*key);
  REQUIRE(agreement.ok());
  CHECK(agreement->ComputeSharedSecret(*other_curve).status().code() ==
        ErrorCode::kInvalidArgument);
  auto x25519 = RawPrivateKey(RawKeyType::kX25519, Bytes(32, '\x22'));
  REQUIRE(x25519.ok());
  CHECK(agreement->ComputeSharedSecret(*x25519).status().code() == ErrorCode::kInvalidArgument);
  auto pub = key->PublicKey();
  REQUIRE(pub.ok());
  CHECK(KeyAgreement::New(*pub).status().code() == ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cryptoshim::testing
