// RsaPkcs1Context's sign and verify (M2Crypto's RSA.sign and RSA.verify,
// one call each) as plain methods (plain_functions.h) instead of pybind11
// bindings. An RSA-2048 verify is about 17 us, and pybind11's dispatcher and
// string caster, run with a cold instruction cache, were about 1.3k
// instructions and 100 L1i misses of it (callgrind, bench row "RSA.verify
// (2048, sha256)"), against 0.2k and 12 for M2Crypto's whole SWIG wrapper.
// Same arguments, results and errors as the pybind11 bindings had; the
// digest and signature are bytes only, with SWIG's TypeError.
//
// Thread contract: as RsaPkcs1Context's (any thread; each call takes an idle
// context atomically). verify keeps the GIL, as M2Crypto's rsa_verify does
// (a ~17 us public-key operation; dropping and retaking the GIL cost ~1% of
// it); sign (~640 us) releases it.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <string_view>

#include "core_object.h"
#include "cryptoshim/shims/m2crypto/rsa_pkcs1_signature.h"
#include "gil.h"
#include "guarded_result.h"
#include "plain_functions.h"
#include "register.h"
#include "status_conversion.h"

namespace cryptoshim::py {
namespace {

using m2crypto::RsaPkcs1Context;

RsaPkcs1Context* Self(PyObject* self) {
  return CoreObject<RsaPkcs1Context>(self, "cryptoshim._core.m2crypto.RsaPkcs1Context");
}

// A bytes argument as M2Crypto's SWIG code reads it (PyBytes_AsStringAndSize:
// bytes or a subclass), viewed in place; false with its TypeError.
bool SwigBytesArg(PyObject* arg, std::string_view* out) {
  if (!PyBytes_Check(arg)) {
    PyErr_Format(PyExc_TypeError, "expected bytes, %s found", Py_TYPE(arg)->tp_name);
    return false;
  }
  *out = {PyBytes_AS_STRING(arg), static_cast<size_t>(PyBytes_GET_SIZE(arg))};
  return true;
}

// The digest name: str (UTF-8) or bytes, as pybind11's std::string caster
// took it.
bool NameArg(const char* method, PyObject* arg, std::string_view* out) {
  Py_ssize_t len = 0;
  if (PyUnicode_Check(arg)) {
    const char* text = PyUnicode_AsUTF8AndSize(arg, &len);
    if (text == nullptr) return false;
    *out = {text, static_cast<size_t>(len)};
    return true;
  }
  if (PyBytes_Check(arg)) {
    *out = {PyBytes_AS_STRING(arg), static_cast<size_t>(PyBytes_GET_SIZE(arg))};
    return true;
  }
  PyErr_Format(PyExc_TypeError, "%s() digest name must be str, not %.200s", method,
               Py_TYPE(arg)->tp_name);
  return false;
}

// sign(self, digest, md) -> bytes
PyObject* Sign(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  RsaPkcs1Context* context = Self(self);
  std::string_view digest, md;
  if (context == nullptr || !Arity("sign", nargs, 2) || !SwigBytesArg(args[0], &digest) ||
      !NameArg("sign", args[1], &md)) {
    return nullptr;
  }
  return GuardedResult([&] {
    // The views stay valid without the GIL: the caller's arguments keep
    // the bytes (immutable) and the str's cached UTF-8 alive.
    Bytes signature = ValueOrThrow(WithoutGil([&] { return context->Sign(digest, md); }));
    return pybind11::bytes(signature);
  });
}

// verify(self, digest, signature, md) -> None; _core.Error when it fails.
PyObject* Verify(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  RsaPkcs1Context* context = Self(self);
  std::string_view digest, signature, md;
  if (context == nullptr || !Arity("verify", nargs, 3) || !SwigBytesArg(args[0], &digest) ||
      !SwigBytesArg(args[1], &signature) || !NameArg("verify", args[2], &md)) {
    return nullptr;
  }
  return GuardedResult([&] {
    ThrowIfError(context->Verify(digest, signature, md));
    return pybind11::none();
  });
}

PyMethodDef kMethods[] = {
    {"sign", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(Sign)), METH_FASTCALL,
     "sign(self, arg0: bytes, arg1: str) -> bytes\n\nRSA_sign: the PKCS#1 v1.5 signature of "
     "digest `arg0` made with hash `arg1`."},
    {"verify", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(Verify)), METH_FASTCALL,
     "verify(self, arg0: bytes, arg1: bytes, arg2: str) -> None\n\nRSA_verify: raises "
     "cryptoshim._core.Error unless `arg1` is the signature of digest `arg0` with hash `arg2`."},
};

}  // namespace

void RegisterRsaPkcs1Methods(pybind11::module_& m2crypto) {
  AddMethods(m2crypto.attr("RsaPkcs1Context"), kMethods);
}

}  // namespace cryptoshim::py
