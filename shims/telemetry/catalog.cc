#include "cryptoshim/shims/catalog.h"

#include <string>
#include <unordered_map>

namespace cryptoshim::shims {
namespace {

#include "cryptoshim/generated/catalog_table.inc"  // defines kCatalogTable[]

}  // namespace

std::span<const CatalogEntry> Catalog() { return std::span<const CatalogEntry>(kCatalogTable); }

std::optional<size_t> FindCatalogIndex(std::string_view id) {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, size_t>();
    for (size_t i = 0; i < std::size(kCatalogTable); ++i) (*m)[kCatalogTable[i].id] = i;
    return m;
  }();
  auto it = index->find(id);
  if (it == index->end()) return std::nullopt;
  return it->second;
}

std::string_view SafetyName(Safety s) {
  switch (s) {
    case Safety::kSafe:
      return "safe";
    case Safety::kLegacy:
      return "legacy";
    case Safety::kUnsafe:
      return "unsafe";
  }
  return "legacy";
}

std::string_view KindName(ApiKind k) {
  switch (k) {
    case ApiKind::kFunction:
      return "function";
    case ApiKind::kClass:
      return "class";
    case ApiKind::kMethod:
      return "method";
    case ApiKind::kConstant:
      return "constant";
    case ApiKind::kModule:
      return "module";
    case ApiKind::kAttribute:
      return "attribute";
  }
  return "function";
}

}  // namespace cryptoshim::shims
