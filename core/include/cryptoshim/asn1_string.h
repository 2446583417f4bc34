// An ASN.1 string value (any of the string types), owned or viewed in place
// (e.g. the data of an X.509 name entry). Views re-resolve on every access so
// a modified or removed owner field is never read through a stale pointer.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cryptoshim/bytes.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Asn1String {
 public:
  using Resolver = std::function<ASN1_STRING*()>;

  // An OCTET STRING holding `data` (ASN1_STRING_new's default type).
  static StatusOr<Asn1String> New(BytesView data);
  static Asn1String View(Resolver resolve);

  ASN1_STRING* get0() const { return resolve_ ? resolve_() : owned_.get(); }

  StatusOr<int> type() const;
  StatusOr<Bytes> Data() const;
  Status Set(BytesView data);
  // ASN1_STRING_print: printable characters, others as '.'.
  StatusOr<std::string> Print() const;
  // ASN1_STRING_print_ex with ASN1_STRFLGS_* flags.
  StatusOr<std::string> PrintEx(unsigned long flags) const;

 private:
  Asn1String() = default;
  StatusOr<ASN1_STRING*> Require() const;
  std::shared_ptr<ASN1_STRING> owned_;
  Resolver resolve_;
};

}  // namespace cryptoshim
