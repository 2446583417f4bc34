#include "public_suffix.h"

#include <libpsl.h>

#include <string>

namespace cryptoshim::webpki {

namespace {

// psl_latest(NULL) picks the newer of libpsl's built-in list and the
// distribution's file (/usr/share/publicsuffix), so a publicsuffix package
// update takes effect without rebuilding. Loaded once; libpsl contexts are
// read-only after loading and safe to share between threads.
const psl_ctx_t* List() {
  static const psl_ctx_t* const list = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : psl_builtin();
  }();
  return list;
}

}  // namespace

bool IsPublicSuffix(std::string_view domain) {
  const psl_ctx_t* list = List();
  if (list == nullptr || domain.empty() || domain.find('\0') != std::string_view::npos) {
    return false;
  }
  std::string text(domain);
  return psl_is_public_suffix2(list, text.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

}  // namespace cryptoshim::webpki
