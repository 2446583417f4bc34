// Typed access to one certificate extension for the WebPKI profile: absent,
// present (decoded, owned) or present but undecodable. Internal to the core.
#pragma once

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace cryptoshim::webpki {

enum class Presence { kAbsent, kPresent, kMalformed };

template <typename T>
struct DecodedExtension {
  Presence presence = Presence::kAbsent;
  bool critical = false;
  std::unique_ptr<T, void (*)(T*)> value{nullptr, nullptr};

  bool present() const { return presence != Presence::kAbsent; }
  bool malformed() const { return presence == Presence::kMalformed; }
};

// The first extension with `nid`, decoded with OpenSSL's registered method.
// Duplicates are rejected separately (HasDuplicateExtensions).
template <typename T>
DecodedExtension<T> GetExtension(X509* cert, int nid, void (*free_fn)(T*)) {
  DecodedExtension<T> out;
  out.value = std::unique_ptr<T, void (*)(T*)>(nullptr, free_fn);
  int loc = X509_get_ext_by_NID(cert, nid, -1);
  if (loc < 0) return out;
  X509_EXTENSION* ext = X509_get_ext(cert, loc);
  out.critical = X509_EXTENSION_get_critical(ext) > 0;
  T* decoded = static_cast<T*>(X509V3_EXT_d2i(ext));
  if (decoded == nullptr) {
    out.presence = Presence::kMalformed;
    return out;
  }
  out.value.reset(decoded);
  out.presence = Presence::kPresent;
  return out;
}

// Free functions with the exact signatures GetExtension needs.
inline void FreeBasicConstraints(BASIC_CONSTRAINTS* p) { BASIC_CONSTRAINTS_free(p); }
inline void FreeBitString(ASN1_BIT_STRING* p) { ASN1_BIT_STRING_free(p); }
inline void FreeOctetString(ASN1_OCTET_STRING* p) { ASN1_OCTET_STRING_free(p); }
inline void FreeEku(EXTENDED_KEY_USAGE* p) { EXTENDED_KEY_USAGE_free(p); }
inline void FreeGeneralNames(GENERAL_NAMES* p) { GENERAL_NAMES_free(p); }
inline void FreeNameConstraints(NAME_CONSTRAINTS* p) { NAME_CONSTRAINTS_free(p); }
inline void FreeAuthorityKeyId(AUTHORITY_KEYID* p) { AUTHORITY_KEYID_free(p); }
inline void FreeAuthorityInfoAccess(AUTHORITY_INFO_ACCESS* p) { AUTHORITY_INFO_ACCESS_free(p); }
inline void FreePolicyConstraints(POLICY_CONSTRAINTS* p) { POLICY_CONSTRAINTS_free(p); }

inline DecodedExtension<GENERAL_NAMES> GetSubjectAltName(X509* cert) {
  return GetExtension<GENERAL_NAMES>(cert, NID_subject_alt_name, FreeGeneralNames);
}

}  // namespace cryptoshim::webpki
