// CRL signature check and update times as ASN.1 time views.
#pragma once

#include "cryptoshim/asn1_time.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"
#include "cryptoshim/x509_name.h"

namespace cryptoshim {

// X509_CRL_verify: 1 verified, 0 not, -1 the check could not run.
int VerifyCrlSignature(const Crl& crl, const Key& key);

Asn1Time CrlLastUpdate(const Crl& crl);
// A view that resolves to null when the CRL has no nextUpdate.
Asn1Time CrlNextUpdate(const Crl& crl);
// X509_CRL_set_issuer_name: the CRL keeps a copy.
Status SetCrlIssuer(const Crl& crl, const X509Name& name);

}  // namespace cryptoshim
