// M2Crypto's rsa_sign / rsa_verify: OpenSSL's RSA_sign / RSA_verify (PKCS#1
// v1.5 over a digest the caller computed), done over EVP_PKEY with the same
// bytes and the same failures:
//  - the DigestInfo prefix is the digest algorithm's fixed one, whatever the
//    length of the bytes passed as the digest (RSA_sign does not check it);
//  - "digest too big for rsa key" when prefix + digest + 11 > RSA_size, then
//    "missing private key" for a public key;
//  - verify: "wrong signature length" unless the signature is RSA_size
//    bytes, the public operation's own errors, then "bad signature".
// Failures without an OpenSSL queue carry RSA_sign's reason as the message.
#pragma once

#include <openssl/evp.h>

#include <atomic>
#include <string>
#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// A digest name and the DigestInfo header RSA_sign puts before its value;
// entries live in a process-wide table for the process's life.
struct DigestInfoEntry {
  std::string name;
  Bytes prefix;
};

// A new EVP_PKEY_CTX per call (m2.rsa_sign / m2.rsa_verify on any handle).
StatusOr<Bytes> RsaSignDigest(const Key& key, BytesView digest, std::string_view digest_name);
// kVerifyFailed when the signature does not match.
Status RsaVerifyDigest(const Key& key, BytesView digest, BytesView signature,
                       std::string_view digest_name);

// The same with the key's initialised sign and verify-recover contexts kept
// between calls (M2Crypto.RSA.RSA.sign / verify). Making a context and
// running its *_init is a provider fetch, a key-management lookup and a
// dozen allocations: ~25k instructions, 15% of an RSA-2048 verify (3 us of
// 18.5 us, bench/micro/rsa_pkcs1_ab.c), while M2Crypto's RSA_sign on its RSA*
// makes none.
//
// Thread contract: M2Crypto objects are shared between threads, and the
// binding runs Sign without the GIL (Verify keeps it, as M2Crypto's
// rsa_verify does; nothing here relies on it). A context is used by one call
// at a time: a call takes the idle one with an atomic exchange (or makes its
// own when another thread holds it) and puts it back into the empty slot
// after a completed operation; a context that finds the slot full is freed.
class RsaPkcs1Context {
 public:
  explicit RsaPkcs1Context(const Key& key);
  ~RsaPkcs1Context();
  RsaPkcs1Context(const RsaPkcs1Context&) = delete;
  RsaPkcs1Context& operator=(const RsaPkcs1Context&) = delete;

  StatusOr<Bytes> Sign(BytesView digest, std::string_view digest_name);
  Status Verify(BytesView digest, BytesView signature, std::string_view digest_name);

 private:
  StatusOr<const DigestInfoEntry*> Prefix(std::string_view digest_name);

  Key key_;                                                     // shares the EVP_PKEY
  std::atomic<EVP_PKEY_CTX*> sign_{nullptr}, verify_{nullptr};  // idle, owned
  std::atomic<const DigestInfoEntry*> last_digest_{nullptr};    // in the process table
};

}  // namespace cryptoshim::m2crypto
