// The core's safety policy (core/include/cryptoshim/safety_policy.h), bound
// once: cryptoshim.policy re-exports it for the drop-ins and the verifier.
#include "cryptoshim/safety_policy.h"
#include "register.h"

namespace cryptoshim::py {

void RegisterPolicy(::pybind11::module_& m) {
  m.def("is_weak_digest", &safety::IsWeakDigest, pybind11::arg("name"),
        "True for MD2/MD4/MD5/MD5-SHA1/MDC2/SHA-1/RIPEMD-160, or a signature algorithm over one, "
        "in any spelling OpenSSL resolves.");
  m.def("is_weak_mac_digest", &safety::IsWeakMacDigest, pybind11::arg("name"),
        "True for MD2/MD4/MD5 (too weak even under HMAC), in any spelling OpenSSL resolves.");
  m.attr("MIN_RSA_BITS") = safety::kMinRsaBits;
  m.attr("MIN_DSA_BITS") = safety::kMinDsaBits;
  m.attr("MIN_DH_BITS") = safety::kMinDhBits;
}

}  // namespace cryptoshim::py
