// The per-certificate rules of the WebPKI profile (CA/B Forum Baseline
// Requirements on top of RFC 5280), after pyca/cryptography's
// cryptography-x509-verification policy. Each check returns the first
// violated rule as text, or nullopt. Internal to the core.
#pragma once

#include <openssl/x509.h>

#include <cstdint>
#include <optional>
#include <string>

#include "cryptoshim/verifier.h"

namespace cryptoshim::webpki {

using Problem = std::optional<std::string>;

// Rules for every certificate in a path, trust anchors included: X.509 v3,
// matching signature algorithms, serial number, issuer, validity encoding and
// window, duplicate or unknown-critical extensions, public key algorithm and
// size, policyConstraints criticality. Anchors may have a zero serial (some
// deployed roots do).
Problem CheckCommon(X509* cert, int64_t now, bool is_anchor, const VerifierOptions& options);

// The end-entity profile (CABF 7.1.2.7): subjectAltName present and matching
// the peer, EKU, keyUsage, basicConstraints, AKI, no
// nameConstraints.
Problem CheckEndEntity(X509* leaf, const VerifierOptions& options);

// The CA profile (CABF 7.1.2.1-7.1.2.6): critical basicConstraints with cA,
// keyUsage with keyCertSign, AKI/SKI form, name constraints form, EKU, path
// length given `intermediates_below` non-self-issued intermediates under it.
// Trust anchors may omit AKI; self-signed anchors (roots) must omit EKU.
Problem CheckCa(X509* ca, bool is_anchor, int intermediates_below, const VerifierOptions& options);

// `issuer` signed `child` with an allowed signature algorithm.
Problem CheckIssuedBy(X509* child, X509* issuer);

// subject == issuer (RFC 5280 6.1: self-issued).
bool IsSelfIssued(X509* cert);

// Self-issued and verifiable with its own key.
bool IsSelfSigned(X509* cert);

// notBefore/notAfter as seconds since the epoch.
std::optional<int64_t> Asn1TimeToEpoch(const ASN1_TIME* t);

// "subject DN" for messages.
std::string DescribeCertificate(X509* cert);

}  // namespace cryptoshim::webpki
