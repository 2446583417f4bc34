// _core.legacy_verify: one verification for the legacy drop-ins (pyOpenSSL's
// X509StoreContext, M2Crypto's X509_Store_Context and m2.x509_verify_cert),
// in one C call: OpenSSL's X509_verify_cert (VerifyCertificate, store.cc),
// then, on success, the compat policy's look for weak cryptography in the
// chain it built (chain_policy.h).
//
// Why one call: the drop-ins used to make a call to verify, a Python list of
// the chain (a Python object per certificate), then a second call with that
// list for the policy, per verify. The real libraries run X509_verify_cert
// and little else, so that work was the whole gap to them. The chain stays
// in C++ (_core.VerifiedChain) until someone asks for it (get1_chain,
// get_verified_chain, the strict WebPKI check).
//
// Why hand-written C (METH_FASTCALL) and not pybind11: its dispatcher, its
// argument casters and a pybind11 instance for the chain (allocation plus
// registration in its instance map) were most of what a verify cost on top
// of OpenSSL's own work (bench row "X509_Store_Context verify 3-cert
// chain", callgrind). VerifiedChain is a plain C type for the same reason.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <new>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "call_object.h"
#include "chain_policy.h"
#include "core_object.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/store.h"
#include "legacy_function.h"
#include "register.h"
#include "slot_attr.h"
#include "status_conversion.h"

namespace cryptoshim::py {
namespace {

// _core.VerifiedChain: the chain X509_STORE_CTX_get1_chain gave, leaf first;
// on failure as far as OpenSSL built it. Made only here.
struct ChainObject {
  PyObject_HEAD std::vector<Certificate> certs;
};

void ChainDealloc(PyObject* op) {
  reinterpret_cast<ChainObject*>(op)->certs.~vector();
  Py_TYPE(op)->tp_free(op);
}

Py_ssize_t ChainLength(PyObject* op) {
  return static_cast<Py_ssize_t>(reinterpret_cast<ChainObject*>(op)->certs.size());
}

// New _core.Certificate handles on the same X509s (up-referenced, as
// X509_STORE_CTX_get1_chain's stack holds them), a fresh list per call.
PyObject* ChainCertificates(PyObject* op, PyObject*) {
  const std::vector<Certificate>& certs = reinterpret_cast<ChainObject*>(op)->certs;
  try {
    pybind11::list out(certs.size());
    for (size_t i = 0; i < certs.size(); ++i) out[i] = pybind11::cast(certs[i].Share());
    return out.release().ptr();
  } catch (pybind11::error_already_set& e) {
    e.restore();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

PyMethodDef kChainMethods[] = {
    {"certificates", ChainCertificates, METH_NOARGS,
     "certificates($self, /)\n--\n\nThe chain as new _core.Certificate handles, leaf first."},
    {nullptr, nullptr, 0, nullptr},
};

PySequenceMethods kChainSequence = {ChainLength};

PyTypeObject* ChainType() {
  static PyTypeObject type = {PyVarObject_HEAD_INIT(nullptr, 0)};
  if (type.tp_name != nullptr) return &type;
  type.tp_name = "cryptoshim._core.VerifiedChain";
  type.tp_basicsize = sizeof(ChainObject);
  type.tp_flags = Py_TPFLAGS_DEFAULT;
  type.tp_doc = "The chain a legacy verification built (_core.legacy_verify), leaf first.";
  type.tp_dealloc = ChainDealloc;
  type.tp_as_sequence = &kChainSequence;
  type.tp_methods = kChainMethods;
  if (PyType_Ready(&type) < 0) throw pybind11::error_already_set();
  return &type;
}

PyObject* NewChain(std::vector<Certificate> certs) {
  PyTypeObject* type = ChainType();
  auto* self = reinterpret_cast<ChainObject*>(type->tp_alloc(type, 0));
  if (self == nullptr) return nullptr;
  new (&self->certs) std::vector<Certificate>(std::move(certs));
  return reinterpret_cast<PyObject*>(self);
}

// The core objects a verification borrows, with a reference held on each
// for as long as it runs without the GIL (another thread may empty the
// caller's list meanwhile).
class Borrowed {
 public:
  Borrowed() = default;
  Borrowed(const Borrowed&) = delete;
  Borrowed& operator=(const Borrowed&) = delete;
  ~Borrowed() {
    for (size_t i = 0; i < count_; ++i) Py_DECREF(Slot(i));
  }

  // None, or an iterable of T (or, for certificates, of drop-in objects whose
  // `_cert` is one: M2Crypto's X509_Stack.pystack, read at verify time as
  // M2Crypto's X509_STORE_CTX reads its stack). false with the error set.
  template <typename T>
  bool Add(PyObject* items, const char* what, std::vector<const T*>* out) {
    if (items == Py_None) return true;
    PyObject* seq = PySequence_Fast(items, "expected a sequence or None");
    if (seq == nullptr) return false;
    Own(seq);
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject** item = PySequence_Fast_ITEMS(seq);
    out->reserve(static_cast<size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) {
      PyObject* core = Ref(item[i]);
      Own(core);
      if constexpr (std::is_same_v<T, Certificate>) {
        if (!IsCore<T>(core)) {
          core = CertAttr().Get(item[i], CertName());
          if (core == nullptr) {
            if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return false;
            PyErr_Clear();  // neither: CoreObject's TypeError names the item
            core = Ref(item[i]);
          }
          Own(core);
        }
      }
      const T* value = CoreObject<T>(core, what);
      if (value == nullptr) return false;
      out->push_back(value);
    }
    return true;
  }

 private:
  template <typename T>
  static bool IsCore(PyObject* obj) {
    static const pybind11::detail::type_info* info = pybind11::detail::get_type_info(typeid(T));
    return info != nullptr && PyObject_TypeCheck(obj, info->type);
  }
  static PyObject* CertName() {
    static PyObject* name = PyUnicode_InternFromString("_cert");
    return name;
  }
  // M2Crypto's X509 keeps _cert in a __slots__ member; the GIL guards this.
  static SlotAttr& CertAttr() {
    static SlotAttr attr;
    return attr;
  }

  // The references, in place for a short chain (no allocation per verify).
  void Own(PyObject* o) {
    if (count_ < kInPlace) {
      in_place_[count_] = o;
    } else {
      more_.push_back(o);
    }
    ++count_;
  }
  PyObject* Slot(size_t i) const { return i < kInPlace ? in_place_[i] : more_[i - kInPlace]; }

  static constexpr size_t kInPlace = 16;
  PyObject* in_place_[kInPlace];
  size_t count_ = 0;
  std::vector<PyObject*> more_;
};

// The policy's answer for a verified chain: None (compat, nothing weak), the
// problem as bytes, or True: strict (the caller runs the WebPKI profile,
// which needs no look) or a key the look cannot read (the caller's Python
// path reports it as it always did).
PyObject* PolicyLook(const std::vector<Certificate>& certs) {
  if (StrictPolicy()) Py_RETURN_TRUE;
  try {
    return WeakCryptographyInChain(certs).release().ptr();
  } catch (const std::exception&) {
    PyErr_Clear();
    Py_RETURN_TRUE;
  }
}

PyObject* Tuple6(PyObject* a, PyObject* b, PyObject* c, PyObject* d, PyObject* e, PyObject* f) {
  PyObject* items[] = {a, b, c, d, e, f};
  PyObject* t = nullptr;
  bool ok = true;
  for (PyObject* item : items) ok = ok && item != nullptr;
  if (ok) t = PyTuple_New(6);
  for (Py_ssize_t i = 0; i < 6; ++i) {
    if (t != nullptr) {
      PyTuple_SET_ITEM(t, i, items[i]);
    } else {
      Py_XDECREF(items[i]);
    }
  }
  return t;
}

// legacy_verify(store, leaf, untrusted, crls) -> (error, depth, message,
// current, chain, weak). Success: error 0 (X509_V_OK), message and current
// None, weak as PolicyLook says. Failure: X509_STORE_CTX's error and depth,
// X509_verify_cert_error_string (the failure marker: a failure may carry
// X509_V_OK), the certificate being checked (a copy, or None), weak None.
// chain is a VerifiedChain either way. untrusted and crls are None or
// sequences (see Borrowed::Add).
PyObject* Verify(PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 4) {
    PyErr_Format(PyExc_TypeError,
                 "legacy_verify(store, leaf, untrusted, crls) takes 4 arguments (%zd given)",
                 nargs);
    return nullptr;
  }
  const Store* store = CoreObject<Store>(args[0], "cryptoshim._core.Store");
  if (store == nullptr) return nullptr;
  const Certificate* leaf = CoreObject<Certificate>(args[1], "cryptoshim._core.Certificate");
  if (leaf == nullptr) return nullptr;
  Borrowed borrowed;
  std::vector<const Certificate*> untrusted;
  std::vector<const Crl*> crls;
  if (!borrowed.Add(args[2], "cryptoshim._core.Certificate", &untrusted) ||
      !borrowed.Add(args[3], "cryptoshim._core.Crl", &crls)) {
    return nullptr;
  }
  StatusOr<VerifyResult> result = Status(ErrorCode::kInternal, "unset");
  PyThreadState* thread = PyEval_SaveThread();
  result = VerifyCertificate(*store, *leaf, untrusted, crls);
  PyEval_RestoreThread(thread);
  if (!result.ok()) return RaiseStatus(result.status());
  VerifyResult& r = *result;
  if (!r.failure) {
    PyObject* weak = PolicyLook(r.chain);
    return Tuple6(PyLong_FromLong(0), PyLong_FromLong(0), Ref(Py_None), Ref(Py_None),
                  NewChain(std::move(r.chain)), weak);
  }
  VerifyFailure& f = *r.failure;
  PyObject* cert = nullptr;
  try {
    cert = f.certificate ? pybind11::cast(std::move(*f.certificate)).release().ptr() : Ref(Py_None);
  } catch (pybind11::error_already_set& e) {
    e.restore();
    return nullptr;
  }
  return Tuple6(
      PyLong_FromLong(f.error), PyLong_FromLong(f.depth),
      PyUnicode_DecodeUTF8(f.message.data(), static_cast<Py_ssize_t>(f.message.size()), nullptr),
      cert, NewChain(std::move(r.chain)), Ref(Py_None));
}

PyObject* LegacyVerify(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  try {
    return Verify(args, nargs);
  } catch (pybind11::error_already_set& e) {
    e.restore();
  } catch (const std::bad_alloc&) {
    return PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

PyMethodDef kLegacyVerify = {
    "legacy_verify", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(LegacyVerify)),
    METH_FASTCALL,
    "legacy_verify(store, leaf, untrusted, crls, /)\n--\n\n"
    "X509_verify_cert and the compat policy's look, in one call: (error, depth, message, "
    "current, chain, weak)."};

}  // namespace

void RegisterLegacyVerify(pybind11::module_& m) {
  m.attr("VerifiedChain") = pybind11::handle(reinterpret_cast<PyObject*>(ChainType()));
  PyObject* fn = PyCFunction_NewEx(&kLegacyVerify, nullptr, m.attr("__name__").ptr());
  if (fn == nullptr) throw pybind11::error_already_set();
  m.attr("legacy_verify") = pybind11::reinterpret_steal<pybind11::object>(fn);
}

}  // namespace cryptoshim::py
