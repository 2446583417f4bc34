// A core value (HmacStream, m2crypto::Cipher) held in a plain CPython
// object instead of a pybind11 instance, for the M2Crypto objects a program
// makes per message. pybind11's constructor and deallocation (dispatcher,
// argument casters, holder, instance registry, type_info lookups) cost
// about 2,800 instructions per object, as much as the OpenSSL work of a
// short HMAC or cipher (m2_hmac_stream.cc, m2_cipher.cc). The value holds
// no Python references, so the objects are not tracked by the collector.
//
// Thread contract: the object is made and freed with the GIL held; callers
// lock the value itself (ObjectGuard on its address) around OpenSSL calls.
#pragma once

#include <Python.h>

#include <new>
#include <optional>
#include <utility>

namespace cryptoshim::py {

template <typename T>
struct ValueObject {
  PyObject_HEAD std::optional<T> value;  // engaged from construction on
};

// A new object of `type` holding `value`, or nullptr with MemoryError.
template <typename T>
PyObject* NewValueObject(PyTypeObject* type, T&& value) {
  auto* self = PyObject_New(ValueObject<T>, type);
  if (self == nullptr) return nullptr;
  new (&self->value) std::optional<T>(std::move(value));
  return reinterpret_cast<PyObject*>(self);
}

template <typename T>
void DeallocValueObject(PyObject* op) {
  reinterpret_cast<ValueObject<T>*>(op)->value.~optional();
  PyObject_Free(op);
}

// The value of `obj`, which the caller knows to be of the value's type
// (a method's self).
template <typename T>
T* ValueOfSelf(PyObject* obj) {
  return &*reinterpret_cast<ValueObject<T>*>(obj)->value;
}

// The value of `obj` if it is exactly of `type`, else nullptr with
// TypeError naming the type.
template <typename T>
T* ValueOf(PyObject* obj, PyTypeObject* type) {
  if (Py_TYPE(obj) != type) {
    PyErr_Format(PyExc_TypeError, "expected a %s, got %.200s", type->tp_name,
                 Py_TYPE(obj)->tp_name);
    return nullptr;
  }
  return ValueOfSelf<T>(obj);
}

// A static type for ValueObject<T>: not subclassable, no __dict__, no weak
// references. `vectorcall` makes calls of the type; `tp_new` serves
// T.__new__(T, ...) and calls through a tuple.
template <typename T>
PyTypeObject MakeValueType(const char* name, const char* doc, vectorcallfunc vectorcall,
                           newfunc tp_new, PyMethodDef* methods, PyGetSetDef* getset = nullptr) {
  PyTypeObject t = {PyVarObject_HEAD_INIT(nullptr, 0)};
  t.tp_name = name;
  t.tp_basicsize = sizeof(ValueObject<T>);
  t.tp_flags = Py_TPFLAGS_DEFAULT;
  t.tp_doc = doc;
  t.tp_new = tp_new;
  t.tp_vectorcall = vectorcall;
  t.tp_dealloc = DeallocValueObject<T>;
  t.tp_methods = methods;
  t.tp_getset = getset;
  return t;
}

}  // namespace cryptoshim::py
