#include "pkcs12_password.h"

namespace cryptoshim {

bool ResolvePkcs12Password(PKCS12* p12, const char* pass, const char** effective) {
  *effective = pass;
  if (PKCS12_mac_present(p12) != 1) return true;
  if (pass != nullptr && *pass != '\0') return PKCS12_verify_mac(p12, pass, -1) == 1;
  if (PKCS12_verify_mac(p12, nullptr, 0) == 1) {
    *effective = nullptr;
    return true;
  }
  if (PKCS12_verify_mac(p12, "", 0) == 1) {
    *effective = "";
    return true;
  }
  return false;
}

}  // namespace cryptoshim
