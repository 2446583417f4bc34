#include "webpki_profile.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <set>

#include "webpki_algorithms.h"
#include "webpki_extensions.h"
#include "webpki_peer_name.h"

namespace cryptoshim::webpki {

namespace {

// Extensions the profile understands; any other critical one is refused
// (RFC 5280 4.2: a verifier MUST reject unrecognised critical extensions).
bool IsKnownExtension(int nid) {
  switch (nid) {
    case NID_basic_constraints:
    case NID_key_usage:
    case NID_ext_key_usage:
    case NID_subject_alt_name:
    case NID_name_constraints:
    case NID_authority_key_identifier:
    case NID_subject_key_identifier:
    case NID_info_access:
    case NID_certificate_policies:
    case NID_policy_constraints:
    case NID_policy_mappings:
    case NID_inhibit_any_policy:
    case NID_crl_distribution_points:
      return true;
    default:
      return false;
  }
}

Problem CheckExtensionList(X509* cert) {
  std::set<std::string> seen;
  int count = X509_get_ext_count(cert);
  for (int i = 0; i < count; ++i) {
    X509_EXTENSION* ext = X509_get_ext(cert, i);
    const ASN1_OBJECT* obj = X509_EXTENSION_get_object(ext);
    char oid[128];
    if (OBJ_obj2txt(oid, sizeof(oid), obj, 1) <= 0) return "extension OID cannot be read";
    if (!seen.insert(oid).second) return std::string("duplicate extension ") + oid;
    if (X509_EXTENSION_get_critical(ext) > 0 && !IsKnownExtension(OBJ_obj2nid(obj))) {
      return std::string("unrecognised critical extension ") + oid;
    }
  }
  return std::nullopt;
}

Problem CheckSerial(X509* cert, bool is_anchor) {
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
  if (serial == nullptr) return "certificate has no serial number";
  if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER) return "serial number is negative";
  const unsigned char* data = ASN1_STRING_get0_data(serial);
  int len = ASN1_STRING_length(serial);
  bool zero = true;
  for (int i = 0; i < len; ++i) zero = zero && data[i] == 0;
  // RFC 5280 4.1.2.2: positive and at most 20 octets. 21 are tolerated when the
  // top bit forces a leading zero octet (a 20-byte random value).
  int encoded = len + ((len > 0 && (data[0] & 0x80)) ? 1 : 0);
  if (encoded > 21) return "serial number is longer than 20 octets";
  if (zero && !is_anchor) return "serial number is zero";
  return std::nullopt;
}

Problem CheckValidity(X509* cert, int64_t now) {
  for (const ASN1_TIME* t : {X509_get0_notBefore(cert), X509_get0_notAfter(cert)}) {
    if (t == nullptr) return "validity period is missing";
    // RFC 5280 4.1.2.5: dates before 2050 MUST be UTCTime.
    struct tm tm = {};
    if (ASN1_TIME_to_tm(t, &tm) != 1) return "validity date is malformed";
    int year = tm.tm_year + 1900;
    if (ASN1_STRING_type(t) == V_ASN1_GENERALIZEDTIME && year >= 1950 && year < 2050) {
      return "validity dates between 1950 and 2049 must be UTCTime";
    }
  }
  std::optional<int64_t> not_before = Asn1TimeToEpoch(X509_get0_notBefore(cert));
  std::optional<int64_t> not_after = Asn1TimeToEpoch(X509_get0_notAfter(cert));
  if (!not_before || !not_after) return "validity date is malformed";
  // Both bounds are inclusive (RFC 5280 4.1.2.5); OpenSSL treats the notAfter
  // second itself as expired, which is why its own time check is off.
  if (now < *not_before) return "certificate is not yet valid";
  if (now > *not_after) return "certificate has expired";
  return std::nullopt;
}

Problem CheckPublicKey(X509* cert, const VerifierOptions& options) {
  if (!IsPermittedSpkiAlgorithm(cert)) {
    return "public key algorithm is not permitted (RSA or P-256/384/521 named curves only)";
  }
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (key == nullptr) return "public key cannot be decoded";
  if (EVP_PKEY_is_a(key, "RSA")) {
    int bits = EVP_PKEY_get_bits(key);
    if (bits < options.minimum_rsa_bits) return "RSA key is too small";
    if (bits % 8 != 0) return "RSA modulus size is not a multiple of 8";
  }
  return std::nullopt;
}

// The policy's EKU (serverAuth or clientAuth).
int PolicyEkuNid(const VerifierOptions& options) {
  return options.kind == ValidationKind::kServer ? NID_server_auth : NID_client_auth;
}

bool EkuContains(const EXTENDED_KEY_USAGE* eku, int nid) {
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) {
    if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i)) == nid) return true;
  }
  return false;
}

bool BitSet(const ASN1_BIT_STRING* bits, int n) { return ASN1_BIT_STRING_get_bit(bits, n) == 1; }

Problem CheckAuthorityInfoAccess(X509* cert) {
  auto aia = GetExtension<AUTHORITY_INFO_ACCESS>(cert, NID_info_access, FreeAuthorityInfoAccess);
  if (aia.malformed()) return "authorityInformationAccess is malformed";
  if (aia.present() && aia.critical) return "authorityInformationAccess must not be critical";
  return std::nullopt;
}

Problem CheckPolicyConstraints(X509* cert) {
  auto pc = GetExtension<POLICY_CONSTRAINTS>(cert, NID_policy_constraints, FreePolicyConstraints);
  if (pc.malformed()) return "policyConstraints is malformed";
  // RFC 5280 4.2.1.11: conforming CAs MUST mark it critical.
  if (pc.present() && !pc.critical) return "policyConstraints must be critical";
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> Asn1TimeToEpoch(const ASN1_TIME* t) {
  struct tm tm = {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

std::string DescribeCertificate(X509* cert) {
  char buf[256];
  if (X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof(buf)) == nullptr) return "?";
  return buf;
}

bool IsSelfIssued(X509* cert) {
  return X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
}

bool IsSelfSigned(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  return IsSelfIssued(cert) && key != nullptr && X509_verify(cert, key) == 1;
}

Problem CheckCommon(X509* cert, int64_t now, bool is_anchor, const VerifierOptions& options) {
  // CABF 7.1.1: X.509 v3 only.
  if (X509_get_version(cert) != X509_VERSION_3) return "certificate is not X.509 v3";
  // RFC 5280 4.1.1.2: the outer and TBS signature algorithms must agree.
  const X509_ALGOR* outer = nullptr;
  X509_get0_signature(nullptr, &outer, cert);
  if (outer == nullptr || X509_ALGOR_cmp(outer, X509_get0_tbs_sigalg(cert)) != 0) {
    return "signatureAlgorithm does not match the TBS signature algorithm";
  }
  if (Problem p = CheckSerial(cert, is_anchor)) return p;
  if (X509_NAME_entry_count(X509_get_issuer_name(cert)) == 0) return "issuer name is empty";
  if (Problem p = CheckValidity(cert, now)) return p;
  if (Problem p = CheckExtensionList(cert)) return p;
  if (Problem p = CheckPublicKey(cert, options)) return p;
  if (Problem p = CheckAuthorityInfoAccess(cert)) return p;
  if (Problem p = CheckPolicyConstraints(cert)) return p;
  return std::nullopt;
}

Problem CheckEndEntity(X509* leaf, const VerifierOptions& options) {
  const bool webpki = options.leaf_profile == LeafProfile::kWebPki;
  auto bc = GetExtension<BASIC_CONSTRAINTS>(leaf, NID_basic_constraints, FreeBasicConstraints);
  if (bc.malformed()) return "basicConstraints is malformed";
  if (webpki && bc.present() && bc.value->ca) {
    return "basicConstraints.cA must not be set on an end-entity";
  }

  auto ku = GetExtension<ASN1_BIT_STRING>(leaf, NID_key_usage, FreeBitString);
  if (ku.malformed()) return "keyUsage is malformed";
  if (ku.present()) {
    if (webpki && BitSet(ku.value.get(), 5)) {
      return "end-entity keyUsage must not assert keyCertSign";
    }
    for (int bit = 0; bit < 8; ++bit) {
      unsigned mask = 0x80u >> bit;
      if ((options.required_key_usage & mask) && !BitSet(ku.value.get(), bit)) {
        return "end-entity keyUsage lacks a required usage";
      }
    }
  }

  auto nc = GetExtension<NAME_CONSTRAINTS>(leaf, NID_name_constraints, FreeNameConstraints);
  if (nc.present()) return "nameConstraints must not appear in an end-entity";

  auto aki = GetExtension<AUTHORITY_KEYID>(leaf, NID_authority_key_identifier, FreeAuthorityKeyId);
  if (aki.malformed()) return "authorityKeyIdentifier is malformed";
  if (!aki.present()) return "end-entity lacks authorityKeyIdentifier";
  if (aki.critical) return "authorityKeyIdentifier must not be critical";

  auto ski = GetExtension<ASN1_OCTET_STRING>(leaf, NID_subject_key_identifier, FreeOctetString);
  if (ski.malformed()) return "subjectKeyIdentifier is malformed";

  // CABF 7.1.2.7.10: the EKU is required and must name the policy's usage;
  // anyExtendedKeyUsage does not count. (RFC 5280 alone would accept a
  // missing EKU; this verifier takes the WebPKI side.)
  auto eku = GetExtension<EXTENDED_KEY_USAGE>(leaf, NID_ext_key_usage, FreeEku);
  if (eku.malformed()) return "extendedKeyUsage is malformed";
  if (!webpki) {
    // RFC 5280 4.2.1.12: absent means any usage; present must allow ours.
    if (eku.present() && !EkuContains(eku.value.get(), PolicyEkuNid(options)) &&
        !EkuContains(eku.value.get(), NID_anyExtendedKeyUsage)) {
      return "end-entity extendedKeyUsage lacks the required usage";
    }
    return CheckEndEntityNames(leaf, options);
  }
  if (!eku.present()) return "end-entity lacks extendedKeyUsage";
  if (eku.critical) return "extendedKeyUsage must not be critical";
  if (!EkuContains(eku.value.get(), PolicyEkuNid(options))) {
    return "end-entity extendedKeyUsage lacks the required usage";
  }
  if (EkuContains(eku.value.get(), NID_anyExtendedKeyUsage)) {
    return "end-entity extendedKeyUsage must not contain anyExtendedKeyUsage";
  }

  return CheckEndEntityNames(leaf, options);
}

Problem CheckCa(X509* ca, bool is_anchor, int intermediates_below, const VerifierOptions& options) {
  auto bc = GetExtension<BASIC_CONSTRAINTS>(ca, NID_basic_constraints, FreeBasicConstraints);
  if (bc.malformed()) return "basicConstraints is malformed";
  if (!bc.present()) return "CA lacks basicConstraints";
  if (!bc.critical) return "CA basicConstraints must be critical";
  if (!bc.value->ca) return "basicConstraints.cA is not set on a CA";
  if (bc.value->pathlen != nullptr) {
    long pathlen = ASN1_INTEGER_get(bc.value->pathlen);
    if (pathlen < 0 || intermediates_below > pathlen) return "path length constraint violated";
  }

  auto ku = GetExtension<ASN1_BIT_STRING>(ca, NID_key_usage, FreeBitString);
  if (ku.malformed()) return "keyUsage is malformed";
  // RFC 5280 4.2.1.3 makes keyUsage a MUST for CAs when they issue; path
  // validation (6.1) takes a trust anchor as an input and does not process
  // its extensions, and 6.3.3 (f) checks a CRL issuer's cRLSign only "if a
  // key usage extension is present". So an anchor without keyUsage is
  // accepted (crl::issuer-no-keyusage-extension); one that has keyUsage is
  // held to it, and every intermediate must carry it. pyca/cryptography
  // applies its CA policy to anchors too and would refuse; see
  // compat_tests/limbo/README.md.
  if (!ku.present()) {
    if (!is_anchor) return "CA lacks keyUsage";
  } else if (!BitSet(ku.value.get(), 5)) {
    return "CA keyUsage lacks keyCertSign";
  }

  auto ski = GetExtension<ASN1_OCTET_STRING>(ca, NID_subject_key_identifier, FreeOctetString);
  if (ski.malformed()) return "subjectKeyIdentifier is malformed";
  // RFC 5280 4.2.1.2: MUST appear in CA certificates, MUST NOT be critical.
  if (!ski.present()) return "CA lacks subjectKeyIdentifier";
  if (ski.critical) return "subjectKeyIdentifier must not be critical";

  auto aki = GetExtension<AUTHORITY_KEYID>(ca, NID_authority_key_identifier, FreeAuthorityKeyId);
  if (aki.malformed()) return "authorityKeyIdentifier is malformed";
  if (aki.present()) {
    if (aki.critical) return "authorityKeyIdentifier must not be critical";
    // CABF 7.1.2.11.1: keyIdentifier only.
    if (aki.value->keyid == nullptr) return "authorityKeyIdentifier lacks keyIdentifier";
    if (aki.value->issuer != nullptr) {
      return "authorityKeyIdentifier must not contain authorityCertIssuer";
    }
    if (aki.value->serial != nullptr) {
      return "authorityKeyIdentifier must not contain authorityCertSerialNumber";
    }
    if (IsSelfSigned(ca) && ASN1_OCTET_STRING_cmp(aki.value->keyid, ski.value.get()) != 0) {
      return "self-signed CA's authorityKeyIdentifier does not match its subjectKeyIdentifier";
    }
  } else if (!is_anchor && !IsSelfIssued(ca)) {
    // RFC 5280 4.2.1.1: only self-signed CAs may omit it. Trust anchors are
    // inputs, not path members (RFC 5280 6.1.1 (d)): a cross-signed anchor
    // without AKI is still the anchor it was configured as.
    return "CA that is not self-issued lacks authorityKeyIdentifier";
  }

  auto nc = GetExtension<NAME_CONSTRAINTS>(ca, NID_name_constraints, FreeNameConstraints);
  if (nc.malformed()) return "nameConstraints is malformed";
  if (nc.present() && sk_GENERAL_SUBTREE_num(nc.value->permittedSubtrees) <= 0 &&
      sk_GENERAL_SUBTREE_num(nc.value->excludedSubtrees) <= 0) {
    return "nameConstraints must have non-empty permittedSubtrees or excludedSubtrees";
  }

  auto eku = GetExtension<EXTENDED_KEY_USAGE>(ca, NID_ext_key_usage, FreeEku);
  if (eku.malformed()) return "extendedKeyUsage is malformed";
  if (eku.present()) {
    // CABF 7.1.2.1.2: root CA certificates MUST NOT carry extKeyUsage.
    if (is_anchor && IsSelfSigned(ca)) return "root CA must not have extendedKeyUsage";
    if (eku.critical) return "extendedKeyUsage must not be critical";
    if (!EkuContains(eku.value.get(), PolicyEkuNid(options)) &&
        !EkuContains(eku.value.get(), NID_anyExtendedKeyUsage)) {
      return "CA extendedKeyUsage excludes the required usage";
    }
  }
  return std::nullopt;
}

Problem CheckIssuedBy(X509* child, X509* issuer) {
  const X509_ALGOR* alg = nullptr;
  X509_get0_signature(nullptr, &alg, child);
  if (!IsPermittedSignatureAlgorithm(alg)) return "signature algorithm is not permitted";
  EVP_PKEY* key = X509_get0_pubkey(issuer);
  if (key == nullptr) return "issuer public key cannot be decoded";
  if (X509_verify(child, key) != 1) return "signature does not verify with the issuer's key";
  return std::nullopt;
}

}  // namespace cryptoshim::webpki
