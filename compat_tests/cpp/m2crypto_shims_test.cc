// The M2Crypto shims and the core pieces they added (cipher_stream,
// legacy_provider, the m2 C interface).
#include <cstdlib>
#include <string>

#include "catch_compat.h"
#include "cryptoshim/cipher_stream.h"
#include "cryptoshim/key_generation.h"
#include "cryptoshim/shims/m2crypto/cipher.h"
#include "cryptoshim/shims/m2crypto/dh.h"
#include "cryptoshim/shims/m2crypto/dsa.h"
#include "cryptoshim/shims/m2crypto/m2_c_api.h"
#include "cryptoshim/shims/m2crypto/prehashed_signature.h"
#include "cryptoshim/shims/m2crypto/rsa.h"
#include "cryptoshim/shims/m2crypto/rsa_pkcs1_signature.h"
#include "hex.h"

namespace cs = cryptoshim;
namespace m2 = cryptoshim::m2crypto;
using cryptoshim::test::Hex;

TEST_CASE("CipherStream: AES-128-CBC matches the FIPS-197/SP800-38A vector", "[m2crypto]") {
  // SP 800-38A F.2.1, first block.
  std::string key("\x2b\x7e\x15\x16\x28\xae\xd2\xa6\xab\xf7\x15\x88\x09\xcf\x4f\x3c", 16);
  std::string iv("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16);
  std::string pt("\x6b\xc1\xbe\xe2\x2e\x40\x9f\x96\xe9\x3d\x7e\x11\x73\x93\x17\x2a", 16);
  auto c = cs::CipherStream::New("aes-128-cbc", key, iv, cs::CipherDirection::kEncrypt,
                                 cs::LegacyAlgorithms::kRefuse);
  REQUIRE(c.ok());
  REQUIRE(c->SetPadding(false).ok());
  auto out = c->Update(pt);
  REQUIRE(out.ok());
  auto fin = c->Finalize();  // after Update: separate statements
  REQUIRE(fin.ok());
  CHECK(Hex(*out + *fin) == "7649abac8119b246cee98e9b12e9197d");
  CHECK_FALSE(c->legacy());
}

TEST_CASE("Legacy ciphers come only from the private context", "[m2crypto]") {
  auto refused = cs::FetchCipherMaybeLegacy("bf-cbc", cs::LegacyAlgorithms::kRefuse);
  CHECK_FALSE(refused.ok());
  auto allowed = cs::FetchCipherMaybeLegacy("bf-cbc", cs::LegacyAlgorithms::kAllow);
  if (cs::LegacyProviderLibCtx() == nullptr) {
    WARN("legacy provider not installed");
    return;
  }
  REQUIRE(allowed.ok());
  CHECK(allowed->legacy);
  // The default context still refuses Blowfish after the private fetch.
  CHECK_FALSE(cs::FetchCipherMaybeLegacy("bf-cbc", cs::LegacyAlgorithms::kRefuse).ok());
}

TEST_CASE("M2Crypto cipher names, key derivation and round trip", "[m2crypto]") {
  CHECK(*m2::CipherName("aes_256_ctr") == "aes-256-ctr");
  CHECK_FALSE(m2::CipherName("nosuchalgo4567").ok());
  CHECK(m2::CipherUnsafeReason("bf_cbc", false, "md5").find("legacy") != std::string::npos);
  CHECK(m2::CipherUnsafeReason("aes_128_cbc", false, "md5").empty());
  m2::CipherParams p;
  p.alg = "aes_128_cbc";
  p.key = "goethe";
  p.iv = "12345678";  // shorter than the block: zero-extended
  p.key_as_bytes = true;
  p.digest = "sha256";
  p.salt = "saltsalt";
  p.iterations = 5;
  auto enc = m2::Cipher::New(p);
  REQUIRE(enc.ok());
  // Sequenced: the operands of + may be evaluated in either order.
  std::string ct = *enc->Update("attack at dawn");
  ct += *enc->Final();
  p.op = 0;
  auto dec = m2::Cipher::New(p);
  REQUIRE(dec.ok());
  std::string pt = *dec->Update(ct);
  pt += *dec->Final();
  CHECK(pt == "attack at dawn");
}

TEST_CASE("M2Crypto RSA: sign/verify over a digest and MPI components", "[m2crypto]") {
  auto key = cs::GenerateRsaKey(2048);
  REQUIRE(key.ok());
  std::string digest(32, '\x11');
  auto sig = m2::RsaSignDigest(*key, digest, "sha256");
  REQUIRE(sig.ok());
  CHECK(m2::RsaVerifyDigest(*key, digest, *sig, "sha256").ok());
  CHECK(m2::RsaVerifyDigest(*key, digest, *sig, "md5").code() == cs::ErrorCode::kVerifyFailed);
  auto e = m2::RsaPublicExponentMpi(*key);
  REQUIRE(e.ok());
  CHECK(*e == std::string("\x00\x00\x00\x03\x01\x00\x01", 7));
  auto n = m2::RsaModulusMpi(*key);
  REQUIRE(n.ok());
  auto pub = m2::RsaPublicKeyFromMpi(*e, *n);
  REQUIRE(pub.ok());
  CHECK(m2::RsaVerifyDigest(*pub, digest, *sig, "sha256").ok());
  CHECK(m2::IsUnsafeRsaPadding(m2::kNoPadding));
  CHECK_FALSE(m2::IsUnsafeRsaPadding(m2::kPkcs1OaepPadding));
}

TEST_CASE("M2Crypto RSA: the kept context signs and verifies as the one-shot calls", "[m2crypto]") {
  auto key = cs::GenerateRsaKey(2048);
  REQUIRE(key.ok());
  m2::RsaPkcs1Context context(*key);
  std::string digest(32, '\x22');
  auto once = m2::RsaSignDigest(*key, digest, "sha256");
  REQUIRE(once.ok());
  for (int i = 0; i < 3; i++) {  // the second round runs on the kept contexts
    auto sig = context.Sign(digest, "sha256");
    REQUIRE(sig.ok());
    CHECK(*sig == *once);  // PKCS#1 v1.5 is deterministic
    CHECK(context.Verify(digest, *sig, "sha256").ok());
    std::string bad = *sig;
    bad[10] ^= 1;
    CHECK(context.Verify(digest, bad, "sha256").code() == cs::ErrorCode::kVerifyFailed);
    CHECK(context.Verify(digest, sig->substr(1), "sha256").message() == "wrong signature length");
  }
  CHECK(context.Sign(std::string(300, 'a'), "sha256").status().message() ==
        "digest too big for rsa key");
}

TEST_CASE("m2 C interface: constants, big numbers, errors", "[m2crypto]") {
  bool found = false;
  for (size_t i = 0; i < m2_constant_count(); ++i) {
    if (std::string(m2_constant_name(i)) == "NID_sha256") {
      found = true;
      CHECK(m2_constant_value(i) == 672);
    }
  }
  CHECK(found);
  const char hex[] = "FF01";
  m2_bignum* bn = m2_hex_to_bn(hex, 4);
  REQUIRE(bn != nullptr);
  unsigned char* out = nullptr;
  size_t len = 0;
  REQUIRE(m2_bn_to_mpi(bn, &out, &len) == 1);
  CHECK(std::string(reinterpret_cast<char*>(out), len) ==
        std::string("\x00\x00\x00\x03\x00\xff\x01", 7));
  m2_free(out);
  m2_bn_free(bn);
  m2_err_clear_error();
  CHECK(m2_get_digestbyname("sha513") == nullptr);
  CHECK(m2_err_peek_error() != 0);
  m2_err_clear_error();
  CHECK(m2_err_get_error() == 0);
}

TEST_CASE("RC4 with a short key through the legacy provider", "[m2crypto]") {
  if (cs::LegacyProviderLibCtx() == nullptr) {
    WARN("legacy provider not installed");
    return;
  }
  m2::CipherParams p;
  p.alg = "rc4";
  p.key = "Key";  // 3 bytes: RC4 takes variable-length keys
  p.variable_key = true;
  auto c = m2::Cipher::New(p);
  REQUIRE(c.ok());
  CHECK(c->legacy());
  auto out = c->Update("Plaintext");
  REQUIRE(out.ok());
  CHECK(Hex(*out) == "bbf316e8d940af0ad3");  // the Wikipedia RC4 vector
  // Without variable_key the M2Crypto EVP.Cipher rule (cut/pad to the
  // default length) applies and a 3-byte key is refused.
  p.variable_key = false;
  CHECK_FALSE(m2::Cipher::New(p).ok());
}

TEST_CASE("DSA and DH parameter objects, keys and agreement", "[m2crypto]") {
  auto params = m2::DsaGenerateParams(1024);
  REQUIRE(params.ok());
  CHECK_FALSE(m2::DsaHasKey(*params, false));
  auto p = m2::DsaComponentMpi(*params, "p");
  auto q = m2::DsaComponentMpi(*params, "q");
  auto g = m2::DsaComponentMpi(*params, "g");
  REQUIRE((p.ok() && q.ok() && g.ok()));
  auto again = m2::DsaFromMpis(*p, *q, *g, "");
  REQUIRE(again.ok());
  auto key = m2::DsaGenerateKey(*again);
  REQUIRE(key.ok());
  CHECK(m2::DsaHasKey(*key, true));
  std::string digest(32, '\x42');
  auto sig = m2::SignPrehashed(*key, digest);
  REQUIRE(sig.ok());
  CHECK(m2::VerifyPrehashed(*key, digest, *sig).ok());
  CHECK(m2::VerifyPrehashed(*key, std::string(32, '\x43'), *sig).code() ==
        cs::ErrorCode::kVerifyFailed);

  auto dh = m2::DhGenerateParams(512, 2);
  REQUIRE(dh.ok());
  CHECK(m2::DhCheckParams(*dh) == 0);
  auto a = m2::DhGenerateKey(*dh);
  auto b = m2::DhGenerateKey(*dh);
  REQUIRE((a.ok() && b.ok()));
  auto a_pub = m2::DhComponentMpi(*a, "pub");
  auto b_pub = m2::DhComponentMpi(*b, "pub");
  REQUIRE((a_pub.ok() && b_pub.ok()));
  auto ab = m2::DhComputeKey(*a, *b_pub);
  auto ba = m2::DhComputeKey(*b, *a_pub);
  REQUIRE((ab.ok() && ba.ok()));
  CHECK(*ab == *ba);
  auto text = m2::DhParamsText(*dh);
  REQUIRE(text.ok());
  CHECK(text->find("(512 bit)") != std::string::npos);
  CHECK(text->find("2 (0x2)") != std::string::npos);  // OpenSSL 3 labels it "G:"
}
