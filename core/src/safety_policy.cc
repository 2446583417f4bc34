#include "cryptoshim/safety_policy.h"

#include <openssl/evp.h>
#include <openssl/objects.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace cryptoshim::safety {
namespace {

// The digest NID `name` resolves to: a digest name or alias first (the
// EVP table is case-insensitive and knows "RSA-SHA1"), then an object name
// or OID, and for a signature algorithm the digest it signs over.
int DigestNid(const std::string& name) {
  if (const EVP_MD* md = EVP_get_digestbyname(name.c_str())) return EVP_MD_get_type(md);
  int nid = OBJ_txt2nid(name.c_str());
  int digest_nid = NID_undef;
  int pkey_nid = NID_undef;
  if (nid != NID_undef && OBJ_find_sigid_algs(nid, &digest_nid, &pkey_nid) &&
      digest_nid != NID_undef) {
    return digest_nid;
  }
  return nid;
}

constexpr std::array kWeakDigestNids = {NID_md2,  NID_md4,  NID_md5,      NID_md5_sha1,
                                        NID_mdc2, NID_sha1, NID_ripemd160};

constexpr std::array kWeakMacDigestNids = {NID_md2, NID_md4, NID_md5};

// DigestNid for any case legacy callers use; NID_undef for what OpenSSL does
// not know (or a name with an embedded NUL, which no C API would see whole).
int ResolveDigestNid(std::string_view name) {
  if (name.empty() || name.find('\0') != std::string_view::npos) return NID_undef;
  std::string text(name);
  int nid = DigestNid(text);
  if (nid == NID_undef) {
    // Object short names are case-sensitive ("ecdsa-with-SHA1").
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    nid = DigestNid(text);
  }
  return nid;
}

template <size_t N>
bool Contains(const std::array<int, N>& nids, int nid) {
  return std::find(nids.begin(), nids.end(), nid) != nids.end();
}

}  // namespace

bool IsWeakDigest(std::string_view name) {
  return Contains(kWeakDigestNids, ResolveDigestNid(name));
}

bool IsWeakDigestNid(int digest_nid) { return Contains(kWeakDigestNids, digest_nid); }

bool IsWeakMacDigest(std::string_view name) {
  return Contains(kWeakMacDigestNids, ResolveDigestNid(name));
}

}  // namespace cryptoshim::safety
