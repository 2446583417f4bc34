// The one base of the C callables the bindings hand to Python in place of a
// Python function or method: LegacyFunction (the counted entry point),
// CoreMethod, and the M2Crypto fast paths (HandleCall, MemoryBioCall, ...).
// Each exists because a Python frame, *args packing or pybind11's dispatcher
// cost more than the legacy call it stands for, so each is a vectorcall
// object; what they share is the CPython type plumbing, kept here once: the
// head, the vectorcall trampoline, allocation, GC traversal and clearing of
// the owned references, deallocation, binding as a method, __dict__ and weak
// references. A file then holds only what differs: its fields, its New and
// its Call.
//
// A type T provides
//   CallHead head;                                   first member
//   template <typename F> void Refs(F&& f);           f(field) per owned PyObject*
//   static PyObject* Call(T*, PyObject* const* args, size_t nargsf, PyObject* kwnames);
//   static PyObject* Repr(T*);
// and optionally `PyObject* dict;` (a __dict__) and `PyObject* weakrefs;`
// (weak references). MakeCallType<T>(...) builds its type once; Alloc<T>()
// makes an instance with the trampoline set. Everything is header-inline, so
// the trampoline compiles to the direct call it replaces.
//
// Thread contract: objects and types are touched only with the GIL held
// (CPython calls every tp_* slot and vectorcall with it held; nothing here
// releases it). Fields are set in New and not changed afterwards, except
// __dict__ (Python's own) and what T documents (LegacyFunction's call-site
// memo, GIL-guarded). Types are made once, at `_core` import, under the
// import lock. `_core` does not declare Py_mod_gil_not_used, so a
// free-threaded CPython re-enables the GIL to load it: nothing here is meant
// to run without one.
#pragma once

#include <Python.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <vector>

namespace cryptoshim::py {

inline PyObject* Ref(PyObject* o) {  // Py_NewRef, which Python 3.9 lacks
  Py_INCREF(o);
  return o;
}

inline bool HasKeywords(PyObject* kwnames) {
  return kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0;
}

// A builtin METH_O function called without the vectorcall dispatch and
// result check around it: for the core accessors the fast paths call.
struct DirectO {
  PyCFunction meth = nullptr;  // nullptr: not such a function, call `fn` itself
  PyObject* self = nullptr;    // borrowed from fn, which the caller owns

  explicit DirectO(PyObject* fn) {
    if (PyCFunction_Check(fn) && PyCFunction_GET_FLAGS(fn) == METH_O) {
      meth = PyCFunction_GET_FUNCTION(fn);
      self = PyCFunction_GET_SELF(fn);
    }
  }
  PyObject* operator()(PyObject* fn, PyObject* arg) const {
    return meth != nullptr ? meth(self, arg) : PyObject_CallOneArg(fn, arg);
  }
};

// The first member of every call object: where CPython finds its vectorcall.
struct CallHead {
  PyObject_HEAD vectorcallfunc vectorcall;
};

// Every type MakeCallType made: their vectorcall never changes, so a caller
// holding one may call it directly (DirectCall).
inline std::vector<PyTypeObject*>& CallTypes() {
  static auto* types = new std::vector<PyTypeObject*>();
  return *types;
}

// How a wrapper calls the callable it holds: straight through the entry point
// for a builtin function or one of our call objects (entry points that never
// change once made), skipping PyObject_Vectorcall's lookup and its result
// check (the interpreter checks the wrapper's own result); any other callable
// through PyObject_Vectorcall.
inline vectorcallfunc DirectCall(PyObject* fn) {
  PyTypeObject* type = Py_TYPE(fn);
  bool ours = false;
  for (PyTypeObject* t : CallTypes()) ours = ours || t == type;
  if (!ours && !PyCFunction_CheckExact(fn)) return nullptr;
  return PyVectorcall_Function(fn);
}

template <typename T>
PyObject* Vectorcall(PyObject* callable, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  return T::Call(reinterpret_cast<T*>(callable), args, nargsf, kwnames);
}

// A new, zeroed instance of `type` (T's type or a subclass) ready to call.
template <typename T>
T* Alloc(PyTypeObject* type) {
  auto* self = reinterpret_cast<T*>(type->tp_alloc(type, 0));
  if (self != nullptr) self->head.vectorcall = Vectorcall<T>;
  return self;
}

namespace call_object {

template <typename T>
concept HasDict = requires(T t) {
  t.dict;
};
template <typename T>
concept HasWeakrefs = requires(T t) {
  t.weakrefs;
};

template <typename T>
int Traverse(PyObject* op, visitproc visit, void* arg) {
  auto* self = reinterpret_cast<T*>(op);
  int err = 0;
  self->Refs([&](PyObject* field) {
    if (err == 0 && field != nullptr) err = visit(field, arg);
  });
  if constexpr (HasDict<T>) Py_VISIT(self->dict);
  return err;
}

template <typename T>
int Clear(PyObject* op) {
  auto* self = reinterpret_cast<T*>(op);
  self->Refs([](PyObject*& field) { Py_CLEAR(field); });
  if constexpr (HasDict<T>) Py_CLEAR(self->dict);
  return 0;
}

template <typename T>
void Dealloc(PyObject* op) {
  PyObject_GC_UnTrack(op);
  if constexpr (HasWeakrefs<T>) {
    if (reinterpret_cast<T*>(op)->weakrefs != nullptr) PyObject_ClearWeakRefs(op);
  }
  Clear<T>(op);
  Py_TYPE(op)->tp_free(op);
}

template <typename T>
PyObject* Repr(PyObject* op) {
  return T::Repr(reinterpret_cast<T*>(op));
}

// Like a function: looked up on an instance it is a bound method.
inline PyObject* DescrGet(PyObject* self, PyObject* obj, PyObject*) {
  if (obj == nullptr || obj == Py_None) return Ref(self);
  return PyMethod_New(self, obj);
}

}  // namespace call_object

enum class Binding { kCallable, kMethod };

// T's type, made on first use. kMethod: it binds as a method like a function
// (Py_TPFLAGS_METHOD_DESCRIPTOR lets `obj.method(...)` call it without a
// bound-method object). `getset` may add attributes; __dict__ comes with a
// `dict` field.
template <typename T>
PyTypeObject* MakeCallType(const char* name, const char* doc, newfunc tp_new, Binding binding,
                           PyGetSetDef* getset = nullptr) {
  static_assert(offsetof(T, head) == 0, "CallHead must be the first member");
  static PyTypeObject type = {PyVarObject_HEAD_INIT(nullptr, 0)};
  if (type.tp_name != nullptr) return &type;
  type.tp_name = name;
  type.tp_basicsize = sizeof(T);
  type.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL;
  type.tp_doc = doc;
  type.tp_new = tp_new;
  type.tp_dealloc = call_object::Dealloc<T>;
  type.tp_traverse = call_object::Traverse<T>;
  type.tp_clear = call_object::Clear<T>;
  type.tp_call = PyVectorcall_Call;
  type.tp_vectorcall_offset = offsetof(T, head.vectorcall);
  type.tp_repr = call_object::Repr<T>;
  type.tp_getset = getset;
  if (binding == Binding::kMethod) {
    type.tp_flags |= Py_TPFLAGS_METHOD_DESCRIPTOR;
    type.tp_descr_get = call_object::DescrGet;
  }
  if constexpr (call_object::HasDict<T>) type.tp_dictoffset = offsetof(T, dict);
  if constexpr (call_object::HasWeakrefs<T>) type.tp_weaklistoffset = offsetof(T, weakrefs);
  if (PyType_Ready(&type) < 0) throw pybind11::error_already_set();
  CallTypes().push_back(&type);
  return &type;
}

// The getset entry giving a type with a `dict` field its __dict__.
#define CRYPTOSHIM_DICT_GETSET \
  { "__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, nullptr, nullptr }

}  // namespace cryptoshim::py
