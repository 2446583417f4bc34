// _core.m2crypto.HandleView and the raw accessors it calls: the C form of a
// drop-in M2Crypto method that wraps a value read off its core object in a
// new Python object, e.g. X509.get_subject:
//     return X509_Name(self._cert.subject(), _pyfree=0)
// As Python that is the method's frame, a pybind11 dispatch and the wrapper
// class's own __init__ (a frame, more attribute stores): several times
// M2Crypto's SWIG call. HandleView(attr, function, cls, field, constants,
// owner_field, fallback) does, for a call with self only,
//     obj = cls.__new__(cls); object.__setattr__(obj, field, function(self.<attr>))
//     then each (name, value) of constants, then owner_field = self if given
// which is what the __init__ leaves behind for such a value (the class's
// __setattr__ is skipped, as its __init__ skips it with object.__setattr__).
// Any other call goes to `fallback`, the Python method, so errors read as
// before. It is wrapped by the counting LegacyFunction like the method.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <new>
#include <optional>
#include <string>

#include "call_object.h"
#include "core_object.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/certificate_checks.h"
#include "cryptoshim/x509_name.h"
#include "register.h"
#include "slot_attr.h"
#include "status_conversion.h"

namespace cryptoshim::py {
namespace {

struct HandleView {
  CallHead head;
  PyObject* attr;         // interned attribute name of the core object
  PyObject* function;     // core object -> the wrapped value
  PyObject* cls;          // the Python class to make
  PyObject* field;        // its attribute holding the value
  PyObject* constants;    // tuple of (name, value) set after it
  PyObject* owner_field;  // attribute set to self, or nullptr
  PyObject* fallback;     // the Python method
  DirectO direct;         // function, when it is a METH_O builtin
  SlotAttr slot;          // reads self.<attr> when it is a __slots__ member

  template <typename F>
  void Refs(F&& f) {
    f(attr);
    f(function);
    f(cls);
    f(field);
    f(constants);
    f(owner_field);
    f(fallback);
  }

  static PyObject* Call(HandleView* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
    if (PyVectorcall_NARGS(nargsf) != 1 || HasKeywords(kwnames)) {
      return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
    }
    PyObject* handle = self->slot.Get(args[0], self->attr);
    if (handle == nullptr) return nullptr;
    PyObject* value = self->direct(self->function, handle);
    Py_DECREF(handle);
    if (value == nullptr) return nullptr;
    PyObject* obj = Make(self, value, args[0]);
    Py_DECREF(value);
    return obj;
  }

  static PyObject* Make(HandleView* self, PyObject* value, PyObject* owner) {
    static PyObject* const kNoArgs = PyTuple_New(0);
    auto* type = reinterpret_cast<PyTypeObject*>(self->cls);
    PyObject* obj = type->tp_new(type, kNoArgs, nullptr);
    if (obj == nullptr) return nullptr;
    bool ok = PyObject_GenericSetAttr(obj, self->field, value) == 0;
    for (Py_ssize_t i = 0; ok && i < PyTuple_GET_SIZE(self->constants); ++i) {
      PyObject* pair = PyTuple_GET_ITEM(self->constants, i);
      ok = PyObject_GenericSetAttr(obj, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1)) == 0;
    }
    if (ok && self->owner_field != nullptr) {
      ok = PyObject_GenericSetAttr(obj, self->owner_field, owner) == 0;
    }
    if (!ok) Py_CLEAR(obj);
    return obj;
  }

  static PyObject* Repr(HandleView* self) {
    return PyUnicode_FromFormat("<core view %R(%R(self.%U))>", self->cls, self->function,
                                self->attr);
  }
};

PyObject* Interned(PyObject* name) {
  Py_INCREF(name);
  PyUnicode_InternInPlace(&name);
  return name;
}

PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  PyObject *attr, *function, *cls, *field, *constants, *owner_field, *fallback;
  static const char* kwlist[] = {"attr",      "function",    "cls",      "field",
                                 "constants", "owner_field", "fallback", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UOOUO!OO:HandleView", const_cast<char**>(kwlist),
                                   &attr, &function, &cls, &field, &PyTuple_Type, &constants,
                                   &owner_field, &fallback)) {
    return nullptr;
  }
  bool valid = PyCallable_Check(function) && PyType_Check(cls) && PyCallable_Check(fallback) &&
               (owner_field == Py_None || PyUnicode_Check(owner_field));
  for (Py_ssize_t i = 0; valid && i < PyTuple_GET_SIZE(constants); ++i) {
    PyObject* pair = PyTuple_GET_ITEM(constants, i);
    valid = PyTuple_Check(pair) && PyTuple_GET_SIZE(pair) == 2 &&
            PyUnicode_Check(PyTuple_GET_ITEM(pair, 0));
  }
  if (!valid) {
    PyErr_SetString(PyExc_ValueError,
                    "HandleView(str, callable, class, str, ((str, value), ...), str or None, "
                    "callable)");
    return nullptr;
  }
  auto* self = Alloc<HandleView>(type);
  if (self == nullptr) return nullptr;
  new (&self->slot) SlotAttr();
  self->attr = Interned(attr);
  self->function = Ref(function);
  self->cls = Ref(cls);
  self->field = Interned(field);
  self->constants = Ref(constants);
  self->owner_field = owner_field == Py_None ? nullptr : Interned(owner_field);
  self->fallback = Ref(fallback);
  self->direct = DirectO(function);
  return reinterpret_cast<PyObject*>(self);
}

// The accessors: a Certificate method without pybind11's dispatcher; the
// result is still made by pybind11's caster (it owns the class).
template <typename R, R (*Read)(const Certificate&)>
PyObject* CertificateRead(PyObject*, PyObject* arg) {
  const Certificate* cert = CoreObject<Certificate>(arg, "cryptoshim._core.Certificate");
  if (cert == nullptr) return nullptr;
  try {
    return pybind11::cast(Read(*cert)).release().ptr();
  } catch (pybind11::error_already_set& e) {
    e.restore();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

X509Name Subject(const Certificate& c) { return c.Subject(); }
X509Name Issuer(const Certificate& c) { return c.Issuer(); }

// X509Name.get_entry(nid) decoded: the text of the first entry with `nid`,
// or None. An entry not convertible to UTF-8 raises _core.Error as there.
PyObject* NameEntryText(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "name_entry_text(name, nid)");
    return nullptr;
  }
  const X509Name* name = CoreObject<X509Name>(args[0], "cryptoshim._core.X509Name");
  if (name == nullptr) return nullptr;
  const long nid = PyLong_AsLong(args[1]);
  if (nid == -1 && PyErr_Occurred()) return nullptr;
  auto entry = name->GetEntry(static_cast<int>(nid));
  if (!entry.ok()) {
    try {
      ThrowStatus(entry.status());
    } catch (pybind11::error_already_set& e) {
      e.restore();
    }
    return nullptr;
  }
  const std::optional<std::string>& text = *entry;
  if (!text) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(text->data(), static_cast<Py_ssize_t>(text->size()), nullptr);
}

PyMethodDef kFunctions[] = {
    {"certificate_subject", CertificateRead<X509Name, Subject>, METH_O,
     "Certificate.subject() as a plain C function (HandleView)."},
    {"certificate_issuer", CertificateRead<X509Name, Issuer>, METH_O,
     "Certificate.issuer() as a plain C function (HandleView)."},
    {"certificate_not_before_time", CertificateRead<Asn1Time, NotBeforeTime>, METH_O,
     "Certificate.not_before_time() as a plain C function (HandleView)."},
    {"certificate_not_after_time", CertificateRead<Asn1Time, NotAfterTime>, METH_O,
     "Certificate.not_after_time() as a plain C function (HandleView)."},
    {"name_entry_text", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(NameEntryText)),
     METH_FASTCALL, "name_entry_text(name, nid): the first entry's text, or None."},
};

}  // namespace

void RegisterM2HandleView(pybind11::module_& m2crypto) {
  PyTypeObject* type = MakeCallType<HandleView>(
      "cryptoshim._core.m2crypto.HandleView",
      "HandleView(attr, function, cls, field, constants, owner_field, fallback): a new cls "
      "holding function(getattr(self, attr)) in field, for a call with self only; else "
      "fallback(self, *args, **kwargs).",
      New, Binding::kCallable);
  m2crypto.attr("HandleView") = pybind11::handle(reinterpret_cast<PyObject*>(type));
  for (PyMethodDef& def : kFunctions) {
    PyObject* fn = PyCFunction_New(&def, nullptr);
    if (fn == nullptr) throw pybind11::error_already_set();
    m2crypto.attr(def.ml_name) = pybind11::reinterpret_steal<pybind11::object>(fn);
  }
}

}  // namespace cryptoshim::py
