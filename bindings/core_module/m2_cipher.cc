// _core.m2crypto.Cipher(alg, key, iv, op, key_as_bytes=False, d="md5",
// salt=b"12345678", i=1, padding=True, variable_key=False): the M2Crypto
// cipher shim (shims/m2crypto/cipher.h) as a plain CPython object
// (value_object.h). EVP.Cipher, RC4.RC4, CipherStream and the flat m2.rc4_*
// make one per message or stream; as a pybind11 class its ten-argument
// constructor (dispatcher, casters, string copies, instance registry) made
// an EVP.Cipher over a 64-byte message cost 48% more instructions than
// M2Crypto's (25,900 against 17,500).
//
// The arguments read as the pybind11 binding read them: str (or bytes) for
// the names, bytes for key, iv and salt, an integer for op and i, truth
// values for the flags.
//
// Thread contract: called with the GIL held; every method takes the
// object's lock (ObjectGuard) so two threads cannot drive one cipher
// context at once, and update releases the GIL for large inputs (gil.h).
#include <Python.h>
#include <pybind11/pybind11.h>

#include <climits>
#include <string_view>
#include <utility>

#include "call_object.h"
#include "cryptoshim/shims/m2crypto/cipher.h"
#include "gil.h"
#include "keyword_args.h"
#include "register.h"
#include "status_conversion.h"
#include "stream_call.h"
#include "value_object.h"

namespace cryptoshim::py {
namespace {

using m2crypto::Cipher;
using m2crypto::CipherParams;

constexpr char kSignature[] =
    "Cipher(alg, key, iv, op, key_as_bytes=False, d='md5', salt=b'12345678', i=1, "
    "padding=True, variable_key=False)";
enum Arg {
  kAlg,
  kKey,
  kIv,
  kOp,
  kKeyAsBytes,
  kDigest,
  kSalt,
  kIterations,
  kPadding,
  kVariableKey,
  kArgs
};
constexpr const char* kArgNames[kArgs] = {"alg", "key",  "iv", "op",      "key_as_bytes",
                                          "d",   "salt", "i",  "padding", "variable_key"};
constexpr ArgSignature kArgSignature = {kSignature, kArgNames, kArgs, /*required=*/4};

PyTypeObject& Type();

// A name argument: str, or bytes as pybind11's std::string caster took.
bool TextArg(PyObject* arg, const char* what, std::string_view* out) {
  return PyBytes_Check(arg) ? BytesArg(arg, what, out) : StrArg(arg, what, out);
}

// An int argument: an integer or an object with __index__, not a float.
bool IntArg(PyObject* arg, const char* what, int* out) {
  if (PyFloat_Check(arg)) {
    PyErr_Format(PyExc_TypeError, "%s must be an integer, not float", what);
    return false;
  }
  PyObject* index = PyNumber_Index(arg);
  if (index == nullptr) return false;
  const long value = PyLong_AsLong(index);
  Py_DECREF(index);
  if (value == -1 && PyErr_Occurred()) return false;
  if (value < INT_MIN || value > INT_MAX) {
    PyErr_Format(PyExc_OverflowError, "%s out of range", what);
    return false;
  }
  *out = static_cast<int>(value);
  return true;
}

bool FlagArg(PyObject* arg, const char*, bool* out) {
  const int truth = PyObject_IsTrue(arg);
  if (truth < 0) return false;
  *out = truth != 0;
  return true;
}

// Converts argument `arg` into *out when it was given (the parameters'
// defaults stand otherwise): false with an exception set on a bad value.
template <typename T>
bool Read(PyObject* const* given, Arg arg, bool (*convert)(PyObject*, const char*, T*), T* out) {
  return given[arg] == nullptr || convert(given[arg], kArgNames[arg], out);
}

// The parameters are views of the argument objects, which the caller holds
// for the call.
PyObject* Make(PyObject* const* given) {
  CipherParams p;
  if (!Read(given, kAlg, TextArg, &p.alg) || !Read(given, kKey, BytesArg, &p.key) ||
      !Read(given, kIv, BytesArg, &p.iv) || !Read(given, kOp, IntArg, &p.op) ||
      !Read(given, kKeyAsBytes, FlagArg, &p.key_as_bytes) ||
      !Read(given, kDigest, TextArg, &p.digest) || !Read(given, kSalt, BytesArg, &p.salt) ||
      !Read(given, kIterations, IntArg, &p.iterations) ||
      !Read(given, kPadding, FlagArg, &p.padding) ||
      !Read(given, kVariableKey, FlagArg, &p.variable_key)) {
    return nullptr;
  }
  StatusOr<Cipher> cipher = Cipher::New(p);
  if (!cipher.ok()) return RaiseStatus(cipher.status());
  return NewValueObject(&Type(), *std::move(cipher));
}

PyObject* Vectorcall(PyObject*, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  PyObject* given[kArgs];
  if (!CollectArgs(kArgSignature, args, PyVectorcall_NARGS(nargsf), kwnames, given)) {
    return nullptr;
  }
  return Make(given);
}

PyObject* TpNew(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  return NewThroughVectorcall(kArgSignature, Vectorcall, reinterpret_cast<PyObject*>(type), args,
                              kwargs);
}

// update(data): the result bytes object is OpenSSL's output buffer, made
// uninitialised at the update's bound, written (without the GIL for large
// inputs), then cut to the length written. M2Crypto's cipher_update
// ciphers into a PyMem buffer and copies it into the bytes; a 1 MiB copy is
// ~15% of an AES-CBC MiB.
PyObject* MethodUpdate(PyObject* self, PyObject* data) {
  Cipher* cipher = ValueOfSelf<Cipher>(self);
  if (!PyBytes_Check(data)) {
    PyErr_Format(PyExc_TypeError, "update() argument must be bytes, not %.200s",
                 Py_TYPE(data)->tp_name);
    return nullptr;
  }
  const std::string_view in(PyBytes_AS_STRING(data), static_cast<size_t>(PyBytes_GET_SIZE(data)));
  // Refusals (a finished cipher, an input past int lengths) come before an
  // input-sized allocation.
  if (Status checked = cipher->CheckUpdate(in.size()); !checked.ok()) return RaiseStatus(checked);
  PyObject* out =
      PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(cipher->UpdateBound(in.size())));
  if (out == nullptr) return nullptr;
  char* buf = PyBytes_AS_STRING(out);
  StatusOr<size_t> n = LockedCall(cipher, in.size(), [&] { return cipher->UpdateInto(in, buf); });
  if (!n.ok()) {
    Py_DECREF(out);
    return RaiseStatus(n.status());
  }
  if (_PyBytes_Resize(&out, static_cast<Py_ssize_t>(*n)) != 0) return nullptr;
  return out;
}

PyObject* NoneOrRaise(const Status& status) {
  return status.ok() ? Ref(Py_None) : RaiseStatus(status);
}

PyObject* MethodFinal(PyObject* self, PyObject*) {
  Cipher* cipher = ValueOfSelf<Cipher>(self);
  ObjectGuard guard(cipher);
  return BytesOrRaise(cipher->Final());
}

PyObject* MethodUpdateAad(PyObject* self, PyObject* aad_arg) {
  Cipher* cipher = ValueOfSelf<Cipher>(self);
  std::string_view aad;
  if (!BytesArg(aad_arg, "aad", &aad)) return nullptr;
  return NoneOrRaise(LockedCall(cipher, aad.size(), [&] { return cipher->UpdateAad(aad); }));
}

PyObject* MethodSetTag(PyObject* self, PyObject* tag_arg) {
  Cipher* cipher = ValueOfSelf<Cipher>(self);
  std::string_view tag;
  if (!BytesArg(tag_arg, "tag", &tag)) return nullptr;
  ObjectGuard guard(cipher);
  return NoneOrRaise(cipher->SetTag(tag));
}

PyObject* MethodGetTag(PyObject* self, PyObject* length_arg) {
  Cipher* cipher = ValueOfSelf<Cipher>(self);
  int length = 0;
  if (!IntArg(length_arg, "length", &length)) return nullptr;
  if (length < 0) {
    PyErr_SetString(PyExc_TypeError, "length must not be negative");
    return nullptr;
  }
  ObjectGuard guard(cipher);
  return BytesOrRaise(cipher->GetTag(static_cast<size_t>(length)));
}

PyObject* MethodSetPadding(PyObject* self, PyObject* on_arg) {
  Cipher* cipher = ValueOfSelf<Cipher>(self);
  bool on = true;
  if (!FlagArg(on_arg, "on", &on)) return nullptr;
  ObjectGuard guard(cipher);
  return NoneOrRaise(cipher->SetPadding(on));
}

// The read-only attributes, as property(fget) the way pybind11's
// def_property_readonly makes them (so the stub generator sees them too).
PyObject* GetLegacy(PyObject*, PyObject* self) {
  Cipher* cipher = ValueOf<Cipher>(self, &Type());
  return cipher == nullptr ? nullptr : PyBool_FromLong(cipher->legacy());
}

PyObject* GetBlockSize(PyObject*, PyObject* self) {
  Cipher* cipher = ValueOf<Cipher>(self, &Type());
  return cipher == nullptr ? nullptr : PyLong_FromSize_t(cipher->block_size());
}

PyMethodDef kProperties[] = {
    {"legacy", GetLegacy, METH_O,
     "legacy(self) -> bool\n\nWhether the cipher came from OpenSSL's legacy provider."},
    {"block_size", GetBlockSize, METH_O,
     "block_size(self) -> int\n\n1 for stream modes (CTR, CFB, OFB, RC4)."}};

PyMethodDef kMethods[] = {
    {"update", MethodUpdate, METH_O, "update(self, data: bytes) -> bytes"},
    {"final", MethodFinal, METH_NOARGS, "final(self) -> bytes"},
    {"update_aad", MethodUpdateAad, METH_O, "update_aad(self, aad: bytes) -> None"},
    {"set_tag", MethodSetTag, METH_O, "set_tag(self, tag: bytes) -> None"},
    {"get_tag", MethodGetTag, METH_O, "get_tag(self, length: int) -> bytes"},
    {"set_padding", MethodSetPadding, METH_O, "set_padding(self, on: bool) -> None"},
    {nullptr, nullptr, 0, nullptr}};

PyTypeObject& Type() {
  static PyTypeObject type = MakeValueType<Cipher>(
      "cryptoshim._core.m2crypto.Cipher",
      "Cipher(alg: str, key: bytes, iv: bytes, op: int, key_as_bytes: bool = False, "
      "d: str = 'md5', salt: bytes = b'12345678', i: int = 1, padding: bool = True, "
      "variable_key: bool = False)\n\n"
      "An M2Crypto cipher context (EVP_CipherInit semantics over the core's CipherStream).",
      Vectorcall, TpNew, kMethods);
  return type;
}

}  // namespace

void RegisterM2Cipher(pybind11::module_& m2crypto) {
  PyTypeObject& type = Type();
  if (PyType_Ready(&type) < 0) throw pybind11::error_already_set();
  for (PyMethodDef& def : kProperties) {
    pybind11::object fget =
        pybind11::reinterpret_steal<pybind11::object>(PyCFunction_New(&def, nullptr));
    if (!fget) throw pybind11::error_already_set();
    PyObject* property =
        PyObject_CallOneArg(reinterpret_cast<PyObject*>(&PyProperty_Type), fget.ptr());
    if (property == nullptr || PyDict_SetItemString(type.tp_dict, def.ml_name, property) < 0) {
      Py_XDECREF(property);
      throw pybind11::error_already_set();
    }
    Py_DECREF(property);
  }
  PyType_Modified(&type);
  m2crypto.attr("Cipher") = pybind11::handle(reinterpret_cast<PyObject*>(&type));
}

}  // namespace cryptoshim::py
