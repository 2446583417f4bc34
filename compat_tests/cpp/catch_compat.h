// Include this instead of a Catch2 header: it works with v2 and v3.
#pragma once
#if defined(CRYPTOSHIM_CATCH2_V3)
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#else
#include <catch2/catch.hpp>
#endif
