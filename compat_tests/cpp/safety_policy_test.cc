#include "cryptoshim/safety_policy.h"

#include <openssl/objects.h>

#include <string>

#include "catch_compat.h"

namespace cryptoshim::safety {
namespace {

TEST_CASE("Weak digests are weak in every spelling OpenSSL resolves", "[policy]") {
  for (const char* name : {"md4",
                           "MD4",
                           "md5",
                           "MD5",
                           "RSA-MD5",
                           "ssl3-md5",
                           "md5WithRSAEncryption",
                           "md5-sha1",
                           "sha1",
                           "SHA1",
                           "sha-1",
                           "SHA-1",
                           "RSA-SHA1",
                           "ssl3-sha1",
                           "sha1WithRSAEncryption",
                           "ecdsa-with-SHA1",
                           "dsaWithSHA1",
                           "1.3.14.3.2.26",
                           "ripemd160",
                           "RIPEMD-160",
                           "mdc2"}) {
    INFO(name);
    CHECK(IsWeakDigest(name));
  }
}

TEST_CASE("Strong and unknown digests are not weak", "[policy]") {
  for (const char* name : {"sha224", "sha256", "SHA-256", "sha384", "sha512", "sha512-256",
                           "sha3-256", "SHA3-512", "sha256WithRSAEncryption", "ecdsa-with-SHA256",
                           "blake2b512", "sm3", "", "nonsense", "2.5.4.3"}) {
    INFO(name);
    CHECK_FALSE(IsWeakDigest(name));
  }
  CHECK_FALSE(IsWeakDigest(std::string("sha1\0", 5)));  // never a C string's prefix
}

TEST_CASE("By NID, a digest is weak exactly when its name is", "[policy]") {
  for (int nid : {NID_md5, NID_sha1, NID_md4, NID_ripemd160, NID_md5_sha1, NID_sha256, NID_sha384,
                  NID_sha512, NID_sha3_256, NID_sm3}) {
    INFO(OBJ_nid2sn(nid));
    CHECK(IsWeakDigestNid(nid) == IsWeakDigest(OBJ_nid2sn(nid)));
  }
  CHECK(IsWeakDigestNid(NID_sha1));
  CHECK_FALSE(IsWeakDigestNid(NID_sha256));
  CHECK_FALSE(IsWeakDigestNid(NID_undef));
}

TEST_CASE("HMAC needs no collision resistance: only MD2/MD4/MD5 are weak there", "[policy]") {
  CHECK(IsWeakMacDigest("md5"));
  CHECK(IsWeakMacDigest("MD4"));
  CHECK_FALSE(IsWeakMacDigest("sha1"));
  CHECK_FALSE(IsWeakMacDigest("sha256"));
}

}  // namespace
}  // namespace cryptoshim::safety
