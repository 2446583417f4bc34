// The one place that decides Wycheproof's `acceptable` vectors, in the style
// of BoringSSL's WycheproofResult::IsValid(acceptable_flags): an acceptable
// vector must be accepted when every one of its flags is kAccept here, and
// must be rejected when any of them is kReject. A flag the vectors use but no
// entry decides fails the test, so nothing is settled by default.
// The Python legacy-shim tests read these same tables
// (compat_tests/python/wycheproof_util.py parses the `{"Flag", Decision::kX`
// entries), so both languages apply one policy.
#pragma once

#include <vector>

namespace cryptoshim::testing {

enum class Decision { kAccept, kReject };

struct FlagDecision {
  const char* flag;
  Decision decision;
  const char* reason;
};

using AcceptablePolicy = std::vector<FlagDecision>;

// rsa_signature_*: RSASSA-PKCS1-v1_5 verification.
inline const AcceptablePolicy kRsaPkcs1VerifyPolicy = {
    {"MissingNull", Decision::kReject,
     "DigestInfo without the NULL parameters of the AlgorithmIdentifier: OpenSSL 3 rejects it "
     "(RSA_verify compares the re-encoded DigestInfo), as pyca/cryptography does; RFC 8017 9.2 "
     "note 2 only says implementations MAY accept it"},
};

// rsa_pkcs1_*_sig_gen_*: RSASSA-PKCS1-v1_5 signing must reproduce the exact
// (deterministic) signature. The core signs with legacy keys and hashes
// because the legacy APIs it serves do; refusing them is policy.py's job.
inline const AcceptablePolicy kRsaPkcs1SignPolicy = {
    {"SmallModulus", Decision::kAccept,
     "1024/1536-bit moduli: weak, but legacy callers still sign with them; output must match"},
    {"WeakHash", Decision::kAccept,
     "SHA-1: weak, but still signed with by legacy callers; output must match"},
    {"SmallPublicKey", Decision::kAccept,
     "e = 3 (and short signatures / signatures close to n): a valid RSA key; output must match"},
};

// rsa_oaep_*: RSAES-OAEP decryption.
inline const AcceptablePolicy kRsaOaepDecryptPolicy = {
    {"Constructed", Decision::kAccept,
     "seed and label chosen to give em special properties; still a well-formed OAEP encoding"},
    {"EncryptionWithLabel", Decision::kAccept,
     "a non-empty label is part of RFC 8017 OAEP; the core passes it through"},
    {"SmallIntegerCiphertext", Decision::kAccept,
     "c = 0 or 1 breaks SP 800-56B 7.1.2.1's range check but RFC 8017 7.1.2 only requires c < n; "
     "OpenSSL follows RFC 8017 and the plaintext must come out right"},
};

// dsa_*: DSA verification (DER).
inline const AcceptablePolicy kDsaVerifyPolicy = {
    {"MissingZero", Decision::kReject,
     "r or s encoded without the leading zero byte (a negative INTEGER): not DER; OpenSSL "
     "re-encodes and compares, so malleable encodings never verify"},
};

// ecdh_*: ECDH with the peer key as SubjectPublicKeyInfo (encoding "asn").
inline const AcceptablePolicy kEcdhPolicy = {
    {"CompressedPublic", Decision::kAccept,
     "compressed points are valid SEC1 (2.3.4) encodings and OpenSSL decodes them"},
    {"CompressedPoint", Decision::kAccept, "same as CompressedPublic"},
    {"InvalidAsn", Decision::kReject,
     "peer keys are parsed as strict DER (LoadPublicKeyStrictDer); BER variants and trailing "
     "bytes are refused"},
    {"UnnamedCurve", Decision::kReject,
     "explicit curve parameters (specifiedCurve) are refused by KeyAgreement: RFC 5480 2.1.1 "
     "forbids them in PKIX, and they are a classic source of invalid-curve bugs"},
    {"UnusedParam", Decision::kReject, "only occurs with explicit parameters (see UnnamedCurve)"},
    {"ModifiedCofactor", Decision::kReject, "only occurs with explicit parameters"},
    {"ModifiedCurveParameter", Decision::kReject, "only occurs with explicit parameters"},
    {"ModifiedGenerator", Decision::kReject, "only occurs with explicit parameters"},
    {"NoCofactor", Decision::kReject, "only occurs with explicit parameters"},
    {"WrongOrder", Decision::kReject, "only occurs with explicit parameters"},
};

// x25519_* / x448_*: RFC 7748 key agreement.
inline const AcceptablePolicy kXdhPolicy = {
    {"ZeroSharedSecret", Decision::kReject,
     "RFC 7748 6.1: the all-zero output of a low-order point is refused (KeyAgreement checks it, "
     "and OpenSSL's X25519 fails on it too)"},
    {"LowOrderPublic", Decision::kReject,
     "always gives the all-zero secret (see ZeroSharedSecret)"},
    {"SmallPublicKey", Decision::kReject, "u = 0 or 1: low order, all-zero secret"},
    {"Twist", Decision::kAccept,
     "RFC 7748 defines X25519/X448 on the twist too; the output must match"},
    {"NonCanonicalPublic", Decision::kAccept,
     "u >= p: RFC 7748 5 says to accept and reduce it mod p; the output must match"},
    {"EdgeCaseMultiplication", Decision::kAccept, "arithmetic edge case; the output must match"},
    {"EdgeCaseShared", Decision::kAccept, "arithmetic edge case; the output must match"},
    {"SpecialPublicKey", Decision::kAccept, "arithmetic edge case; the output must match"},
    {"Ktv", Decision::kAccept, "known test vector from RFC 7748"},
};

}  // namespace cryptoshim::testing
