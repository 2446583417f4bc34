#include "cryptoshim/shims/m2crypto/rsa_pkcs1_signature.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim::m2crypto {
namespace {

constexpr size_t kPkcs1PaddingSize = 11;  // RSA_PKCS1_PADDING_SIZE

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

void AppendDerHeader(Bytes& out, unsigned char tag, size_t len) {
  out.push_back(static_cast<char>(tag));
  if (len < 0x80) {
    out.push_back(static_cast<char>(len));
    return;
  }
  Bytes be;
  for (size_t v = len; v != 0; v >>= 8) be.insert(be.begin(), static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(0x80 | be.size()));
  out += be;
}

StatusOr<Bytes> MakeDigestInfoPrefix(std::string_view digest_name) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<EVP_MD> md, FetchDigest(digest_name));
  int nid = EVP_MD_get_type(md.get());
  int size = EVP_MD_get_size(md.get());
  SslUniquePtr<ASN1_OBJECT> obj(OBJ_nid2obj(nid));
  if (nid == NID_undef || !obj || size <= 0)
    return Status(ErrorCode::kUnsupported, "the asn1 object identifier is not known for this md");
  int oid_len = i2d_ASN1_OBJECT(obj.get(), nullptr);
  if (oid_len <= 0) return ErrorFromQueue(ErrorCode::kInternal, "i2d_ASN1_OBJECT");
  Bytes oid(static_cast<size_t>(oid_len), '\0');
  unsigned char* p = reinterpret_cast<unsigned char*>(oid.data());
  i2d_ASN1_OBJECT(obj.get(), &p);
  // AlgorithmIdentifier { oid, NULL }
  Bytes alg;
  AppendDerHeader(alg, 0x30, oid.size() + 2);
  alg += oid;
  alg.append("\x05\x00", 2);
  // DigestInfo ::= SEQUENCE { alg, OCTET STRING (size bytes) }, without the digest.
  Bytes prefix;
  AppendDerHeader(prefix, 0x30, alg.size() + 2 + static_cast<size_t>(size));
  prefix += alg;
  AppendDerHeader(prefix, 0x04, static_cast<size_t>(size));
  return prefix;
}

// The DigestInfo header RSA_sign writes before the digest
// (ossl_rsa_digestinfo_encoding), made once per name. The map's nodes never
// move or go away, so callers keep a pointer without copying or locking.
StatusOr<const DigestInfoEntry*> DigestInfoPrefix(std::string_view digest_name) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, DigestInfoEntry, std::less<>>();
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache->find(digest_name);
    if (it != cache->end()) return &it->second;
  }
  CS_ASSIGN_OR_RETURN(Bytes prefix, MakeDigestInfoPrefix(digest_name));
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->try_emplace(std::string(digest_name)).first;
  if (it->second.name.empty()) it->second = DigestInfoEntry{it->first, std::move(prefix)};
  return &it->second;
}

size_t RsaSize(const Key& key) { return static_cast<size_t>(EVP_PKEY_get_size(key.get0())); }

// RSA_sign's encoding and checks, before any RSA arithmetic.
StatusOr<Bytes> EncodeForSign(const Key& key, BytesView digest, const Bytes* prefix) {
  size_t len = prefix->size() + digest.size();
  if (len + kPkcs1PaddingSize > RsaSize(key))
    return Status(ErrorCode::kInvalidArgument, "digest too big for rsa key");
  if (!key.has_private()) return Status(ErrorCode::kInvalidArgument, "missing private key");
  Bytes encoded;
  encoded.reserve(len);
  encoded += *prefix;
  encoded += digest;
  return encoded;
}

enum class Op { kSign, kVerifyRecover };

StatusOr<SslUniquePtr<EVP_PKEY_CTX>> NewContext(const Key& key, Op op) {
  if (EVP_PKEY_get_base_id(key.get0()) != EVP_PKEY_RSA)
    return Status(ErrorCode::kInvalidArgument, "not an RSA key");
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
  int ok = ctx && (op == Op::kSign ? EVP_PKEY_sign_init(ctx.get())
                                   : EVP_PKEY_verify_recover_init(ctx.get())) == 1;
  if (!ok || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1)
    return ErrorFromQueue(ErrorCode::kInternal, "RSA PKCS#1 context");
  return ctx;
}

// The queue of a failed RSA operation as RSA_sign / RSA_verify leave it: the
// provider adds ERR_R_RSA_LIB ("RSA lib") after the RSA code's own reasons,
// a wrapper the legacy calls do not push (M2Crypto prints every reason).
Status FromRsaQueue(ErrorCode code, std::string_view context) {
  Status status = ErrorFromQueue(code, context);
  std::vector<OpenSslError> kept;
  for (const OpenSslError& e : status.openssl_errors()) {
    if (ERR_GET_LIB(e.code) == ERR_LIB_PROV && ERR_GET_REASON(e.code) == ERR_R_RSA_LIB) continue;
    kept.push_back(e);
  }
  return Status(code, status.message(), std::move(kept));
}

StatusOr<Bytes> SignEncoded(EVP_PKEY_CTX* ctx, const Key& key, BytesView encoded) {
  ClearErrorQueue();
  size_t len = RsaSize(key);
  Bytes sig(len, '\0');
  if (EVP_PKEY_sign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, U8(encoded),
                    encoded.size()) != 1) {
    return FromRsaQueue(ErrorCode::kInvalidArgument, "RSA sign");
  }
  sig.resize(len);
  return sig;
}

// RSA_verify after its length check: recover, then compare with the encoding.
Status VerifyRecovered(EVP_PKEY_CTX* ctx, const Key& key, BytesView digest, BytesView signature,
                       const Bytes& prefix) {
  ClearErrorQueue();
  unsigned char recovered[2048];  // RSA_size <= OPENSSL_RSA_MAX_MODULUS_BITS (16384) / 8
  size_t len = sizeof recovered;
  if (RsaSize(key) > len) return Status(ErrorCode::kUnsupported, "modulus too large");
  if (EVP_PKEY_verify_recover(ctx, recovered, &len, U8(signature), signature.size()) != 1)
    return FromRsaQueue(ErrorCode::kVerifyFailed, "RSA public decrypt");
  // memcmp, as RSA_verify: both sides are public (CRYPTO_memcmp's byte loop
  // was 1% of the call).
  bool match = len == prefix.size() + digest.size() &&
               std::memcmp(recovered, prefix.data(), prefix.size()) == 0 &&
               std::memcmp(recovered + prefix.size(), digest.data(), digest.size()) == 0;
  if (!match) return Status(ErrorCode::kVerifyFailed, "bad signature");
  return Status::Ok();
}

Status CheckSignatureLength(const Key& key, BytesView signature) {
  if (signature.size() != RsaSize(key))
    return Status(ErrorCode::kVerifyFailed, "wrong signature length");
  return Status::Ok();
}

}  // namespace

StatusOr<Bytes> RsaSignDigest(const Key& key, BytesView digest, std::string_view digest_name) {
  CS_ASSIGN_OR_RETURN(const DigestInfoEntry* info, DigestInfoPrefix(digest_name));
  CS_ASSIGN_OR_RETURN(Bytes encoded, EncodeForSign(key, digest, &info->prefix));
  CS_ASSIGN_OR_RETURN(auto ctx, NewContext(key, Op::kSign));
  return SignEncoded(ctx.get(), key, encoded);
}

Status RsaVerifyDigest(const Key& key, BytesView digest, BytesView signature,
                       std::string_view digest_name) {
  CS_RETURN_IF_ERROR(CheckSignatureLength(key, signature));
  CS_ASSIGN_OR_RETURN(const DigestInfoEntry* info, DigestInfoPrefix(digest_name));
  CS_ASSIGN_OR_RETURN(auto ctx, NewContext(key, Op::kVerifyRecover));
  return VerifyRecovered(ctx.get(), key, digest, signature, info->prefix);
}

RsaPkcs1Context::RsaPkcs1Context(const Key& key)
    : key_(SslUniquePtr<EVP_PKEY>(key.get1()), key.has_private()) {}

RsaPkcs1Context::~RsaPkcs1Context() {
  EVP_PKEY_CTX_free(sign_.exchange(nullptr));
  EVP_PKEY_CTX_free(verify_.exchange(nullptr));
}

// The last digest's entry, without the table's lock when it is the same name.
StatusOr<const DigestInfoEntry*> RsaPkcs1Context::Prefix(std::string_view digest_name) {
  const DigestInfoEntry* last = last_digest_.load(std::memory_order_acquire);
  if (last != nullptr && last->name == digest_name) return last;
  CS_ASSIGN_OR_RETURN(const DigestInfoEntry* info, DigestInfoPrefix(digest_name));
  last_digest_.store(info, std::memory_order_release);
  return info;
}

namespace {

// The slot's idle context (one atomic exchange), or a new one when another
// thread holds it.
StatusOr<SslUniquePtr<EVP_PKEY_CTX>> Take(std::atomic<EVP_PKEY_CTX*>& slot, const Key& key, Op op) {
  if (EVP_PKEY_CTX* idle = slot.exchange(nullptr, std::memory_order_acquire)) {
    return SslUniquePtr<EVP_PKEY_CTX>(idle);
  }
  return NewContext(key, op);
}

// A context goes back only after a completed operation (a failed one may
// have left provider state behind), and only into an empty slot.
void GiveBack(std::atomic<EVP_PKEY_CTX*>& slot, SslUniquePtr<EVP_PKEY_CTX> ctx) {
  EVP_PKEY_CTX* expected = nullptr;
  if (slot.compare_exchange_strong(expected, ctx.get(), std::memory_order_release)) {
    static_cast<void>(ctx.release());
  }
}

}  // namespace

StatusOr<Bytes> RsaPkcs1Context::Sign(BytesView digest, std::string_view digest_name) {
  CS_ASSIGN_OR_RETURN(const DigestInfoEntry* info, Prefix(digest_name));
  CS_ASSIGN_OR_RETURN(Bytes encoded, EncodeForSign(key_, digest, &info->prefix));
  CS_ASSIGN_OR_RETURN(auto ctx, Take(sign_, key_, Op::kSign));
  StatusOr<Bytes> sig = SignEncoded(ctx.get(), key_, encoded);
  if (sig.ok()) GiveBack(sign_, std::move(ctx));
  return sig;
}

Status RsaPkcs1Context::Verify(BytesView digest, BytesView signature,
                               std::string_view digest_name) {
  CS_RETURN_IF_ERROR(CheckSignatureLength(key_, signature));
  CS_ASSIGN_OR_RETURN(const DigestInfoEntry* info, Prefix(digest_name));
  CS_ASSIGN_OR_RETURN(auto ctx, Take(verify_, key_, Op::kVerifyRecover));
  Status result = VerifyRecovered(ctx.get(), key_, digest, signature, info->prefix);
  // "bad signature" is a completed operation: the context is still sound.
  if (result.ok() || result.openssl_errors().empty()) GiveBack(verify_, std::move(ctx));
  return result;
}

}  // namespace cryptoshim::m2crypto
