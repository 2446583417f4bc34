// getattr(obj, name) for the M2Crypto fast paths (HandleCall, HandleView),
// whose drop-in classes keep their core object in a __slots__ member
// (X509: __slots__ = ("_cert", ...)). PyObject_GetAttr walks the generic
// lookup each call (type attribute cache, descriptor checks, member_get:
// about 130 instructions), more than the OpenSSL getter it leads to. The
// member's offset is learnt once per class and read directly while the
// class is the same and unchanged: its version tag, which CPython moves on
// any change to the class or a base (and never gives to another class), says
// so. Anything else (another class, a __getattribute__/__getattr__, a
// property, an empty slot) takes PyObject_GetAttr, so results and errors are
// Python's own.
#pragma once

#include <Python.h>
#include <structmember.h>

namespace cryptoshim::py {

class SlotAttr {
 public:
  // A new reference to getattr(obj, name), or nullptr with the error set.
  PyObject* Get(PyObject* obj, PyObject* name) {
    PyTypeObject* type = Py_TYPE(obj);
    if (type == type_ && type->tp_version_tag == version_ &&
        PyType_HasFeature(type, Py_TPFLAGS_VALID_VERSION_TAG)) {
      PyObject* value = *reinterpret_cast<PyObject**>(reinterpret_cast<char*>(obj) + offset_);
      if (value != nullptr) {
        Py_INCREF(value);
        return value;
      }
    } else {
      Learn(type, name);
    }
    return PyObject_GetAttr(obj, name);  // the empty slot's AttributeError, or not a slot
  }

 private:
  void Learn(PyTypeObject* type, PyObject* name) {
    type_ = nullptr;
    if (type->tp_getattro != PyObject_GenericGetAttr) return;  // __getattr__ or its own lookup
    PyObject* descr = _PyType_Lookup(type, name);  // borrowed; gives the class a version tag
    if (descr == nullptr || !Py_IS_TYPE(descr, &PyMemberDescr_Type) ||
        !PyType_HasFeature(type, Py_TPFLAGS_VALID_VERSION_TAG)) {
      return;
    }
    const PyMemberDef* member = reinterpret_cast<PyMemberDescrObject*>(descr)->d_member;
    if (member->type != T_OBJECT_EX || (member->flags & READ_RESTRICTED) != 0) return;
    // The member must be the slot of a class obj's type derives from.
    if (!PyType_IsSubtype(type, PyDescr_TYPE(descr))) return;
    offset_ = member->offset;
    version_ = type->tp_version_tag;
    type_ = type;  // not owned: compared only, together with its version tag
  }

  PyTypeObject* type_ = nullptr;
  unsigned int version_ = 0;
  Py_ssize_t offset_ = 0;
};

}  // namespace cryptoshim::py
