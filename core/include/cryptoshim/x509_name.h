// X.509 distinguished names (X509_NAME). A name either owns its X509_NAME or
// is a live view onto the name inside a certificate or request: a subject
// handed out for editing must change the certificate, so the
// view keeps its owner alive and re-resolves the field on every access (a
// replaced subject therefore never leaves a dangling pointer behind).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class X509Name {
 public:
  // Returns the current X509_NAME of the owner (never null while it lives).
  using Resolver = std::function<X509_NAME*()>;

  // Takes ownership of `name`.
  explicit X509Name(SslUniquePtr<X509_NAME> name);
  // A view; `resolve` must keep whatever it reads from alive (capture a
  // reference-counted owner in it).
  static X509Name View(Resolver resolve);
  // A new, empty, owned name.
  static StatusOr<X509Name> New();
  // Parses a DER Name.
  static StatusOr<X509Name> FromDer(BytesView der);

  // Borrowed handle; re-resolved on each call for views.
  X509_NAME* get0() const;
  // An owned deep copy (X509_NAME_dup), detached from any owner.
  StatusOr<X509Name> Copy() const;

  // OBJ_txt2nid over short names, long names and dotted OIDs. Unknown text
  // gives kInvalidArgument.
  static StatusOr<int> NidFromText(std::string_view text);

  int EntryCount() const;
  // Replaces the first entry with `nid` (attribute-style assignment):
  // the old entry is removed and the new one appended as UTF-8.
  Status SetEntry(int nid, BytesView utf8_value);
  // Appends an entry without removing existing ones.
  Status AddEntry(int nid, BytesView utf8_value);
  // UTF-8 text of the first entry with `nid`, or nullopt when absent.
  StatusOr<std::optional<std::string>> GetEntry(int nid) const;
  // (short name, raw value bytes) per entry, in order; values may hold NULs.
  std::vector<std::pair<std::string, Bytes>> Components() const;

  StatusOr<Bytes> Der() const;
  // X509_NAME_hash_ex (SHA-1 based, as X509_NAME_hash); 0 on failure.
  unsigned long Hash() const;
  // X509_NAME_oneline into a 512-byte buffer (longer names are truncated).
  std::string OneLine() const;
  // X509_NAME_cmp; <0, 0, >0.
  int Compare(const X509Name& other) const;

 private:
  std::shared_ptr<X509_NAME> owned_;
  Resolver resolve_;
};

}  // namespace cryptoshim
