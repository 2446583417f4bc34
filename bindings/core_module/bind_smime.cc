// _core.pkcs7_sign / pkcs7_encrypt / pkcs7_decrypt / pkcs7_verify /
// pkcs7_signers / pkcs7_degenerate and _core.smime_write / smime_read /
// smime_crlf_copy (core/include/cryptoshim/smime.h).
//
// Holder agreement: Certificate, Key, Store and Pkcs7 are registered
// elsewhere with std::shared_ptr holders; this file takes them by reference
// and returns new ones by value.
#include <pybind11/stl.h>

#include "certificate_object.h"
#include "core_object.h"
#include "cryptoshim/smime.h"
#include "gil.h"
#include "guarded_result.h"
#include "plain_functions.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// None or an iterable of Certificate; TypeError naming the first item that
// is not one.
CertificateRefs Refs(const ::py::object& certs) {
  CertificateRefs out;
  if (certs.is_none()) return out;
  for (::py::handle item : certs) {
    const Certificate* cert = CoreObject<Certificate>(item.ptr(), "cryptoshim._core.Certificate");
    if (cert == nullptr) throw ::py::error_already_set();
    out.push_back(cert);
  }
  return out;
}

std::optional<std::string> OptionalBytes(const ::py::object& data) {
  if (data.is_none()) return std::nullopt;
  return std::string(data.cast<::py::bytes>());
}

// A Python callable (ok, error, depth, certificate or None) -> truthy, as a
// ChainCallback. It runs on the verifying thread, which released the GIL. A
// Python exception rejects the step and is reported as unraisable: it cannot
// travel through OpenSSL's C frames (M2Crypto does not propagate it either).
ChainCallback ToChainCallback(const ::py::object& callback) {
  if (callback.is_none()) return ChainCallback();
  auto held = std::make_shared<::py::object>(callback);
  return [held](bool ok, const ChainStep& step) -> bool {
    ::py::gil_scoped_acquire gil;
    try {
      ::py::object cert = ::py::none();
      if (step.current) cert = ::py::cast(step.current->Share());
      ::py::object verdict = (*held)(ok, step.error, step.depth, cert);
      return PyObject_IsTrue(verdict.ptr()) == 1;
    } catch (::py::error_already_set& e) {
      e.discard_as_unraisable("M2Crypto X509_Store verify callback");
      return false;
    }
  };
}

// pkcs7_sign as a plain function (plain_functions.h): M2Crypto's SMIME.sign
// makes one call per message, and pybind11's dispatcher with its six
// argument casters was about 1.5k instructions and 150 L1i misses of it
// (callgrind, bench row "SMIME.sign (1 KiB, detached)"), against about 1.1k
// and 90 for M2Crypto's whole SWIG wrapper. The same positional arguments,
// results and errors as the pybind11 binding had (TypeError for a signer, key or
// extra certificate of the wrong type), but for one: the digest must be str,
// where pybind11's string caster also took bytes (both callers, SMIME.sign
// and m2.pkcs7_sign0/1, pass a str).
// pkcs7_sign(signer, key, extra_certs, data, digest, flags) -> Pkcs7
PyObject* Pkcs7SignFunction(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (!Arity("pkcs7_sign", nargs, 6)) return nullptr;
  const Certificate* signer = CoreObject<Certificate>(args[0], "cryptoshim._core.Certificate");
  if (signer == nullptr) return nullptr;
  const Key* key = CoreObject<Key>(args[1], "cryptoshim._core.Key");
  if (key == nullptr) return nullptr;
  if (!PyBytes_Check(args[3])) {
    PyErr_Format(PyExc_TypeError, "pkcs7_sign() data must be bytes, not %.200s",
                 Py_TYPE(args[3])->tp_name);
    return nullptr;
  }
  Py_ssize_t digest_len = 0;
  const char* digest =
      PyUnicode_Check(args[4]) ? PyUnicode_AsUTF8AndSize(args[4], &digest_len) : nullptr;
  if (digest == nullptr) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError, "pkcs7_sign() digest must be str, not %.200s",
                   Py_TYPE(args[4])->tp_name);
    }
    return nullptr;
  }
  int flags = 0;
  if (!IntArg(args[5], &flags)) return nullptr;
  return GuardedResult([&] {
    CertificateRefs extra = Refs(::py::reinterpret_borrow<::py::object>(args[2]));
    // The views stay valid without the GIL: the caller's arguments keep the
    // bytes (immutable) and the str's cached UTF-8 alive.
    BytesView data(PyBytes_AS_STRING(args[3]), static_cast<size_t>(PyBytes_GET_SIZE(args[3])));
    std::string_view md(digest, static_cast<size_t>(digest_len));
    return ::py::cast(
        ValueOrThrow(WithoutGil([&] { return Pkcs7Sign(*signer, *key, extra, data, md, flags); })));
  });
}

PyMethodDef kPlainFunctions[] = {
    {"pkcs7_sign", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(Pkcs7SignFunction)),
     METH_FASTCALL,
     "pkcs7_sign(signer: cryptoshim._core.Certificate, key: cryptoshim._core.Key, extra_certs: "
     "object, data: bytes, digest: str, flags: typing.SupportsInt | typing.SupportsIndex) -> "
     "cryptoshim._core.Pkcs7\n\nPKCS7_sign with one signer, `digest` and `flags`; "
     "`extra_certs` (None or an iterable of Certificate) go into the certificate bag."},
};

}  // namespace

void RegisterSmime(::py::module_& m) {
  AddFunctions(m, kPlainFunctions);  // pkcs7_sign

  m.def(
      "pkcs7_encrypt",
      [](::py::object recipients, ::py::bytes data, const std::string& cipher, int flags) {
        CertificateRefs certs = Refs(recipients);
        std::string in = data;
        return ValueOrThrow(WithoutGil([&] { return Pkcs7Encrypt(certs, in, cipher, flags); }));
      },
      ::py::arg("recipients"), ::py::arg("data"), ::py::arg("cipher"), ::py::arg("flags"));

  m.def(
      "pkcs7_decrypt",
      [](const Pkcs7& p7, const Key& key, const Certificate& cert, int flags) {
        return ::py::bytes(
            ValueOrThrow(WithoutGil([&] { return Pkcs7Decrypt(p7, key, cert, flags); })));
      },
      ::py::arg("p7"), ::py::arg("key"), ::py::arg("cert"), ::py::arg("flags"));

  m.def(
      "pkcs7_verify",
      [](const Pkcs7& p7, ::py::object certs, const Store& store, ::py::object detached, int flags,
         ::py::object callback) {
        CertificateRefs extra = Refs(certs);
        std::optional<std::string> data = OptionalBytes(detached);
        ChainCallback cb = ToChainCallback(callback);
        std::optional<BytesView> view;
        if (data) view = BytesView(*data);
        return ::py::bytes(ValueOrThrow(
            WithoutGil([&] { return Pkcs7Verify(p7, extra, store, view, flags, cb); })));
      },
      ::py::arg("p7"), ::py::arg("certs"), ::py::arg("store"), ::py::arg("detached"),
      ::py::arg("flags"), ::py::arg("callback") = ::py::none());

  m.def(
      "pkcs7_signers",
      [](const Pkcs7& p7, ::py::object certs, int flags) {
        return ValueOrThrow(Pkcs7Signers(p7, Refs(certs), flags));
      },
      ::py::arg("p7"), ::py::arg("certs"), ::py::arg("flags"));

  m.def(
      "pkcs7_degenerate",
      [](::py::object certs) { return ValueOrThrow(Pkcs7Degenerate(Refs(certs))); },
      ::py::arg("certs"));

  m.def(
      "smime_write",
      [](const Pkcs7& p7, ::py::object detached, int flags) {
        std::optional<std::string> data = OptionalBytes(detached);
        std::optional<BytesView> view;
        if (data) view = BytesView(*data);
        return ::py::bytes(ValueOrThrow(WithoutGil([&] { return SmimeWrite(p7, view, flags); })));
      },
      ::py::arg("p7"), ::py::arg("detached"), ::py::arg("flags"));

  // Returns (Pkcs7, clear content bytes or None).
  m.def(
      "smime_read",
      [](::py::bytes text) {
        std::string in = text;
        SmimeMessage msg = ValueOrThrow(WithoutGil([&] { return SmimeRead(in); }));
        ::py::object content = ::py::none();
        if (msg.content) content = ::py::bytes(*msg.content);
        return ::py::make_tuple(std::move(msg.p7), content);
      },
      ::py::arg("text"));

  m.def(
      "smime_crlf_copy",
      [](::py::bytes data, int flags) {
        return ::py::bytes(ValueOrThrow(SmimeCrlfCopy(std::string_view(data), flags)));
      },
      ::py::arg("data"), ::py::arg("flags"));
}

}  // namespace cryptoshim::py
