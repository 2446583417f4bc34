// M2Crypto's RSA semantics over EVP_PKEY: the low-level RSA_* calls it wraps
// (public/private encrypt/decrypt with an explicit padding number, RSA_sign
// over a precomputed digest, PSS over a digest) and its MPI encoding of the
// public components.
#pragma once

#include <openssl/evp.h>

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// OpenSSL's RSA_*_PADDING numbers, which M2Crypto exposes unchanged.
inline constexpr int kPkcs1Padding = 1;
inline constexpr int kNoPadding = 3;
inline constexpr int kPkcs1OaepPadding = 4;
inline constexpr int kX931Padding = 5;
inline constexpr int kPkcs1PssPadding = 6;

// Raw RSA (no_padding) and X9.31 are textbook RSA: callers record them as
// unsafe. Only pkcs1/oaep (encrypt) and pkcs1/no/x931 (private_encrypt)
// reach OpenSSL; other numbers give kInvalidArgument.
bool IsUnsafeRsaPadding(int padding);

StatusOr<Bytes> RsaPublicEncrypt(const Key& key, BytesView data, int padding);
StatusOr<Bytes> RsaPrivateDecrypt(const Key& key, BytesView data, int padding);
StatusOr<Bytes> RsaPrivateEncrypt(const Key& key, BytesView data, int padding);
StatusOr<Bytes> RsaPublicDecrypt(const Key& key, BytesView data, int padding);

// RSA_sign / RSA_verify: rsa_pkcs1_signature.h.

// RSASSA-PSS over a precomputed digest, MGF1 with the same hash.
StatusOr<Bytes> RsaSignPssDigest(const Key& key, BytesView digest, std::string_view digest_name,
                                 int salt_length);
Status RsaVerifyPssDigest(const Key& key, BytesView digest, BytesView signature,
                          std::string_view digest_name, int salt_length);

// OpenSSL's BN_bn2mpi format: 4-byte big-endian length, then the magnitude
// with a leading zero byte when its top bit is set.
StatusOr<Bytes> RsaPublicExponentMpi(const Key& key);
StatusOr<Bytes> RsaModulusMpi(const Key& key);
// A public RSA key from MPI-encoded e and n.
StatusOr<Key> RsaPublicKeyFromMpi(BytesView e_mpi, BytesView n_mpi);
// A private key from (e, n, d) alone (no CRT factors): what old code builds
// with m2.rsa_set_n/e/d. OpenSSL checks only that the numbers are present.
StatusOr<Key> RsaPrivateKeyFromMpi(BytesView e_mpi, BytesView n_mpi, BytesView d_mpi);

// Big-number conversions shared with m2's flat helpers.
StatusOr<Bytes> MpiFromBigEndian(BytesView magnitude);
StatusOr<Bytes> BigEndianFromMpi(BytesView mpi);

}  // namespace cryptoshim::m2crypto
