// The C surface for SWIG. Each function is a thin wrapper; the semantics
// (MPI format, error strings) follow M2Crypto's hand-written SWIG helpers.
#include "cryptoshim/shims/m2crypto/m2_c_api.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>

#include <atomic>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/random.h"
#include "cryptoshim/shims/m2crypto/cipher.h"
#include "cryptoshim/shims/m2crypto/err.h"
#include "cryptoshim/ssl_unique_ptr.h"

// A descriptor is the interned M2Crypto name; it lives for the process.
struct m2_cipher {
  std::string name;
  bool operator<(const m2_cipher& o) const { return name < o.name; }
};

// Key material is wiped when the handle is freed.
struct m2_cipher_ctx {
  const m2_cipher* cipher = nullptr;
  std::string key, iv;
  bool padding = true;
  std::optional<cryptoshim::m2crypto::Cipher> stream;
  ~m2_cipher_ctx() {
    OPENSSL_cleanse(key.data(), key.size());
    OPENSSL_cleanse(iv.data(), iv.size());
  }
};

struct m2_aes_key {
  std::string key;
  ~m2_aes_key() { OPENSSL_cleanse(key.data(), key.size()); }
};

// SslUniquePtr<BIGNUM> frees with BN_clear_free.
struct m2_rsa {
  cryptoshim::SslUniquePtr<BIGNUM> n;
  cryptoshim::SslUniquePtr<BIGNUM> e;
  cryptoshim::SslUniquePtr<BIGNUM> d;  // set only by m2_rsa_set_d (a private key then)
};

namespace {

// Handles freed through m2_*_free. A freed handle is refused (the SWIG
// layer checks m2_handle_is_live), and freeing it twice is a no-op, instead
// of a use-after-free. The set holds the freed handles, not the live ones:
// M2Crypto's *_to_bn results are never freed by most callers (upstream leaks
// them too), so a live set grew by one entry per call and every check probed
// a table of millions (0.4 us per m2.bn_to_hex(m2.dec_to_bn(...))). The freed
// set stays as small as the set of freed addresses not handed out again, and
// is empty (one relaxed load, no lock) in programs that never free.
std::mutex& FreedMutex() {
  static std::mutex mu;
  return mu;
}
std::unordered_set<const void*>& FreedSet() {
  static auto* freed = new std::unordered_set<const void*>();
  return *freed;
}
std::atomic<size_t> freed_count{0};

// A new handle: its address may be one freed earlier, now live again.
template <typename T>
T* Track(T* p) {
  if (p != nullptr && freed_count.load(std::memory_order_relaxed) != 0) {
    std::lock_guard<std::mutex> lock(FreedMutex());
    if (FreedSet().erase(p) == 1) freed_count.store(FreedSet().size(), std::memory_order_relaxed);
  }
  return p;
}
// Whether `p` was live (and is now marked freed): only then may it be freed.
bool Forget(const void* p) {
  if (p == nullptr) return false;
  std::lock_guard<std::mutex> lock(FreedMutex());
  if (!FreedSet().insert(p).second) return false;
  freed_count.store(FreedSet().size(), std::memory_order_relaxed);
  return true;
}

BIGNUM* AsBn(m2_bignum* p) { return reinterpret_cast<BIGNUM*>(p); }
const BIGNUM* AsBn(const m2_bignum* p) { return reinterpret_cast<const BIGNUM*>(p); }

int Hand(const std::string& data, unsigned char** out, size_t* outlen) {
  *out = static_cast<unsigned char*>(std::malloc(data.size() ? data.size() : 1));
  if (*out == nullptr) return 0;
  if (!data.empty()) std::memcpy(*out, data.data(), data.size());
  *outlen = data.size();
  return 1;
}

std::string Mpi(const BIGNUM* bn) {
  std::string out(static_cast<size_t>(BN_bn2mpi(bn, nullptr)), '\0');
  BN_bn2mpi(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

BIGNUM* MpiToBn(const unsigned char* data, size_t len) {
  if (len > INT_MAX) return nullptr;
  return BN_mpi2bn(data, static_cast<int>(len), nullptr);
}

// OBJ_obj2txt into a string (OIDs can be longer than any fixed buffer).
std::string ObjText(const ASN1_OBJECT* obj, int no_name) {
  int len = OBJ_obj2txt(nullptr, 0, obj, no_name);
  if (len <= 0) return std::string();
  std::string out(static_cast<size_t>(len) + 1, '\0');
  OBJ_obj2txt(out.data(), len + 1, obj, no_name);
  out.resize(static_cast<size_t>(len));
  return out;
}

// Hands out `obj` as text, or nothing; OpenSSL's complaints about unknown
// names are dropped (ERR_pop_to_mark) since "unknown" is the answer itself.
int HandObject(ASN1_OBJECT* obj, int no_name, bool owned, unsigned char** out, size_t* outlen) {
  int ok = 0;
  if (obj != nullptr) ok = Hand(ObjText(obj, no_name), out, outlen);
  if (owned) ASN1_OBJECT_free(obj);
  ERR_pop_to_mark();
  return ok;
}

}  // namespace

extern "C" {

int m2_handle_is_live(const void* handle) {
  if (freed_count.load(std::memory_order_relaxed) == 0) return 1;
  std::lock_guard<std::mutex> lock(FreedMutex());
  return FreedSet().count(handle) == 1 ? 0 : 1;
}

void m2_free(void* p) { std::free(p); }
void m2_openssl_free(void* p) { OPENSSL_free(p); }

unsigned long m2_err_get_error(void) { return ERR_get_error(); }
unsigned long m2_err_peek_error(void) { return ERR_peek_error(); }
void m2_err_clear_error(void) { ERR_clear_error(); }
const char* m2_err_lib_error_string(unsigned long e) { return ERR_lib_error_string(e); }
// OpenSSL 3 no longer records function names.
const char* m2_err_func_error_string(unsigned long) { return nullptr; }
const char* m2_err_reason_error_string(unsigned long e) { return ERR_reason_error_string(e); }

char* m2_err_pop_message(void) {
  std::string msg = cryptoshim::m2crypto::PopErrorMessage();
  char* out = static_cast<char*>(std::malloc(msg.size() + 1));
  if (out != nullptr) std::memcpy(out, msg.c_str(), msg.size() + 1);
  return out;
}

int m2_obj_sn2nid(const char* sn) { return OBJ_sn2nid(sn); }
int m2_obj_ln2nid(const char* ln) { return OBJ_ln2nid(ln); }
int m2_obj_txt2nid(const char* txt) { return OBJ_txt2nid(txt); }
const char* m2_obj_nid2sn(int nid) { return OBJ_nid2sn(nid); }
const char* m2_obj_nid2ln(int nid) { return OBJ_nid2ln(nid); }

int m2_obj_txt2oid(const char* txt, int no_name, unsigned char** optout, size_t* optoutlen) {
  ERR_set_mark();
  return HandObject(OBJ_txt2obj(txt, no_name), 1, /*owned=*/true, optout, optoutlen);
}
int m2_obj_nid2oid(int nid, unsigned char** optout, size_t* optoutlen) {
  ERR_set_mark();
  // OBJ_nid2obj returns the table's own object (static, or the one added
  // by OBJ_create): borrowed, never freed here.
  return HandObject(OBJ_nid2obj(nid), 1, /*owned=*/false, optout, optoutlen);
}
int m2_obj_oid2txt(const char* oid, int no_name, unsigned char** optout, size_t* optoutlen) {
  ERR_set_mark();
  return HandObject(OBJ_txt2obj(oid, 1), no_name, /*owned=*/true, optout, optoutlen);
}

void m2_threading_init(void) {}
void m2_threading_cleanup(void) {}

int m2_time_t_bits(void) { return static_cast<int>(sizeof(time_t) * CHAR_BIT); }

int m2_rand_bytes(int nbytes, unsigned char** out, size_t* outlen) {
  if (nbytes < 0) return 0;
  auto bytes = cryptoshim::RandomBytes(static_cast<size_t>(nbytes));
  if (!bytes.ok()) return 0;
  return Hand(*bytes, out, outlen);
}
int m2_rand_status(void) { return cryptoshim::RandomStatus() ? 1 : 0; }
void m2_rand_add(const unsigned char* data, size_t len, double entropy) {
  cryptoshim::AddRandomSeed(std::string_view(reinterpret_cast<const char*>(data), len), entropy);
}

m2_bignum* m2_hex_to_bn(const char* text, size_t) {
  BIGNUM* bn = nullptr;
  if (BN_hex2bn(&bn, text) <= 0) return nullptr;
  return Track(reinterpret_cast<m2_bignum*>(bn));
}
m2_bignum* m2_dec_to_bn(const char* text, size_t) {
  BIGNUM* bn = nullptr;
  if (BN_dec2bn(&bn, text) <= 0) return nullptr;
  return Track(reinterpret_cast<m2_bignum*>(bn));
}
m2_bignum* m2_mpi_to_bn(const unsigned char* data, size_t len) {
  return Track(reinterpret_cast<m2_bignum*>(MpiToBn(data, len)));
}
m2_bignum* m2_bin_to_bn(const unsigned char* data, size_t len) {
  if (len > INT_MAX) return nullptr;
  return Track(reinterpret_cast<m2_bignum*>(BN_bin2bn(data, static_cast<int>(len), nullptr)));
}
void m2_bn_free(m2_bignum* bn) {
  if (Forget(bn)) BN_free(AsBn(bn));
}

// BN_bn2hex's own string is handed out (freed with m2_openssl_free): a copy
// into a malloc'd buffer for m2_free cost a fifth of m2.bn_to_hex.
int m2_bn_to_hex(const m2_bignum* bn, char** ossl_out, size_t* ossl_outlen) {
  *ossl_out = BN_bn2hex(AsBn(bn));
  if (*ossl_out == nullptr) return 0;
  *ossl_outlen = std::strlen(*ossl_out);
  return 1;
}
int m2_bn_to_mpi(const m2_bignum* bn, unsigned char** out, size_t* outlen) {
  return Hand(Mpi(AsBn(bn)), out, outlen);
}
int m2_bn_to_bin(const m2_bignum* bn, unsigned char** out, size_t* outlen) {
  std::string s(static_cast<size_t>(BN_num_bytes(AsBn(bn))), '\0');
  BN_bn2bin(AsBn(bn), reinterpret_cast<unsigned char*>(s.data()));
  return Hand(s, out, outlen);
}

int m2_bn_rand_bytes(int bits, int top, int bottom, unsigned char** out, size_t* outlen) {
  cryptoshim::SslUniquePtr<BIGNUM> bn(BN_new());
  if (!bn || BN_rand(bn.get(), bits, top, bottom) != 1) return 0;
  std::string s(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(s.data()));
  return Hand(s, out, outlen);
}

int m2_bn_rand_range_bytes(const unsigned char* data, size_t len, unsigned char** out,
                           size_t* outlen) {
  if (len > INT_MAX) return 0;
  cryptoshim::SslUniquePtr<BIGNUM> range(BN_bin2bn(data, static_cast<int>(len), nullptr));
  cryptoshim::SslUniquePtr<BIGNUM> bn(BN_new());
  if (!range || !bn) return 0;
  // BN_rand_range refuses a range of 1; its only value is 0, as M2Crypto returns.
  if (BN_is_one(range.get())) return Hand(std::string(), out, outlen);
  if (BN_rand_range(bn.get(), range.get()) != 1) return 0;
  std::string s(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(s.data()));
  return Hand(s, out, outlen);
}

const m2_md* m2_get_digestbyname(const char* name) {
  // The compatibility table resolves M2Crypto's names ("sha256", "ripemd160")
  // to static EVP_MD descriptors; nothing is fetched or owned.
  const EVP_MD* md = EVP_get_digestbyname(name);
  if (md == nullptr) ERR_raise_data(ERR_LIB_EVP, EVP_R_UNSUPPORTED_ALGORITHM, "%s", name);
  return reinterpret_cast<const m2_md*>(md);
}
const char* m2_md_name(const m2_md* md) {
  return EVP_MD_get0_name(reinterpret_cast<const EVP_MD*>(md));
}
int m2_md_size(const m2_md* md) { return EVP_MD_get_size(reinterpret_cast<const EVP_MD*>(md)); }

const m2_cipher* m2_cipher_by_name(const char* m2_alg) {
  static std::mutex mu;
  static std::set<m2_cipher> interned;
  auto name = cryptoshim::m2crypto::CipherName(m2_alg);
  if (!name.ok() || !cryptoshim::LookupCipher(*name, cryptoshim::LegacyAlgorithms::kAllow).ok()) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_UNSUPPORTED_CIPHER, "%s", m2_alg);
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(mu);
  return &*interned.insert(m2_cipher{m2_alg}).first;
}
const char* m2_cipher_name(const m2_cipher* cipher) { return cipher->name.c_str(); }
m2_cipher_ctx* m2_cipher_ctx_new(void) { return Track(new m2_cipher_ctx()); }
void m2_cipher_ctx_free(m2_cipher_ctx* ctx) {
  if (Forget(ctx)) delete ctx;
}

int m2_cipher_init(m2_cipher_ctx* ctx, const m2_cipher* cipher, const unsigned char* key,
                   size_t keylen, const unsigned char* iv, size_t ivlen, int op) {
  if (cipher != nullptr) ctx->cipher = cipher;
  if (key != nullptr) ctx->key.assign(reinterpret_cast<const char*>(key), keylen);
  if (iv != nullptr) ctx->iv.assign(reinterpret_cast<const char*>(iv), ivlen);
  if (ctx->cipher == nullptr) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET, "cipher_init");
    return 0;
  }
  // Without a key yet, EVP_CipherInit only records the cipher.
  if (ctx->key.empty()) return 1;
  cryptoshim::m2crypto::CipherParams p;
  p.alg = ctx->cipher->name;
  p.key = ctx->key;
  p.iv = ctx->iv;
  p.op = op;
  p.padding = ctx->padding;
  auto c = cryptoshim::m2crypto::Cipher::New(p);
  if (!c.ok()) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_INITIALIZATION_ERROR, "%s", c.status().message().c_str());
    return 0;
  }
  ctx->stream.emplace(std::move(c).value());
  return 1;
}

int m2_cipher_set_padding(m2_cipher_ctx* ctx, int padding) {
  ctx->padding = padding != 0;
  if (ctx->stream) (void)ctx->stream->SetPadding(ctx->padding);
  return 1;
}

int m2_cipher_update(m2_cipher_ctx* ctx, const unsigned char* data, size_t len, unsigned char** out,
                     size_t* outlen) {
  if (!ctx->stream) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET, "cipher_update");
    return 0;
  }
  auto r = ctx->stream->Update(std::string_view(reinterpret_cast<const char*>(data), len));
  if (!r.ok()) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_UPDATE_ERROR, "%s", r.status().message().c_str());
    return 0;
  }
  return Hand(*r, out, outlen);
}

int m2_cipher_final(m2_cipher_ctx* ctx, unsigned char** out, size_t* outlen) {
  if (!ctx->stream) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET, "cipher_final");
    return 0;
  }
  auto r = ctx->stream->Final();
  if (!r.ok()) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_BAD_DECRYPT, "%s", r.status().message().c_str());
    return 0;
  }
  return Hand(*r, out, outlen);
}

int m2_cipher_update_aad(m2_cipher_ctx* ctx, const unsigned char* data, size_t len) {
  if (!ctx->stream) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET, "cipher_update_aad");
    return 0;
  }
  auto s = ctx->stream->UpdateAad(std::string_view(reinterpret_cast<const char*>(data), len));
  if (!s.ok()) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_UPDATE_ERROR, "%s", s.message().c_str());
    return 0;
  }
  return 1;
}

int m2_cipher_ctrl_get(m2_cipher_ctx* ctx, int cmd, int taglen, unsigned char** out,
                       size_t* outlen) {
  if (!ctx->stream || cmd != EVP_CTRL_AEAD_GET_TAG || taglen <= 0) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_CTRL_NOT_IMPLEMENTED, "cipher_ctrl_get");
    return 0;
  }
  auto tag = ctx->stream->GetTag(static_cast<size_t>(taglen));
  if (!tag.ok()) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_CTRL_OPERATION_NOT_IMPLEMENTED, "%s",
                   tag.status().message().c_str());
    return 0;
  }
  return Hand(*tag, out, outlen);
}

int m2_cipher_ctrl_set(m2_cipher_ctx* ctx, int cmd, const unsigned char* data, size_t len) {
  if (ctx->stream && cmd == EVP_CTRL_AEAD_SET_TAG) {
    auto s = ctx->stream->SetTag(std::string_view(reinterpret_cast<const char*>(data), len));
    if (s.ok()) return 1;
    ERR_raise_data(ERR_LIB_EVP, EVP_R_CTRL_OPERATION_NOT_IMPLEMENTED, "%s", s.message().c_str());
    return 0;
  }
  // The IV length follows the IV given to cipher_init; setting the same
  // length again is a no-op there too.
  if (cmd == EVP_CTRL_AEAD_SET_IVLEN && len > 0) return 1;
  ERR_raise_data(ERR_LIB_EVP, EVP_R_CTRL_NOT_IMPLEMENTED, "cipher_ctrl_set");
  return 0;
}

m2_aes_key* m2_aes_new(void) { return Track(new m2_aes_key()); }
void m2_AES_free(m2_aes_key* key) {
  if (Forget(key)) delete key;
}
int m2_AES_type_check(const m2_aes_key* key) { return key != nullptr ? 1 : 0; }

int m2_AES_set_key(m2_aes_key* key, const unsigned char* data, size_t len, int bits, int /*op*/) {
  if (bits != 128 && bits != 192 && bits != 256) return 0;
  size_t need = static_cast<size_t>(bits) / 8;
  if (len < need) return 0;
  key->key.assign(reinterpret_cast<const char*>(data), need);
  return 1;
}

int m2_AES_crypt(m2_aes_key* key, const unsigned char* data, size_t len, int nbytes, int op,
                 unsigned char** out, size_t* outlen) {
  if (nbytes < 0 || static_cast<size_t>(nbytes) > len || nbytes % 16 != 0 || key->key.empty()) {
    ERR_raise_data(ERR_LIB_EVP, EVP_R_WRONG_FINAL_BLOCK_LENGTH, "AES_crypt");
    return 0;
  }
  const std::string alg = "aes_" + std::to_string(key->key.size() * 8) + "_ecb";
  cryptoshim::m2crypto::CipherParams p;
  p.alg = alg;
  p.key = key->key;
  p.op = op == 0 ? 1 : 0;  // M2Crypto: 0 encrypts
  p.padding = false;
  auto c = cryptoshim::m2crypto::Cipher::New(p);
  if (!c.ok()) return 0;
  auto body =
      c->Update(std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(nbytes)));
  if (!body.ok()) return 0;
  auto tail = c->Final();
  if (!tail.ok()) return 0;
  return Hand(*body + *tail, out, outlen);
}

m2_rsa* m2_rsa_new(void) { return Track(new m2_rsa()); }
void m2_rsa_free(m2_rsa* rsa) {
  if (Forget(rsa)) delete rsa;
}
int m2_rsa_set_n(m2_rsa* rsa, const unsigned char* data, size_t len) {
  BIGNUM* bn = MpiToBn(data, len);
  if (bn == nullptr) return 0;
  rsa->n.reset(bn);
  return 1;
}
int m2_rsa_set_e(m2_rsa* rsa, const unsigned char* data, size_t len) {
  BIGNUM* bn = MpiToBn(data, len);
  if (bn == nullptr) return 0;
  rsa->e.reset(bn);
  return 1;
}
int m2_rsa_set_d(m2_rsa* rsa, const unsigned char* data, size_t len) {
  BIGNUM* bn = MpiToBn(data, len);
  if (bn == nullptr) return 0;
  rsa->d.reset(bn);
  return 1;
}
int m2_rsa_get_d(const m2_rsa* rsa, unsigned char** optout, size_t* optoutlen) {
  if (!rsa->d) return 0;
  return Hand(Mpi(rsa->d.get()), optout, optoutlen);
}
// An unset component reads as zero, as RSA_get0_key + BN_bn2mpi did.
int m2_rsa_get_n(const m2_rsa* rsa, unsigned char** out, size_t* outlen) {
  return Hand(rsa->n ? Mpi(rsa->n.get()) : std::string(4, '\0'), out, outlen);
}
int m2_rsa_get_e(const m2_rsa* rsa, unsigned char** out, size_t* outlen) {
  return Hand(rsa->e ? Mpi(rsa->e.get()) : std::string(4, '\0'), out, outlen);
}

}  // extern "C"
