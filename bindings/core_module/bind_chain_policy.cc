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
#include <string_view>

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
//
// The NID's digest is remembered for the last signature NID seen: a verify
// looks at every certificate but the anchor, and OBJ_find_sigid_algs is a
// binary search each time (about half of this whole look). Callers hold the
// GIL, which guards the memo; a NID's algorithms never change once known.
int SignatureDigestNid(int signature_nid) {
  static int memo_signature = NID_undef;
  static int memo_digest = NID_undef;
  if (signature_nid != NID_undef && signature_nid == memo_signature) return memo_digest;
  int digest_nid = NID_undef;
  int pkey_nid = NID_undef;
  if (!OBJ_find_sigid_algs(signature_nid, &digest_nid, &pkey_nid)) return NID_undef;
  memo_signature = signature_nid;
  memo_digest = digest_nid;
  return digest_nid;
}

bool SignedWithWeakDigest(const Certificate& cert) {
  const int digest_nid = SignatureDigestNid(X509_get_signature_nid(cert.get0()));
  if (digest_nid != NID_undef) return safety::IsWeakDigestNid(digest_nid);
  return safety::IsWeakDigest(ValueOrThrow(cert.SignatureAlgorithm()));
}

template <typename At>
::py::object WeakIn(size_t size, At at) {
  const int min_bits = std::min(safety::kMinRsaBits, safety::kMinDsaBits);
  for (size_t i = 0; i < size; ++i) {
    const Certificate& cert = at(i);
    if (i + 1 < size && SignedWithWeakDigest(cert)) {
      return Problem(cert, "signed with " + ValueOrThrow(cert.SignatureAlgorithm()));
    }
    // The certificate's own key (X509_get0_pubkey): no Key object, no
    // up-reference, no string per certificate on a verify's path.
    EVP_PKEY* key = X509_get0_pubkey(cert.get0());
    // None: PublicKey() (X509_get_pubkey, the same lookup) fails too, and
    // raises its kParse error with OpenSSL's reasons as before.
    if (key == nullptr) ThrowStatus(cert.PublicKey().status());
    const char* name = EVP_PKEY_get0_type_name(key);
    const std::string_view type = name != nullptr ? name : "";
    if ((type == "RSA" || type == "DSA" || type == "RSA-PSS") &&
        EVP_PKEY_get_bits(key) < min_bits) {
      return Problem(cert,
                     std::to_string(EVP_PKEY_get_bits(key)) + "-bit " + std::string(type) + " key");
    }
  }
  return ::py::none();
}

}  // namespace

// The anchor's self-signature is not judged (it is trusted as is), its key is.
::py::object WeakCryptographyInChain(const std::vector<const Certificate*>& chain) {
  return WeakIn(chain.size(), [&](size_t i) -> const Certificate& { return *chain[i]; });
}

::py::object WeakCryptographyInChain(const std::vector<Certificate>& chain) {
  return WeakIn(chain.size(), [&](size_t i) -> const Certificate& { return chain[i]; });
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
