// PKCS#7 signing, verification, encryption and decryption, and the S/MIME
// (RFC 2311/5751) text form of the result. `flags` are OpenSSL's PKCS7_*
// bits (PKCS7_DETACHED, PKCS7_TEXT, PKCS7_BINARY, PKCS7_NOCERTS, ...); the
// bits that only make sense to OpenSSL's internal streaming (PKCS7_STREAM,
// PKCS7_PARTIAL, PKCS7_REUSE_DIGEST) are ignored, so every result is complete.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/pkcs7.h"
#include "cryptoshim/status.h"
#include "cryptoshim/store.h"

namespace cryptoshim {

using CertificateRefs = std::vector<const Certificate*>;

// Signs `data` as a signedData bag with one signer, using the digest named
// `digest` (an OpenSSL name: "sha256", ...). `extra_certs` are added to the
// bag's certificates (chain for the recipient). Unknown digests give
// kUnsupported; a key that does not match `signer` gives kInvalidArgument.
StatusOr<Pkcs7> Pkcs7Sign(const Certificate& signer, const Key& key,
                          const CertificateRefs& extra_certs, BytesView data,
                          std::string_view digest, int flags);

// Encrypts `data` to every certificate in `recipients` with the cipher named
// `cipher` ("aes-256-cbc", "des-ede3-cbc", ...). Legacy-provider ciphers are
// taken from the private legacy context (the caller reports them as unsafe).
StatusOr<Pkcs7> Pkcs7Encrypt(const CertificateRefs& recipients, BytesView data,
                             std::string_view cipher, int flags);

// Decrypts an envelopedData bag with `key`, whose certificate `cert` selects
// the recipient. kInvalidArgument (OpenSSL's reason) when nothing matches.
StatusOr<Bytes> Pkcs7Decrypt(const Pkcs7& p7, const Key& key, const Certificate& cert, int flags);

// What a chain-verification callback sees for one step of X509_verify_cert.
struct ChainStep {
  int error = 0;  // X509_V_ERR_* (0 when this step passed)
  int depth = 0;
  std::optional<Certificate> current;  // the certificate being checked
};
// Returns whether to accept the step (`ok` is OpenSSL's own verdict).
using ChainCallback = std::function<bool(bool ok, const ChainStep& step)>;

// Verifies a signedData bag against `store` (PKCS7_verify) and returns the
// signed content. `certs` are extra signer candidates; `detached` is the
// content of a detached signature. With a non-empty `callback` the signers'
// chains are verified with it installed on the verification context (as
// X509_STORE_set_verify_cb would, without changing the shared store).
StatusOr<Bytes> Pkcs7Verify(const Pkcs7& p7, const CertificateRefs& certs, const Store& store,
                            std::optional<BytesView> detached, int flags,
                            const ChainCallback& callback);

// The signer certificates of a signedData bag, looked up in `certs` and the
// bag's own certificates (PKCS7_get0_signers). New references.
StatusOr<std::vector<Certificate>> Pkcs7Signers(const Pkcs7& p7, const CertificateRefs& certs,
                                                int flags);

// A "certs-only" signedData bag (RFC 2311 3.6, .p7c) with `certs`.
StatusOr<Pkcs7> Pkcs7Degenerate(const CertificateRefs& certs);

// S/MIME text: SMIME_write_PKCS7. With `detached` content the output is
// multipart/signed (the content is written in clear beside the signature).
StatusOr<Bytes> SmimeWrite(const Pkcs7& p7, std::optional<BytesView> detached, int flags);

struct SmimeMessage {
  Pkcs7 p7;
  std::optional<Bytes> content;  // the clear part of a multipart/signed message
};
// Parses S/MIME text (SMIME_read_PKCS7); kParse with OpenSSL's reasons.
StatusOr<SmimeMessage> SmimeRead(BytesView text);

// SMIME_crlf_copy: canonical CRLF line ends (with PKCS7_TEXT, prefixed by a
// "Content-Type: text/plain" header).
StatusOr<Bytes> SmimeCrlfCopy(BytesView data, int flags);

}  // namespace cryptoshim
