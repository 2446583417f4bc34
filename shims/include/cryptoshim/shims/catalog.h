// The legacy API catalog as C++ sees it: a table generated at build time from
// legacy_api/catalog/*.toml (see legacy_api/codegen/gen_catalog.py).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace cryptoshim::shims {

enum class ApiKind { kFunction, kClass, kMethod, kConstant, kModule, kAttribute };
enum class Safety { kSafe, kLegacy, kUnsafe };

struct CatalogEntry {
  std::string_view id;        // stable id, e.g. "pyopenssl.crypto.X509.get_subject"
  std::string_view module;    // "OpenSSL.crypto"
  std::string_view qualname;  // "X509.get_subject"
  ApiKind kind;
  std::string_view deprecated_in;  // upstream version, "" if never deprecated
  std::string_view removed_in;     // upstream version, "" if never removed
  Safety safety;
  std::string_view replacement;  // the concrete modern API to move to
  std::string_view unsafe_when;  // runtime condition that makes a call unsafe, or ""
  bool shimmed;                  // cryptoshim provides this entry point
};

// Every record, in catalog order. Indexes into this span are the fast ids the
// bindings use; the string id is what leaves the process.
std::span<const CatalogEntry> Catalog();

// Index of `id`, or nullopt when the catalog has no such record.
std::optional<size_t> FindCatalogIndex(std::string_view id);

std::string_view SafetyName(Safety s);
std::string_view KindName(ApiKind k);

}  // namespace cryptoshim::shims
