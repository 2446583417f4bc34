// _core.LegacyFunction: what cryptoshim.legacy.entry_point returns. A
// vectorcall object in C instead of a Python closure, because the closure's
// frame, *args/**kwargs packing and the extra pybind11 call into legacy_call
// cost more than most legacy calls themselves. It behaves like the function
// it wraps, as functools.wraps made the closure behave: __wrapped__,
// __name__, __qualname__, __doc__, __module__ and any attribute live in its
// __dict__, it binds as a method (Py_TPFLAGS_METHOD_DESCRIPTOR lets
// `obj.method(...)` call it without a bound-method object), and core errors
// are mapped with the package's factory as `raise errors(exc) from None`.
#include "legacy_function.h"

#include <Python.h>

#include <array>
#include <new>
#include <string>
#include <utility>

#include "call_object.h"
#include "cryptoshim/shims/catalog.h"
#include "legacy_call.h"

namespace cryptoshim::py {
namespace {

struct LegacyFunction {
  CallHead head;
  size_t index;
  PyObject* function;
  vectorcallfunc direct;  // function's entry point (DirectCall), or nullptr
  DirectO direct_o;       // function's C body when it is a METH_O builtin (SWIG's m2.*)
  PyObject* errors;       // factory core error -> package error, or nullptr
  PyObject* core_error;   // _core.Error, caught only when errors is set
  PyObject* arity;        // arity(self, nargs, nkw) -> SWIG's argument-count error, or nullptr
  PyObject* dict;
  PyObject* weakrefs;
  CallSiteMemos memo;      // changed per call, with the GIL held
  PyMethodDef def;         // the builtin form's (GetBuiltin)
  PyObject* builtin_name;  // the builtin form's name and doc (str or nullptr), whose
  PyObject* builtin_doc;   // UTF-8 `def` points into, for a function that is no builtin

  template <typename F>
  void Refs(F&& f) {
    f(function);
    f(errors);
    f(core_error);
    f(arity);
    f(builtin_name);
    f(builtin_doc);
  }
  static PyObject* Call(LegacyFunction* self, PyObject* const* args, size_t nargsf,
                        PyObject* kwnames);
  static PyObject* Repr(LegacyFunction* self) {
    return PyUnicode_FromFormat("<legacy entry point %s wrapping %R>",
                                std::string(shims::Catalog()[self->index].id).c_str(),
                                self->function);
  }
};

// The core error becomes errors(exc), raised with its context suppressed.
void MapCoreError(LegacyFunction* self) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (traceback != nullptr) PyException_SetTraceback(value, traceback);
  PyObject* mapped = PyObject_CallOneArg(self->errors, value);
  Py_XDECREF(type);
  Py_XDECREF(traceback);
  if (mapped == nullptr) {
    Py_DECREF(value);
    return;  // the factory's own exception propagates
  }
  if (!PyExceptionInstance_Check(mapped)) {
    Py_DECREF(value);
    PyErr_Format(PyExc_TypeError, "error factory returned %R, not an exception", mapped);
    Py_DECREF(mapped);
    return;
  }
  PyException_SetContext(mapped, value);  // steals value
  PyException_SetCause(mapped, nullptr);  // "from None": suppresses the context
  PyErr_Restore(Ref(reinterpret_cast<PyObject*>(Py_TYPE(mapped))), mapped, nullptr);
}

// A TypeError without a traceback may have been raised binding the
// arguments, before the wrapped Python function's frame existed (its own
// TypeErrors pass through that frame and carry it). M2Crypto's flat
// functions are SWIG's, whose argument errors read differently ("rsa_sign
// expected 3 arguments, got 0"): `arity`, which checks the counts against
// the signature, gives that error, or None to keep the original.
void MapArityError(LegacyFunction* self, Py_ssize_t nargs, PyObject* kwnames) {
  if (!PyErr_ExceptionMatches(PyExc_TypeError)) return;
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  if (traceback != nullptr) {
    PyErr_Restore(type, value, traceback);
    return;
  }
  const Py_ssize_t nkw = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
  PyObject* swig = PyObject_CallFunction(self->arity, "Onn", self, nargs, nkw);
  if (swig == nullptr || !PyExceptionInstance_Check(swig)) {
    Py_XDECREF(swig);
    PyErr_Restore(type, value, traceback);  // keeps Python's error (drops the hook's)
    return;
  }
  Py_XDECREF(type);
  Py_XDECREF(value);
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(swig)), swig);
  Py_DECREF(swig);
}

// Out of line (as CallO below): one copy of the inlined fast path
// (legacy_call.h) serves the type's entry point and every builtin slot.
[[gnu::noinline]] PyObject* LegacyFunction::Call(LegacyFunction* self, PyObject* const* args,
                                                 size_t nargsf, PyObject* kwnames) {
  if (LegacyCallAtCaller(self->index, &self->memo) < 0) return nullptr;
  PyObject* result;
  if (self->direct_o.meth != nullptr && PyVectorcall_NARGS(nargsf) == 1 && kwnames == nullptr) {
    // One argument to a METH_O builtin: its C body, as the interpreter's own
    // specialised call of a builtin would (cfunction_vectorcall_O's checks
    // are the argument count and keywords, just made).
    result = self->direct_o(self->function, args[0]);
  } else if (self->direct != nullptr) {
    result = self->direct(self->function, args, nargsf, kwnames);
  } else {
    result = PyObject_Vectorcall(self->function, args, nargsf, kwnames);
  }
  if (result == nullptr) {
    if (self->errors != nullptr && PyErr_ExceptionMatches(self->core_error)) {
      MapCoreError(self);
    } else if (self->arity != nullptr) {
      MapArityError(self, PyVectorcall_NARGS(nargsf), kwnames);
    }
  }
  return result;
}

// The builtin form (GetBuiltin) of a few wrappers. Its __self__ must be the
// wrapped builtin's own (the SWIG module), so that repr, __qualname__ and
// the argument-count TypeError read as SWIG's ("bn_to_hex() takes exactly
// one argument"); the wrapper is then found through the C body itself: one
// instantiation of SlotCallO (a METH_O builtin wrapped) or SlotCall (one of
// our call objects wrapped) per slot, reading its slot. The slots hold their
// wrappers for the life of the process (module-level m2.* entry points).
constexpr size_t kBuiltinSlots = 48;
LegacyFunction* builtin_slots[kBuiltinSlots];
size_t builtin_slots_used = 0;

[[gnu::noinline]] PyObject* CallO(LegacyFunction* self, PyObject* arg) {
  if (LegacyCallAtCaller(self->index, &self->memo) < 0) return nullptr;
  PyObject* result = self->direct_o(self->function, arg);
  if (result == nullptr && self->errors != nullptr && PyErr_ExceptionMatches(self->core_error)) {
    MapCoreError(self);
  }
  return result;
}

template <size_t N>
PyObject* SlotCallO(PyObject*, PyObject* arg) {
  return CallO(builtin_slots[N], arg);
}

template <size_t N>
PyObject* SlotCall(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
  return LegacyFunction::Call(builtin_slots[N], args, static_cast<size_t>(nargs), kwnames);
}

template <size_t... N>
constexpr std::array<PyCFunction, sizeof...(N)> SlotBodies(std::index_sequence<N...>) {
  return {SlotCallO<N>...};
}
constexpr auto kSlotBodies = SlotBodies(std::make_index_sequence<kBuiltinSlots>());

template <size_t... N>
constexpr std::array<_PyCFunctionFastWithKeywords, sizeof...(N)> SlotCallBodies(
    std::index_sequence<N...>) {
  return {SlotCall<N>...};
}
constexpr auto kSlotCallBodies = SlotCallBodies(std::make_index_sequence<kBuiltinSlots>());

PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  Py_ssize_t index = 0;
  PyObject *function, *errors, *core_error;
  static const char* kwlist[] = {"index", "function", "errors", "core_error", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "nOOO:LegacyFunction", const_cast<char**>(kwlist),
                                   &index, &function, &errors, &core_error)) {
    return nullptr;
  }
  if (index < 0 || static_cast<size_t>(index) >= shims::Catalog().size()) {
    PyErr_SetString(PyExc_IndexError, "no such catalog entry");
    return nullptr;
  }
  if (!PyCallable_Check(function)) {
    PyErr_SetString(PyExc_TypeError, "function must be callable");
    return nullptr;
  }
  auto* self = Alloc<LegacyFunction>(type);
  if (self == nullptr) return nullptr;
  self->index = static_cast<size_t>(index);
  self->function = Ref(function);
  self->direct = DirectCall(function);
  self->direct_o = DirectO(function);
  self->errors = errors == Py_None ? nullptr : Ref(errors);
  self->core_error = Ref(core_error);
  new (&self->memo) CallSiteMemos();
  return reinterpret_cast<PyObject*>(self);
}

PyObject* GetIndex(PyObject* op, void*) {
  return PyLong_FromSize_t(reinterpret_cast<LegacyFunction*>(op)->index);
}

// The wrapper's own str attribute `name` (its __dict__'s), or nullptr.
PyObject* OwnStr(LegacyFunction* self, const char* name) {
  PyObject* value = self->dict ? PyDict_GetItemString(self->dict, name) : nullptr;
  return value != nullptr && PyUnicode_Check(value) ? Ref(value) : nullptr;
}

// A builtin whose C body takes METH_FASTCALL | METH_KEYWORDS (our plain C
// functions, e.g. _core.m2crypto.rand_bytes): its builtin form calls it
// through the wrapper's Call, as for a call object.
bool IsFastcallBuiltin(PyObject* function) {
  if (!PyCFunction_CheckExact(function)) return false;
  const int flags = reinterpret_cast<PyCFunctionObject*>(function)->m_ml->ml_flags;
  return (flags & ~METH_COEXIST) == (METH_FASTCALL | METH_KEYWORDS);
}

// Fills self->def for a builtin form in `slot`: a METH_O wrapped builtin's
// C body, or for a wrapped METH_FASTCALL|METH_KEYWORDS builtin the slot's
// Call body, with the wrapped builtin's name and doc (static in its module,
// which `function` keeps alive); for one of our call objects a
// METH_FASTCALL|METH_KEYWORDS body named after the wrapper's __name__,
// documented by its __doc__.
bool MakeBuiltinDef(LegacyFunction* self, size_t slot) {
  // PyMethodDef's field is typed PyCFunction; METH_FASTCALL | METH_KEYWORDS
  // tells CPython the real signature.
  auto call_body =
      reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(kSlotCallBodies[slot]));
  if (self->direct_o.meth != nullptr || IsFastcallBuiltin(self->function)) {
    const PyMethodDef* wrapped = reinterpret_cast<PyCFunctionObject*>(self->function)->m_ml;
    self->def = self->direct_o.meth != nullptr
                    ? PyMethodDef{wrapped->ml_name, kSlotBodies[slot], METH_O, wrapped->ml_doc}
                    : PyMethodDef{wrapped->ml_name, call_body, METH_FASTCALL | METH_KEYWORDS,
                                  wrapped->ml_doc};
    return true;
  }
  self->builtin_name = OwnStr(self, "__name__");
  self->builtin_doc = OwnStr(self, "__doc__");
  const char* name = self->builtin_name ? PyUnicode_AsUTF8(self->builtin_name) : nullptr;
  const char* doc = self->builtin_doc ? PyUnicode_AsUTF8(self->builtin_doc) : nullptr;
  if (name == nullptr) {
    PyErr_Clear();
    return false;
  }
  if (doc == nullptr) PyErr_Clear();
  self->def = PyMethodDef{name, call_body, METH_FASTCALL | METH_KEYWORDS, doc};
  return true;
}

// The entry point as a builtin function (builtin_function_or_method), or
// None unless a slot is free and the wrapped function is a METH_O builtin
// or a METH_FASTCALL|METH_KEYWORDS one (the form then has the wrapped
// builtin's name, doc, __self__ and __module__) or one of our call objects
// (the M2Crypto fast paths: the wrapper's __name__, __doc__ and
// __module__), as SWIG's own functions are builtins. CPython 3.11
// specialises a call of a builtin (PRECALL_NO_KW_BUILTIN_O,
// PRECALL_BUILTIN_FAST_WITH_KEYWORDS: the C body called straight from the
// interpreter loop), never a call of another callable type, whose generic
// call path cost about as much as all of the telemetry. Counting, warning
// and policy are the wrapper's (CallO, Call).
PyObject* GetBuiltin(PyObject* op, void*) {
  auto* self = reinterpret_cast<LegacyFunction*>(op);
  const bool call_object = self->direct != nullptr && !PyCFunction_Check(self->function);
  if (self->def.ml_meth == nullptr) {
    const bool wraps_builtin = self->direct_o.meth != nullptr || IsFastcallBuiltin(self->function);
    if ((!wraps_builtin && !call_object) || builtin_slots_used == kBuiltinSlots ||
        !MakeBuiltinDef(self, builtin_slots_used)) {
      Py_RETURN_NONE;
    }
    builtin_slots[builtin_slots_used++] = reinterpret_cast<LegacyFunction*>(Ref(op));
  }
  if (call_object) {
    PyObject* module = OwnStr(self, "__module__");
    PyObject* form = PyCFunction_NewEx(&self->def, nullptr, module);
    Py_XDECREF(module);
    return form;
  }
  auto* wrapped = reinterpret_cast<PyCFunctionObject*>(self->function);
  return PyCFunction_NewEx(&self->def, wrapped->m_self, wrapped->m_module);
}

PyObject* GetArity(PyObject* op, void*) {
  PyObject* arity = reinterpret_cast<LegacyFunction*>(op)->arity;
  return Ref(arity != nullptr ? arity : Py_None);
}

int SetArity(PyObject* op, PyObject* value, void*) {
  if (value != nullptr && value != Py_None && !PyCallable_Check(value)) {
    PyErr_SetString(PyExc_TypeError, "__swig_arity__ must be callable or None");
    return -1;
  }
  auto* self = reinterpret_cast<LegacyFunction*>(op);
  Py_XSETREF(self->arity, value == nullptr || value == Py_None ? nullptr : Ref(value));
  return 0;
}

PyGetSetDef kGetSet[] = {
    CRYPTOSHIM_DICT_GETSET,
    {"__cryptoshim_index__", GetIndex, nullptr, "catalog index", nullptr},
    {"builtin", GetBuiltin, nullptr,
     "this entry point as a builtin function (a METH_O wrapped builtin, or a wrapped call "
     "object), else None",
     nullptr},
    {"__swig_arity__", GetArity, SetArity,
     "arity(entry_point, nargs, nkw): the argument-count TypeError to raise instead of Python's "
     "(M2Crypto.m2's functions, which are SWIG's), or None",
     nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

// _core.legacy_builtin_wrapper(fn): the wrapper whose builtin form `fn` is,
// else None (cryptoshim.legacy.api_id_of, __wrapped__ lookups).
PyObject* BuiltinWrapper(PyObject*, PyObject* fn) {
  if (PyCFunction_Check(fn)) {
    const PyMethodDef* def = reinterpret_cast<PyCFunctionObject*>(fn)->m_ml;
    for (size_t i = 0; i < builtin_slots_used; ++i) {
      if (def == &builtin_slots[i]->def) return Ref(reinterpret_cast<PyObject*>(builtin_slots[i]));
    }
  }
  Py_RETURN_NONE;
}

PyMethodDef kBuiltinWrapper = {"legacy_builtin_wrapper", BuiltinWrapper, METH_O,
                               "The LegacyFunction whose .builtin `fn` is, else None."};

}  // namespace

void RegisterLegacyFunction(pybind11::module_& m) {
  PyObject* fn = PyCFunction_New(&kBuiltinWrapper, nullptr);
  if (fn == nullptr) throw pybind11::error_already_set();
  m.attr("legacy_builtin_wrapper") = pybind11::reinterpret_steal<pybind11::object>(fn);
  PyTypeObject* type = MakeCallType<LegacyFunction>(
      "cryptoshim._core.LegacyFunction",
      "A counted, warning legacy entry point (cryptoshim.legacy.entry_point).", New,
      Binding::kMethod, kGetSet);
  m.attr("LegacyFunction") = pybind11::handle(reinterpret_cast<PyObject*>(type));
}

}  // namespace cryptoshim::py
