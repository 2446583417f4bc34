// The only file compiled with CRYPTOSHIM_DEFAULT_DATA_DIR: the path differs in
// every clone, and a define on the whole test target made ccache miss on all
// 24 test files of a fresh clone, in both the release and the sanitized build.
#include "default_data_dir.h"

namespace cryptoshim::testing {

const char* DefaultDataDir() { return CRYPTOSHIM_DEFAULT_DATA_DIR; }

}  // namespace cryptoshim::testing
