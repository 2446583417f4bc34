// PKCS#12 archives: parse (with a private fallback for legacy RC2/RC4/DES
// files that OpenSSL 3's default provider refuses) and create.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

struct Pkcs12Contents {
  std::optional<Key> key;
  std::optional<Certificate> certificate;
  // The certificate's friendlyName (X509_alias_get0), when it has one.
  std::optional<Bytes> friendly_name;
  std::vector<Certificate> ca_certificates;
};

// `password` nullopt and "" are treated alike (as PKCS12_parse does: it tries
// both the absent and the empty password against the MAC). kBadPassword when
// the MAC does not verify or decryption fails; kParse for malformed DER.
StatusOr<Pkcs12Contents> ParsePkcs12(BytesView der, const std::optional<std::string>& password);

struct Pkcs12Options {
  std::optional<std::string> password;  // nullopt: no password
  std::optional<Bytes> friendly_name;
  int iterations = 2048;
  // -1 leaves the MAC out entirely (PKCS12_create's convention).
  int mac_iterations = 1;
};

// PKCS12_create with pbeWithSHA1And3-KeyTripleDES-CBC for keys and
// certificates (what older readers accept), serialized as DER.
StatusOr<Bytes> CreatePkcs12(const Key* key, const Certificate* certificate,
                             const std::vector<const Certificate*>* ca_certificates,
                             const Pkcs12Options& options);

}  // namespace cryptoshim
