// S/MIME text (SMIME_read_PKCS7 through SmimeRead): parse, then walk what a
// caller reads from a message and write it back out.
#include <cstddef>
#include <cstdint>

#include "cryptoshim/smime.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  auto message = cryptoshim::SmimeRead(input);
  if (!message.ok()) return 0;
  (void)message->p7.type_name();
  auto certs = message->p7.Certificates();
  if (certs.ok()) {
    for (const auto& cert : *certs) (void)cert.ToDer();
  }
  std::optional<cryptoshim::BytesView> detached;
  if (message->content) detached = cryptoshim::BytesView(*message->content);
  (void)cryptoshim::SmimeWrite(message->p7, detached, 0);
  return 0;
}
