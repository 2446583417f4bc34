#include "call_sites.h"

namespace cryptoshim::py {

SiteInfo& SiteCache::Lookup(PyCodeObject* code, int lasti, size_t index, bool* fresh) {
  SiteKey key{code, lasti, index};
  auto it = sites_.find(key);
  if (it != sites_.end()) {
    *fresh = false;
    return it->second;
  }
  if (sites_.size() >= kMaxSites) {  // a program generating code endlessly
    for (auto& [k, _] : sites_) Py_DECREF(k.code);
    sites_.clear();
    ++epoch_;
  }
  Py_INCREF(code);
  *fresh = true;
  return sites_.try_emplace(key).first->second;
}

SiteCache& Sites() {
  static auto* cache = new SiteCache();  // leaked: used until interpreter exit
  return *cache;
}

}  // namespace cryptoshim::py
