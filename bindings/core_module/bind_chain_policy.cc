// _core.weak_cryptography_in_chain: the compat policy's look at a chain that
// OpenSSL accepted, run after every legacy verification (pyOpenSSL's
// X509StoreContext, M2Crypto's X509_Store_Context). In C++ because in Python
// it cost about a tenth of a whole verification (a Key object and a subject
// string per certificate). The rule is the safety policy's
// (safety_policy.h); cryptoshim.x509_verification.weak_cryptography_in_chain
// is the Python face of this function.
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <string>

#include "chain_policy.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/safety_policy.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// "<subject oneline>: <problem>", as bytes: the caller decodes with
// errors="replace", as a subject need not be UTF-8.
::py::object Problem(const Certificate& cert, const std::string& problem) {
  return ::py::bytes(cert.Subject().OneLine() + ": " + problem);
}

// Whether the certificate's signature is over a weak digest: by NID when the
// signature algorithm names its digest (sha1WithRSAEncryption, ecdsa-with-SHA1),
// by name otherwise (RSA-PSS and others carry it in parameters).
bool SignedWithWeakDigest(const Certificate& cert) {
  int digest_nid = NID_undef;
  int pkey_nid = NID_undef;
  if (OBJ_find_sigid_algs(X509_get_signature_nid(cert.get0()), &digest_nid, &pkey_nid) &&
      digest_nid != NID_undef) {
    return safety::IsWeakDigestNid(digest_nid);
  }
  return safety::IsWeakDigest(ValueOrThrow(cert.SignatureAlgorithm()));
}

}  // namespace

// The anchor's self-signature is not judged (it is trusted as is), its key is.
::py::object WeakCryptographyInChain(const std::vector<const Certificate*>& chain) {
  const int min_bits = std::min(safety::kMinRsaBits, safety::kMinDsaBits);
  for (size_t i = 0; i < chain.size(); ++i) {
    const Certificate& cert = *chain[i];
    if (i + 1 < chain.size() && SignedWithWeakDigest(cert)) {
      return Problem(cert, "signed with " + ValueOrThrow(cert.SignatureAlgorithm()));
    }
    Key key = ValueOrThrow(cert.PublicKey());
    std::string type = key.type_name();
    if ((type == "RSA" || type == "DSA" || type == "RSA-PSS") && key.bits() < min_bits) {
      return Problem(cert, std::to_string(key.bits()) + "-bit " + type + " key");
    }
  }
  return ::py::none();
}

void RegisterChainPolicy(::py::module_& m) {
  m.def(
      "weak_cryptography_in_chain",
      [](const std::vector<const Certificate*>& chain) { return WeakCryptographyInChain(chain); },
      ::py::arg("chain"),
      "The first weak signature or small RSA/DSA key in a verified chain as bytes "
      "(b'<subject>: <problem>'), or None.");
}

}  // namespace cryptoshim::py
