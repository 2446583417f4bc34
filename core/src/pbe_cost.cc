#include "pbe_cost.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>

#include <cstring>
#include <memory>
#include <string>

#include "cryptoshim/error_queue.h"
#include "pkcs12_password.h"

namespace cryptoshim {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

// Unpacks a SEQUENCE parameter of `alg` as ASN.1 type T; nullptr otherwise.
template <typename T, void (*Free)(T*)>
Owned<T, Free> Params(const X509_ALGOR* alg, const ASN1_ITEM* item) {
  const void* pval = nullptr;
  int ptype = V_ASN1_UNDEF;
  X509_ALGOR_get0(nullptr, &ptype, &pval, alg);
  if (ptype != V_ASN1_SEQUENCE || pval == nullptr) return nullptr;
  const auto* seq = static_cast<const ASN1_STRING*>(pval);
  const unsigned char* p = ASN1_STRING_get0_data(seq);
  // ASN1_item_d2i returns the item as an opaque ASN1_VALUE.
  T* out = reinterpret_cast<T*>(ASN1_item_d2i(nullptr, &p, ASN1_STRING_length(seq), item));
  ClearErrorQueue();  // a parse failure here is left for the decryption
  return Owned<T, Free>(out);
}

// An absent count is 1 (RFC 7292's default); a count that does not fit in
// 64 bits is over any cap.
Status CheckIterations(const ASN1_INTEGER* iter, const char* what) {
  int64_t n = 1;
  if (iter != nullptr && ASN1_INTEGER_get_int64(&n, iter) != 1) {
    ClearErrorQueue();
    n = INT64_MAX;
  }
  if (n > kMaxPbeIterations) {
    return Status(ErrorCode::kPolicy, std::string(what) + " iteration count " + std::to_string(n) +
                                          " exceeds the limit of " +
                                          std::to_string(kMaxPbeIterations));
  }
  return Status();
}

uint64_t ScryptFactor(const ASN1_INTEGER* v) {
  uint64_t n = 0;
  if (v == nullptr || ASN1_INTEGER_get_uint64(&n, v) != 1) {
    ClearErrorQueue();
    return UINT64_MAX;
  }
  return n;
}

Status CheckScrypt(const SCRYPT_PARAMS* s) {
  uint64_t n = ScryptFactor(s->costParameter), r = ScryptFactor(s->blockSize);
  uint64_t p = ScryptFactor(s->parallelizationParameter);
  // Overflow-safe N * r * p <= cap (a zero factor is refused by OpenSSL).
  bool over = r != 0 && p != 0 && (n > kMaxScryptWork / r || n * r > kMaxScryptWork / p);
  if (over) {
    return Status(ErrorCode::kPolicy,
                  "scrypt cost N*r*p exceeds the limit of 2^25 (N=" + std::to_string(n) +
                      ", r=" + std::to_string(r) + ", p=" + std::to_string(p) + ")");
  }
  return Status();
}

Status CheckBags(const STACK_OF(PKCS12_SAFEBAG) * bags, int depth);

void FreeBags(STACK_OF(PKCS12_SAFEBAG) * bags) {
  sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
}

Status CheckAuthSafe(PKCS7* p7, const char* pass) {
  int nid = OBJ_obj2nid(p7->type);
  Owned<STACK_OF(PKCS12_SAFEBAG), FreeBags> bags;
  if (nid == NID_pkcs7_data) {
    bags.reset(PKCS12_unpack_p7data(p7));
  } else if (nid == NID_pkcs7_encrypted) {
    if (p7->d.encrypted == nullptr || p7->d.encrypted->enc_data == nullptr) return Status();
    CS_RETURN_IF_ERROR(CheckPbeCost(p7->d.encrypted->enc_data->algorithm));
    bags.reset(PKCS12_unpack_p7encdata(p7, pass, -1));
  }
  ClearErrorQueue();
  return bags ? CheckBags(bags.get(), 0) : Status();
}

// Key bags, and the bags nested in safeContents bags (depth-limited, as a
// file could nest them without end).
Status CheckBags(const STACK_OF(PKCS12_SAFEBAG) * bags, int depth) {
  if (depth > 8) return Status(ErrorCode::kPolicy, "PKCS#12 safe contents nested too deeply");
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
    const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
    int nid = PKCS12_SAFEBAG_get_nid(bag);
    if (nid == NID_pkcs8ShroudedKeyBag) {
      const X509_ALGOR* alg = nullptr;
      X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg, nullptr);
      CS_RETURN_IF_ERROR(CheckPbeCost(alg));
    } else if (nid == NID_safeContentsBag) {
      CS_RETURN_IF_ERROR(CheckBags(PKCS12_SAFEBAG_get0_safes(bag), depth + 1));
    }
  }
  return Status();
}

}  // namespace

Status CheckPbeCost(const X509_ALGOR* alg) {
  if (alg == nullptr) return Status();
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
  if (OBJ_obj2nid(oid) != NID_pbes2) {
    // PBES1 and the PKCS#12 PBEs: PBEParameter / pkcs-12PbeParams, the
    // same SEQUENCE { salt OCTET STRING, iterations INTEGER }.
    auto pbe = Params<PBEPARAM, PBEPARAM_free>(alg, ASN1_ITEM_rptr(PBEPARAM));
    return pbe ? CheckIterations(pbe->iter, "PBE") : Status();
  }
  auto pbe2 = Params<PBE2PARAM, PBE2PARAM_free>(alg, ASN1_ITEM_rptr(PBE2PARAM));
  if (!pbe2 || pbe2->keyfunc == nullptr) return Status();
  X509_ALGOR_get0(&oid, nullptr, nullptr, pbe2->keyfunc);
  int kdf = OBJ_obj2nid(oid);
  if (kdf == NID_id_pbkdf2) {
    auto p = Params<PBKDF2PARAM, PBKDF2PARAM_free>(pbe2->keyfunc, ASN1_ITEM_rptr(PBKDF2PARAM));
    return p ? CheckIterations(p->iter, "PBKDF2") : Status();
  }
  if (kdf == NID_id_scrypt) {
    auto s =
        Params<SCRYPT_PARAMS, SCRYPT_PARAMS_free>(pbe2->keyfunc, ASN1_ITEM_rptr(SCRYPT_PARAMS));
    return s ? CheckScrypt(s.get()) : Status();
  }
  return Status();
}

Status CheckEncryptedPrivateKeyCost(BytesView data, Encoding encoding) {
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(data);
  if (!bio) return Status();
  if (encoding == Encoding::kDer) {
    SslUniquePtr<X509_SIG> sig(d2i_PKCS8_bio(bio.get(), nullptr));
    ClearErrorQueue();
    if (!sig) return Status();
    const X509_ALGOR* alg = nullptr;
    X509_SIG_get0(sig.get(), &alg, nullptr);
    return CheckPbeCost(alg);
  }
  // Every "ENCRYPTED PRIVATE KEY" block: which one the reader picks depends
  // on the names around it, and refusing a file that carries a hostile block
  // at all is the safe side.
  for (;;) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* der = nullptr;
    long len = 0;
    if (PEM_read_bio(bio.get(), &name, &header, &der, &len) != 1) break;
    Status status;
    if (std::strcmp(name, PEM_STRING_PKCS8) == 0) {
      const unsigned char* p = der;
      SslUniquePtr<X509_SIG> sig(d2i_X509_SIG(nullptr, &p, len));
      if (sig) {
        const X509_ALGOR* alg = nullptr;
        X509_SIG_get0(sig.get(), &alg, nullptr);
        status = CheckPbeCost(alg);
      }
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(der);
    if (!status.ok()) return status;
  }
  ClearErrorQueue();  // PEM_R_NO_START_LINE at the end of the input
  return Status();
}

Status CheckPkcs12Cost(PKCS12* p12, const char* pass) {
  if (PKCS12_mac_present(p12) == 1) {
    const ASN1_INTEGER* iter = nullptr;
    PKCS12_get0_mac(nullptr, nullptr, nullptr, &iter, p12);
    CS_RETURN_IF_ERROR(CheckIterations(iter, "PKCS#12 MAC"));
  }
  const char* effective = nullptr;
  if (!ResolvePkcs12Password(p12, pass, &effective)) {
    ClearErrorQueue();  // a MAC failure is PKCS12_parse's to report
    return Status();
  }
  STACK_OF(PKCS7)* safes = PKCS12_unpack_authsafes(p12);
  if (safes == nullptr) {
    ClearErrorQueue();
    return Status();
  }
  Status status;
  for (int i = 0; i < sk_PKCS7_num(safes) && status.ok(); ++i) {
    status = CheckAuthSafe(sk_PKCS7_value(safes, i), effective);
  }
  sk_PKCS7_pop_free(safes, PKCS7_free);
  return status;
}

}  // namespace cryptoshim
