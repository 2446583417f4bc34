#ifndef CRYPTOSHIM_COMPAT_TESTS_CPP_DEFAULT_DATA_DIR_H_
#define CRYPTOSHIM_COMPAT_TESTS_CPP_DEFAULT_DATA_DIR_H_

namespace cryptoshim::testing {

// The shared/ test data folder beside the checkout (an absolute path fixed
// when CMake configures). Thread-safe: returns a constant.
const char* DefaultDataDir();

}  // namespace cryptoshim::testing

#endif  // CRYPTOSHIM_COMPAT_TESTS_CPP_DEFAULT_DATA_DIR_H_
