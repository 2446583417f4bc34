#include "cryptoshim/certificate_stack.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <climits>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<Bytes> EncodeCertificateSequence(const std::vector<const Certificate*>& certs) {
  Bytes body;
  ClearErrorQueue();
  for (const Certificate* c : certs) {
    unsigned char* der = nullptr;
    int len = i2d_X509(c->get0(), &der);
    if (len <= 0) return ErrorFromQueue(ErrorCode::kInternal, "i2d_X509 failed");
    body.append(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    if (body.size() > static_cast<size_t>(INT_MAX / 2)) {
      return Status(ErrorCode::kInvalidArgument, "certificate list too large");
    }
  }
  const int body_len = static_cast<int>(body.size());
  const int total = ASN1_object_size(1, body_len, V_ASN1_SEQUENCE);
  if (total <= 0) return Status(ErrorCode::kInternal, "ASN1_object_size failed");
  Bytes out(static_cast<size_t>(total), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  ASN1_put_object(&p, 1, body_len, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL);
  std::copy(body.begin(), body.end(), reinterpret_cast<char*>(p));
  return out;
}

StatusOr<std::vector<Certificate>> DecodeCertificateSequence(BytesView der) {
  if (der.size() > static_cast<size_t>(LONG_MAX)) {
    return Status(ErrorCode::kParse, "input too large");
  }
  ClearErrorQueue();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* const end = p + der.size();
  long len = 0;
  int tag = 0;
  int xclass = 0;
  int rc = ASN1_get_object(&p, &len, &tag, &xclass, static_cast<long>(der.size()));
  // 0x80 flags an error or a length running past the input; 0x21 is the
  // indefinite form, which DER forbids.
  if ((rc & 0x80) != 0 || rc != V_ASN1_CONSTRUCTED || tag != V_ASN1_SEQUENCE ||
      xclass != V_ASN1_UNIVERSAL || p + len != end) {
    ClearErrorQueue();
    return Status(ErrorCode::kParse, "not a DER SEQUENCE of certificates");
  }
  std::vector<Certificate> certs;
  while (p < end) {
    SslUniquePtr<X509> x(d2i_X509(nullptr, &p, end - p));
    if (!x) return ErrorFromQueue(ErrorCode::kParse, "malformed certificate in sequence");
    certs.emplace_back(std::move(x));
  }
  return certs;
}

}  // namespace cryptoshim
