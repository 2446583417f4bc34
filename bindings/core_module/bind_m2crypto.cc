// Bindings for the M2Crypto shims (shims/m2crypto), as the submodule
// cryptoshim._core.m2crypto. The drop-in M2Crypto package maps
// cryptoshim._core.Error onto its per-module exception classes.
#include <pybind11/stl.h>

#include "cryptoshim/key.h"
#include "cryptoshim/shims/m2crypto/cipher.h"
#include "cryptoshim/shims/m2crypto/dh.h"
#include "cryptoshim/shims/m2crypto/dsa.h"
#include "cryptoshim/shims/m2crypto/ec.h"
#include "cryptoshim/shims/m2crypto/err.h"
#include "cryptoshim/shims/m2crypto/prehashed_signature.h"
#include "cryptoshim/shims/m2crypto/rsa.h"
#include "cryptoshim/shims/m2crypto/rsa_pkcs1_signature.h"
#include "cryptoshim/shims/m2crypto/rsa_pss_key.h"
#include "gil.h"
#include "plain_functions.h"
#include "random_object.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// Runs a key operation without the GIL (RSA private operations are slow).
template <typename F>
auto NoGil(F&& f) {
  return WithoutGil(std::forward<F>(f));
}

::py::bytes Out(StatusOr<Bytes>&& r) { return ::py::bytes(ValueOrThrow(std::move(r))); }

// M2Crypto's Rand.rand_bytes(num), called per nonce or token, in C: SWIG's
// argument errors (an int, bool included, in C int range; a negative count
// M2Crypto's MemoryError), and the Python function's for how it is called
// (num by position or keyword). Rand.rand_bytes is this function wrapped by
// the counting LegacyFunction, with no Python frame between: the frame cost
// as much as RAND_bytes for a 16-byte nonce.
PyObject* RandBytes(PyObject*, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  static constexpr char kSwigError[] = "in method 'rand_bytes', argument 1 of type 'int'";
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  const Py_ssize_t nkw = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
  if (nargs > 1) {
    PyErr_Format(PyExc_TypeError, "rand_bytes() takes 1 positional argument but %zd were given",
                 nargs);
    return nullptr;
  }
  PyObject* arg = nargs == 1 ? args[0] : nullptr;
  for (Py_ssize_t k = 0; k < nkw; ++k) {
    PyObject* name = PyTuple_GET_ITEM(kwnames, k);
    if (PyUnicode_CompareWithASCIIString(name, "num") != 0) {
      PyErr_Format(PyExc_TypeError, "rand_bytes() got an unexpected keyword argument '%U'", name);
      return nullptr;
    }
    if (arg != nullptr) {
      PyErr_SetString(PyExc_TypeError, "rand_bytes() got multiple values for argument 'num'");
      return nullptr;
    }
    arg = args[nargs + k];
  }
  if (arg == nullptr) {
    PyErr_SetString(PyExc_TypeError, "rand_bytes() missing 1 required positional argument: 'num'");
    return nullptr;
  }
  if (!PyLong_Check(arg)) {
    PyErr_SetString(PyExc_TypeError, kSwigError);
    return nullptr;
  }
  int overflow = 0;
  const long n = PyLong_AsLongAndOverflow(arg, &overflow);
  if (n == -1 && PyErr_Occurred()) return nullptr;
  if (overflow != 0 || n < INT_MIN || n > INT_MAX) {
    PyErr_SetString(PyExc_OverflowError, kSwigError);
    return nullptr;
  }
  if (n < 0) {
    PyErr_SetString(PyExc_MemoryError, "Insufficient memory for rand_bytes.");
    return nullptr;
  }
  return NewRandomBytes(n);
}

PyMethodDef kFunctions[] = {
    {"rand_bytes", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(RandBytes)),
     METH_FASTCALL | METH_KEYWORDS,
     "rand_bytes(num: int) -> bytes\n\n"
     "M2Crypto's Rand.rand_bytes: num CSPRNG bytes, with SWIG's argument errors."}};

}  // namespace

void RegisterM2Crypto(::py::module_& parent) {
  ::py::module_ m = parent.def_submodule("m2crypto", "M2Crypto semantics over the core");
  RegisterM2MemoryBio(m);
  RegisterM2HandleCall(m);
  RegisterM2HmacStream(m);
  RegisterM2HandleView(m);
  RegisterM2ConnectionIo(m);
  RegisterM2ExpectedHost(m);

  RegisterM2Cipher(m);
  AddFunctions(m, kFunctions);
  m.def("cipher_name",
        [](const std::string& alg) { return ValueOrThrow(m2crypto::CipherName(alg)); });
  m.def("cipher_unsafe_reason", &m2crypto::CipherUnsafeReason);
  m.def("pbkdf2", [](::py::bytes password, ::py::bytes salt, int iterations, int keylen) {
    std::string pw = password, s = salt;
    return Out(NoGil([&] { return m2crypto::Pbkdf2HmacSha1(pw, s, iterations, keylen); }));
  });

  m.def("is_unsafe_rsa_padding", &m2crypto::IsUnsafeRsaPadding);
  m.def("rsa_public_encrypt", [](const Key& k, ::py::bytes data, int padding) {
    std::string in = data;
    return Out(NoGil([&] { return m2crypto::RsaPublicEncrypt(k, in, padding); }));
  });
  m.def("rsa_private_decrypt", [](const Key& k, ::py::bytes data, int padding) {
    std::string in = data;
    return Out(NoGil([&] { return m2crypto::RsaPrivateDecrypt(k, in, padding); }));
  });
  m.def("rsa_private_encrypt", [](const Key& k, ::py::bytes data, int padding) {
    std::string in = data;
    return Out(NoGil([&] { return m2crypto::RsaPrivateEncrypt(k, in, padding); }));
  });
  m.def("rsa_public_decrypt", [](const Key& k, ::py::bytes data, int padding) {
    std::string in = data;
    return Out(NoGil([&] { return m2crypto::RsaPublicDecrypt(k, in, padding); }));
  });
  // The bytes are read in place with the GIL released (they are immutable).
  m.def("rsa_sign", [](const Key& k, ::py::bytes digest, const std::string& md) {
    std::string_view in = digest;
    return Out(NoGil([&] { return m2crypto::RsaSignDigest(k, in, md); }));
  });
  m.def("rsa_verify", [](const Key& k, ::py::bytes digest, ::py::bytes sig, const std::string& md) {
    std::string_view in = digest, s = sig;
    ThrowIfError(NoGil([&] { return m2crypto::RsaVerifyDigest(k, in, s, md); }));
  });
  ::py::class_<m2crypto::RsaPkcs1Context>(
      m, "RsaPkcs1Context",
      "rsa_sign / rsa_verify with the key's contexts kept between calls (M2Crypto.RSA.RSA)")
      .def(::py::init<const Key&>());
  RegisterRsaPkcs1Methods(m);  // sign and verify (rsa_pkcs1_methods.cc)
  m.def("rsa_sign_pss", [](const Key& k, ::py::bytes digest, const std::string& md, int salt) {
    std::string in = digest;
    return Out(NoGil([&] { return m2crypto::RsaSignPssDigest(k, in, md, salt); }));
  });
  m.def("rsa_verify_pss",
        [](const Key& k, ::py::bytes digest, ::py::bytes sig, const std::string& md, int salt) {
          std::string in = digest, s = sig;
          ThrowIfError(NoGil([&] { return m2crypto::RsaVerifyPssDigest(k, in, s, md, salt); }));
        });
  m.def("rsa_e_mpi", [](const Key& k) { return Out(m2crypto::RsaPublicExponentMpi(k)); });
  m.def("rsa_n_mpi", [](const Key& k) { return Out(m2crypto::RsaModulusMpi(k)); });
  m.def("rsa_public_key_from_mpi", [](::py::bytes e, ::py::bytes n) {
    return std::make_shared<Key>(
        ValueOrThrow(m2crypto::RsaPublicKeyFromMpi(std::string_view(e), std::string_view(n))));
  });
  // An id-RSASSA-PSS key as the plain RSA* M2Crypto's loaders give (rsa_pss_key.h).
  m.def("rsa_without_pss_restrictions", [](const Key& k) {
    return std::make_shared<Key>(ValueOrThrow(m2crypto::RsaKeyWithoutPssRestrictions(k)));
  });
  m.def("rsa_private_key_from_mpi", [](::py::bytes e, ::py::bytes n, ::py::bytes d) {
    return std::make_shared<Key>(ValueOrThrow(m2crypto::RsaPrivateKeyFromMpi(
        std::string_view(e), std::string_view(n), std::string_view(d))));
  });
  m.def("mpi_from_bytes",
        [](::py::bytes b) { return Out(m2crypto::MpiFromBigEndian(std::string_view(b))); });
  m.def("bytes_from_mpi",
        [](::py::bytes b) { return Out(m2crypto::BigEndianFromMpi(std::string_view(b))); });
  m.def("pop_error_message", &m2crypto::PopErrorMessage);

  m.def("curve_name_from_nid",
        [](int nid) { return ValueOrThrow(m2crypto::CurveNameFromNid(nid)); });
  m.def("ecdsa_sign", [](const Key& k, ::py::bytes digest) {
    std::string in = digest;
    return Out(NoGil([&] { return m2crypto::EcdsaSignDigest(k, in); }));
  });
  m.def("ecdsa_verify", [](const Key& k, ::py::bytes digest, ::py::bytes sig) {
    std::string in = digest, s = sig;
    ThrowIfError(NoGil([&] { return m2crypto::EcdsaVerifyDigest(k, in, s); }));
  });
  m.def("ecdsa_der_to_mpis", [](::py::bytes der) {
    auto rs = ValueOrThrow(m2crypto::EcdsaDerToMpis(std::string_view(der)));
    return ::py::make_tuple(::py::bytes(rs.first), ::py::bytes(rs.second));
  });
  m.def("ecdsa_mpis_to_der", [](::py::bytes r, ::py::bytes s) {
    return Out(m2crypto::EcdsaMpisToDer(std::string_view(r), std::string_view(s)));
  });
  m.def("ecdh_derive",
        [](const Key& priv, const Key& peer) { return Out(m2crypto::EcdhDerive(priv, peer)); });
  m.def("ec_builtin_curves", [] {
    ::py::list out;
    for (const auto& c : m2crypto::BuiltinCurves()) {
      ::py::dict d;
      d["NID"] = c.nid;
      d["sname"] = c.short_name;
      d["comment"] = c.comment;
      out.append(d);
    }
    return out;
  });
  m.def("ec_public_key_from_point", [](int nid, ::py::bytes point) {
    return std::make_shared<Key>(
        ValueOrThrow(m2crypto::EcPublicKeyFromPoint(nid, std::string_view(point))));
  });
  m.def("dh_load_params", [](::py::bytes pem) {
    return std::make_shared<Key>(ValueOrThrow(m2crypto::DhLoadParams(std::string_view(pem))));
  });
  m.def("dh_generate_params", [](int bits, int generator) {
    return std::make_shared<Key>(
        ValueOrThrow(NoGil([&] { return m2crypto::DhGenerateParams(bits, generator); })));
  });
  m.def("dh_from_mpis", [](::py::bytes p, ::py::bytes g) {
    return std::make_shared<Key>(
        ValueOrThrow(m2crypto::DhFromMpis(std::string_view(p), std::string_view(g))));
  });
  m.def("dh_generate_key", [](const Key& params) {
    return std::make_shared<Key>(ValueOrThrow(m2crypto::DhGenerateKey(params)));
  });
  m.def("dh_compute_key", [](const Key& k, ::py::bytes pub) {
    return Out(m2crypto::DhComputeKey(k, std::string_view(pub)));
  });
  m.def("dh_component", [](const Key& k, const std::string& name) {
    return Out(m2crypto::DhComponentMpi(k, name));
  });
  m.def("dh_check_params", &m2crypto::DhCheckParams);
  m.def("dh_params_text", [](const Key& k) { return Out(m2crypto::DhParamsText(k)); });
  m.def("dsa_load_params", [](::py::bytes pem) {
    return std::make_shared<Key>(ValueOrThrow(m2crypto::DsaLoadParams(std::string_view(pem))));
  });
  m.def("dsa_generate_params", [](int bits) {
    return std::make_shared<Key>(
        ValueOrThrow(NoGil([&] { return m2crypto::DsaGenerateParams(bits); })));
  });
  m.def("dsa_generate_key", [](const Key& params) {
    return std::make_shared<Key>(ValueOrThrow(m2crypto::DsaGenerateKey(params)));
  });
  m.def("dsa_from_mpis", [](::py::bytes p, ::py::bytes q, ::py::bytes g, ::py::bytes pub) {
    return std::make_shared<Key>(ValueOrThrow(m2crypto::DsaFromMpis(
        std::string_view(p), std::string_view(q), std::string_view(g), std::string_view(pub))));
  });
  m.def("dsa_component", [](const Key& k, const std::string& name) {
    return Out(m2crypto::DsaComponentMpi(k, name));
  });
  m.def("dsa_has_key", &m2crypto::DsaHasKey);
  m.def("dsa_params_pem", [](const Key& k) { return Out(m2crypto::DsaParamsPem(k)); });
  m.def("sign_prehashed", [](const Key& k, ::py::bytes digest) {
    std::string in = digest;
    return Out(NoGil([&] { return m2crypto::SignPrehashed(k, in); }));
  });
  m.def("verify_prehashed", [](const Key& k, ::py::bytes digest, ::py::bytes sig) {
    std::string in = digest, s = sig;
    ThrowIfError(NoGil([&] { return m2crypto::VerifyPrehashed(k, in, s); }));
  });
  m.def("ec_public_point", [](const Key& k) { return Out(m2crypto::EcPublicPoint(k)); });
}

}  // namespace cryptoshim::py
