// Asymmetric keys (RSA, EC, Ed25519, Ed448, DSA, DH) as one owning EVP_PKEY
// handle. Owner of the key family: keys/*. Other primitives (certificates,
// PKCS#12, stores) take `const Key&` and use get0() without taking ownership.
#pragma once

#include <string>

#include "cryptoshim/bytes.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

enum class Encoding { kPem, kDer };

class Key {
 public:
  // Takes ownership of `pkey` (set0 semantics). `has_private` says whether the
  // handle carries private material.
  Key(SslUniquePtr<EVP_PKEY> pkey, bool has_private)
      : pkey_(std::move(pkey)), has_private_(has_private) {}

  // Borrowed handle; valid while this Key lives.
  EVP_PKEY* get0() const { return pkey_.get(); }
  // A new reference to the handle (the caller frees it).
  EVP_PKEY* get1() const {
    EVP_PKEY_up_ref(pkey_.get());
    return pkey_.get();
  }
  bool has_private() const { return has_private_; }

  // EVP_PKEY_get_base_id: EVP_PKEY_RSA, EVP_PKEY_EC, EVP_PKEY_ED25519, ...
  // (a NID).
  int type_id() const;
  // Size of the key in bits (modulus for RSA/DSA, order for EC).
  int bits() const;
  // Provider-level type name ("RSA", "EC", "ED25519", ...), for messages.
  std::string type_name() const;

  // Consistency check: for private keys the full private + pairwise check
  // (EVP_PKEY_check), for public-only keys EVP_PKEY_public_check.
  Status Check() const;

  // A public-only Key holding the public half of this one. The copy goes
  // through SubjectPublicKeyInfo DER so no private material is shared.
  StatusOr<Key> PublicKey() const;

 private:
  SslUniquePtr<EVP_PKEY> pkey_;
  bool has_private_;
};

}  // namespace cryptoshim
