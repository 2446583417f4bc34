// _core.Key and the key functions (generation, load/save, sign/verify).
//
// Holder: std::shared_ptr<Key> (see the holder agreement in bind_crl.cc).
// Passphrase callbacks: a Python callable is wrapped into a core
// PassphraseCallback that never lets a C++ exception cross OpenSSL's C
// frames. A Python exception raised by the callable is parked
// (callback_bridge.h) and re-raised after the core call returns, so the
// caller sees the original exception object.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <optional>

#include "callback_bridge.h"
#include "cryptoshim/key.h"
#include "cryptoshim/key_generation.h"
#include "cryptoshim/key_serialization.h"
#include "cryptoshim/key_signature.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// None -> no callback; bytes -> fixed passphrase; callable(for_writing) ->
// called once, must return bytes.
PassphraseCallback MakePassphrase(const ::py::object& passphrase, ParkedError* parked) {
  if (passphrase.is_none()) return nullptr;
  if (::py::isinstance<::py::bytes>(passphrase)) {
    return FixedPassphrase(std::string(passphrase.cast<::py::bytes>()));
  }
  if (!::py::isinstance<::py::function>(passphrase) && !PyCallable_Check(passphrase.ptr())) {
    throw ::py::type_error("passphrase must be bytes or a callable");
  }
  ::py::object fn = passphrase;
  return [fn, parked](bool for_writing) -> StatusOr<std::string> {
    ::py::gil_scoped_acquire gil;
    try {
      ::py::object result = fn(for_writing);
      if (!::py::isinstance<::py::bytes>(result)) {
        PyErr_SetString(PyExc_TypeError, "passphrase callback must return bytes");
        throw ::py::error_already_set();
      }
      return std::string(result.cast<::py::bytes>());
    } catch (::py::error_already_set& e) {
      parked->Park(e);
      return Status(ErrorCode::kInternal, "passphrase callback raised");
    }
  };
}

Encoding ToEncoding(bool der) { return der ? Encoding::kDer : Encoding::kPem; }

PrivateKeyFormat ToPrivateFormat(const std::string& format) {
  if (format == "pkcs8") return PrivateKeyFormat::kPkcs8;
  if (format == "traditional") return PrivateKeyFormat::kTraditional;
  throw ::py::value_error("format must be 'pkcs8' or 'traditional'");
}

SignatureOptions ToOptions(const std::optional<std::string>& digest, const std::string& padding,
                           int salt_length) {
  SignatureOptions options;
  options.digest = digest.value_or("");
  if (padding == "default")
    options.padding = SignaturePadding::kDefault;
  else if (padding == "pkcs1v15")
    options.padding = SignaturePadding::kPkcs1v15;
  else if (padding == "pss")
    options.padding = SignaturePadding::kPss;
  else
    throw ::py::value_error("padding must be 'default', 'pkcs1v15' or 'pss'");
  options.pss_salt_length = salt_length;
  return options;
}

// Runs a core call that returns StatusOr<Key> without the GIL.
template <typename Fn>
Key KeygenNoGil(Fn fn) {
  std::optional<StatusOr<Key>> result;
  {
    ::py::gil_scoped_release release;
    result.emplace(fn());
  }
  return ValueOrThrow(std::move(*result));
}

}  // namespace

void RegisterKeys(::py::module_& m) {
  ::py::class_<Key, std::shared_ptr<Key>>(m, "Key")
      .def_property_readonly("type_id", &Key::type_id)
      .def_property_readonly("bits", &Key::bits)
      .def_property_readonly("type_name", &Key::type_name)
      .def_property_readonly("has_private", &Key::has_private)
      .def("check",
           [](const Key& k) {
             Status s;
             {
               ::py::gil_scoped_release release;
               s = k.Check();
             }
             ThrowIfError(s);
           })
      .def("public_key", [](const Key& k) { return ValueOrThrow(k.PublicKey()); })
      .def(
          "private_bytes",
          [](const Key& k, bool der, const std::string& format,
             const std::optional<std::string>& cipher, ::py::object passphrase) {
            ParkedError parked;
            std::optional<PrivateKeyEncryption> enc;
            if (cipher) {
              enc = PrivateKeyEncryption{*cipher, MakePassphrase(passphrase, &parked)};
            }
            StatusOr<Bytes> out = SavePrivateKey(k, ToEncoding(der), ToPrivateFormat(format), enc);
            parked.RethrowIfAny();
            return ::py::bytes(ValueOrThrow(std::move(out)));
          },
          ::py::arg("der") = false, ::py::arg("format") = "pkcs8",
          ::py::arg("cipher") = ::py::none(), ::py::arg("passphrase") = ::py::none())
      .def(
          "public_bytes",
          [](const Key& k, bool der) {
            return ::py::bytes(ValueOrThrow(SavePublicKey(k, ToEncoding(der))));
          },
          ::py::arg("der") = false)
      .def("text", [](const Key& k) { return ::py::bytes(ValueOrThrow(KeyText(k))); })
      .def(
          "sign",
          [](const Key& k, ::py::bytes data, const std::optional<std::string>& digest,
             const std::string& padding, int salt_length) {
            std::string in = data;
            SignatureOptions options = ToOptions(digest, padding, salt_length);
            std::optional<StatusOr<Bytes>> sig;
            {
              ::py::gil_scoped_release release;
              sig.emplace(Sign(k, in, options));
            }
            return ::py::bytes(ValueOrThrow(std::move(*sig)));
          },
          ::py::arg("data"), ::py::arg("digest"), ::py::arg("padding") = "default",
          ::py::arg("salt_length") = kPssSaltLengthDigest)
      .def(
          "verify",
          [](const Key& k, ::py::bytes signature, ::py::bytes data,
             const std::optional<std::string>& digest, const std::string& padding,
             int salt_length) {
            std::string sig = signature, in = data;
            SignatureOptions options = ToOptions(digest, padding, salt_length);
            Status s;
            {
              ::py::gil_scoped_release release;
              s = Verify(k, sig, in, options);
            }
            ThrowIfError(s);
          },
          ::py::arg("signature"), ::py::arg("data"), ::py::arg("digest"),
          ::py::arg("padding") = "default", ::py::arg("salt_length") = kPssSaltLengthDigest);

  m.attr("PSS_SALT_LENGTH_DIGEST") = kPssSaltLengthDigest;
  m.attr("PSS_SALT_LENGTH_MAX") = kPssSaltLengthMax;
  m.attr("MAX_PASSPHRASE_LENGTH") = kMaxPassphraseLength;

  m.def(
      "generate_rsa_key",
      [](int bits, uint64_t e) { return KeygenNoGil([=] { return GenerateRsaKey(bits, e); }); },
      ::py::arg("bits"), ::py::arg("public_exponent") = 65537);
  m.def(
      "generate_ec_key",
      [](const std::string& curve) { return KeygenNoGil([&] { return GenerateEcKey(curve); }); },
      ::py::arg("curve"));
  m.def("generate_ed25519_key", [] { return KeygenNoGil([] { return GenerateEd25519Key(); }); });
  m.def("generate_ed448_key", [] { return KeygenNoGil([] { return GenerateEd448Key(); }); });
  m.def(
      "generate_dsa_key",
      [](int bits) { return KeygenNoGil([=] { return GenerateDsaKey(bits); }); },
      ::py::arg("bits"));
  m.def("builtin_curve_names", &BuiltinCurveNames);
  m.def("is_known_cipher", [](const std::string& name) { return IsKnownCipher(name); });

  m.def(
      "load_private_key",
      [](::py::bytes data, bool der, ::py::object passphrase) {
        ParkedError parked;
        PassphraseCallback cb = MakePassphrase(passphrase, &parked);
        std::string_view view(data);  // the caller's immutable bytes stay alive
        StatusOr<Key> key = Status(ErrorCode::kInternal, "unset");
        {
          // The KDF of an encrypted key can take a while: other threads run
          // meanwhile. A Python callback takes the GIL back itself
          // (MakePassphrase); `cb` is only referenced, never copied, here.
          ::py::gil_scoped_release release;
          key = LoadPrivateKey(view, ToEncoding(der), cb);
        }
        parked.RethrowIfAny();
        return ValueOrThrow(std::move(key));
      },
      ::py::arg("data"), ::py::arg("der") = false, ::py::arg("passphrase") = ::py::none());
  m.def(
      "load_public_key",
      [](::py::bytes data, bool der, const std::string& format) {
        PublicKeyFormat f;
        if (format == "spki")
          f = PublicKeyFormat::kSubjectPublicKeyInfo;
        else if (format == "pkcs1")
          f = PublicKeyFormat::kPkcs1;
        else
          throw ::py::value_error("format must be 'spki' or 'pkcs1'");
        return ValueOrThrow(LoadPublicKey(std::string_view(data), ToEncoding(der), f));
      },
      ::py::arg("data"), ::py::arg("der") = false, ::py::arg("format") = "spki");
}

}  // namespace cryptoshim::py
