// _core.tls_before_handshake(conn, host, is_client): the policy's checks
// before a TLS connection's first handshake step, for both drop-ins
// (cryptoshim.tls_policy.before_handshake reports what it finds). The
// verdicts are the core's (safety_policy.h, tls_peer_check.h); this is
// where they are applied, once, in C: run as Python they were the largest
// part of what a loopback handshake cost the drop-ins beyond the legacy
// libraries (callgrind, M2Crypto.SSL resumed handshake: about 400 more
// instruction-cache misses and 500 more mispredicted branches per
// handshake, five Python frames and four pybind11 calls).
//
// What it does, in order:
//   - a finished handshake: nothing;
//   - strict, and the cipher list admits weak suites: "weak_ciphers"
//     (the caller refuses the handshake);
//   - not a client (is_client, or else the handle's role): nothing;
//   - a client that does not verify the server (no SSL_VERIFY_PEER): no
//     WebPKI check; "verify_none";
//   - a verifying client: the WebPKI check goes in, enforcing under strict,
//     with the host name the client expects (a name the verifier cannot
//     match, say "_srv", leaves the name to OpenSSL and the app). Without a
//     host name: "no_host" under strict, and under compat the first time
//     for the connection's SSL_CTX (the compat warning comes once per
//     context); else nothing.
//
// Thread contract: called with the GIL held, one thread per connection.
#include <Python.h>
#include <openssl/ssl.h>

#include <optional>
#include <string>
#include <utility>

#include "core_object.h"
#include "cryptoshim/safety_policy.h"
#include "cryptoshim/tls_peer_check.h"
#include "guarded_result.h"
#include "legacy_function.h"
#include "plain_functions.h"
#include "register.h"
#include "status_conversion.h"
#include "tls_handshake_checks.h"

namespace cryptoshim::py {
namespace {

// SSL_CTX ex_data: set once a client on this context was told it verifies
// without a host name (compat). Freed with the context, so a new context at
// the same address is told again.
int WarnedWithoutHostIndex() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// True the first time for `ctx`, marking it when `mark`.
bool FirstWarningWithoutHost(SSL_CTX* ctx, bool mark) {
  const int index = WarnedWithoutHostIndex();
  if (index < 0 || SSL_CTX_get_ex_data(ctx, index) != nullptr) return false;
  static int marker;
  if (mark) SSL_CTX_set_ex_data(ctx, index, &marker);
  return true;
}

// Python's `text.method(*args)`, a new reference or nullptr with an error.
PyObject* CallStrMethod(PyObject* text, const char* method, const char* arg = nullptr) {
  return arg == nullptr ? PyObject_CallMethod(text, method, nullptr)
                        : PyObject_CallMethod(text, method, "s", arg);
}

// The host as text: bytes as ASCII (undecodable bytes replaced), anything
// else through str().
PyObject* HostText(PyObject* host) {
  if (PyBytes_Check(host)) {
    return PyUnicode_DecodeASCII(PyBytes_AS_STRING(host), PyBytes_GET_SIZE(host), "replace");
  }
  if (PyByteArray_Check(host)) {
    return PyUnicode_DecodeASCII(PyByteArray_AS_STRING(host), PyByteArray_GET_SIZE(host),
                                 "replace");
  }
  return PyObject_Str(host);
}

// Whether `bare` could be an IP address: it has a colon (v6), or is only
// ASCII digits and dots (v4). Any other name is DNS without asking
// ipaddress, whose two failed parses cost 10 us on every verifying client
// handshake.
bool MaybeIpAddress(PyObject* bare) {
  const Py_ssize_t n = PyUnicode_GET_LENGTH(bare);
  const int kind = PyUnicode_KIND(bare);
  const void* data = PyUnicode_DATA(bare);
  bool digits_and_dots = true;
  for (Py_ssize_t i = 0; i < n; ++i) {
    const Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c == ':') return true;
    if (c != '.' && (c < '0' || c > '9')) digits_and_dots = false;
  }
  return digits_and_dots;
}

// str(ipaddress.ip_address(bare)), or nullptr: with no error set when
// ipaddress refuses it (ValueError), else with the error.
PyObject* IpAddressText(PyObject* bare) {
  static PyObject* ip_address = nullptr;  // fetched on the first IP-like name
  if (ip_address == nullptr) {
    PyObject* module = PyImport_ImportModule("ipaddress");
    if (module == nullptr) return nullptr;
    ip_address = PyObject_GetAttrString(module, "ip_address");
    Py_DECREF(module);
    if (ip_address == nullptr) return nullptr;
  }
  PyObject* address = PyObject_CallOneArg(ip_address, bare);
  if (address == nullptr) {
    if (PyErr_ExceptionMatches(PyExc_ValueError)) PyErr_Clear();
    return nullptr;
  }
  PyObject* text = PyObject_Str(address);
  Py_DECREF(address);
  return text;
}

// Fills *out from a str; false with an error set.
bool SetName(PeerNameKind kind, PyObject* text, std::optional<PeerName>* out) {
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(text, &size);
  if (utf8 == nullptr) return false;
  out->emplace(PeerName{kind, std::string(utf8, static_cast<size_t>(size))});
  return true;
}

// The peer name for the host the client expects (str, bytes or any object
// with a str()): surrounding white space and trailing dots go; an IP address
// (brackets stripped) exactly when ipaddress parses it, normalised as
// ipaddress prints it; else a DNS name, lower-cased. nullopt for no host or
// an empty name. False with a Python error set.
bool HostPeerName(PyObject* host, std::optional<PeerName>* out) {
  if (host == Py_None) return true;
  PyObject* text = HostText(host);
  if (text == nullptr) return false;
  PyObject* stripped = CallStrMethod(text, "strip");
  Py_DECREF(text);
  if (stripped == nullptr) return false;
  PyObject* name = CallStrMethod(stripped, "rstrip", ".");
  Py_DECREF(stripped);
  if (name == nullptr) return false;
  bool ok = true;
  if (PyUnicode_GET_LENGTH(name) > 0) {
    PyObject* bare = CallStrMethod(name, "strip", "[]");
    PyObject* ip = nullptr;
    if (bare == nullptr) {
      ok = false;
    } else if (MaybeIpAddress(bare)) {
      ip = IpAddressText(bare);
      ok = ip != nullptr || !PyErr_Occurred();
    }
    Py_XDECREF(bare);
    if (ip != nullptr) {
      ok = SetName(PeerNameKind::kIp, ip, out);
      Py_DECREF(ip);
    } else if (ok) {
      PyObject* lower = CallStrMethod(name, "lower");
      ok = lower != nullptr && SetName(PeerNameKind::kDns, lower, out);
      Py_XDECREF(lower);
    }
  }
  Py_DECREF(name);
  return ok;
}

// Installs the WebPKI check on a verifying client; a name the verifier
// cannot use is dropped (the chain is still judged).
void InstallPeerCheck(TlsConnection& conn, bool enforce, std::optional<PeerName> name) {
  TlsPeerCheck check;
  check.enforce = enforce;
  check.peer_name = std::move(name);
  if (SetTlsPeerCheck(conn, check).ok()) return;
  check.peer_name.reset();
  ThrowIfError(SetTlsPeerCheck(conn, std::move(check)));
}

// tls_before_handshake(conn, host, is_client)
PyObject* BeforeHandshake(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (!Arity("tls_before_handshake", nargs, 3)) return nullptr;
  return TlsBeforeHandshake(args[0], args[1], args[2], /*mark_warned=*/true);
}

// tls_peer_name(host): HostPeerName as Python sees it, for its tests.
PyObject* PeerNameOf(PyObject*, PyObject* host) {
  std::optional<PeerName> name;
  if (!HostPeerName(host, &name)) return nullptr;
  if (!name) Py_RETURN_NONE;
  const char* kind = name->kind == PeerNameKind::kIp ? "ip" : "dns";
  PyObject* text = PyUnicode_DecodeUTF8(name->value.data(),
                                        static_cast<Py_ssize_t>(name->value.size()), nullptr);
  if (text == nullptr) return nullptr;
  PyObject* pair = Py_BuildValue("(sN)", kind, text);
  return pair;
}

PyMethodDef kFunctions[] = {
    {"tls_before_handshake",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(BeforeHandshake)), METH_FASTCALL,
     "tls_before_handshake(conn: TlsConnection, host: object, is_client: bool | None) -> "
     "str | None\n\n"
     "The policy's checks before a connection's first handshake step: installs the WebPKI "
     "check on a verifying client (enforcing under strict, for `host`: str, bytes or None), "
     "and returns what the caller must report: 'weak_ciphers' (strict, weak suites "
     "allowed), 'verify_none' (a client without verification), 'no_host' (a verifying "
     "client without a host name: strict, or the first time for its context), or None. "
     "is_client None takes the handle's role."},
    {"tls_peer_name", PeerNameOf, METH_O,
     "tls_peer_name(host: object) -> tuple[str, str] | None\n\n"
     "The name tls_before_handshake gives the WebPKI check for `host`: ('ip', text) when "
     "ipaddress parses it (brackets, white space and trailing dots stripped; as ipaddress "
     "prints it), else ('dns', lower-cased text); None for no host or an empty name."},
};

}  // namespace

PyObject* TlsBeforeHandshake(PyObject* conn_obj, PyObject* host, PyObject* is_client_arg,
                             bool mark_warned) {
  TlsConnection* conn = CoreObject<TlsConnection>(conn_obj, "cryptoshim._core.TlsConnection");
  if (conn == nullptr) return nullptr;
  if (conn->is_init_finished()) Py_RETURN_NONE;
  SSL* ssl = conn->get0();
  const bool strict = StrictPolicy();
  if (strict && safety::AnyWeakCipher(SSL_get_ciphers(ssl))) {
    return PyUnicode_FromString("weak_ciphers");
  }
  int is_client = is_client_arg == Py_None ? !SSL_is_server(ssl) : PyObject_IsTrue(is_client_arg);
  if (is_client < 0) return nullptr;
  if (!is_client) Py_RETURN_NONE;
  if ((SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) == 0) {
    return GuardedResult([&] {
      ThrowIfError(SetTlsPeerCheck(*conn, std::nullopt));
      return pybind11::str("verify_none");
    });
  }
  std::optional<PeerName> name;
  if (!HostPeerName(host, &name)) return nullptr;
  const bool tell_no_host =
      !name && (strict || FirstWarningWithoutHost(SSL_get_SSL_CTX(ssl), mark_warned));
  return GuardedResult([&]() -> pybind11::object {
    InstallPeerCheck(*conn, strict, std::move(name));
    if (tell_no_host) return pybind11::str("no_host");
    return pybind11::none();
  });
}

void RegisterTlsHandshakeChecks(pybind11::module_& m) { AddFunctions(m, kFunctions); }

}  // namespace cryptoshim::py
