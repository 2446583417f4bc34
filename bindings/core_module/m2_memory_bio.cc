// _core.m2crypto.MemoryBioCall: the common case of M2Crypto's flat
// m2.bio_s_mem / bio_new / bio_write / bio_read / bio_free in C. The drop-in's
// BIO handles are M2Crypto.BIO objects (a MemoryBuffer keeps its bytes in a
// bytearray `_buf`), and the flat functions are Python over them: about 1.5 us
// per call against M2Crypto's 0.2 us SWIG calls. Each object here handles one
// operation on a plain, live MemoryBuffer (exactly that class, its own
// handle, not freed, bytes in and out) with the same effects on the object
// as the Python function; every other case, errors included, goes to that
// Python function (`fallback`), which stays the one full implementation.
// The counted entry point (LegacyFunction) wraps this object.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <climits>
#include <cstring>

#include "call_object.h"
#include "register.h"

namespace cryptoshim::py {
namespace {

enum Op { kMethod = 0, kNew = 1, kWrite = 2, kRead = 3, kFree = 4 };

struct MemoryBioCall {
  CallHead head;
  int op;
  PyObject* cls;       // M2Crypto.BIO.MemoryBuffer: only this exact type is handled
  PyObject* method;    // the bio_s_mem() stand-in
  PyObject* fallback;  // the Python implementation

  template <typename F>
  void Refs(F&& f) {
    f(cls);
    f(method);
    f(fallback);
  }
  static PyObject* Call(MemoryBioCall* self, PyObject* const* args, size_t nargsf,
                        PyObject* kwnames);
  static PyObject* Repr(MemoryBioCall* self) {
    return PyUnicode_FromFormat("<memory BIO fast path over %R>", self->fallback);
  }
};

// Attribute names, interned once.
struct Names {
  PyObject *bio, *pyfree, *close_cb, *closed, *write_closed, *buf, *freed, *retry, *eof, *flags;
};

const Names& N() {
  static const Names names = {
      PyUnicode_InternFromString("bio"),          PyUnicode_InternFromString("_pyfree"),
      PyUnicode_InternFromString("_close_cb"),    PyUnicode_InternFromString("closed"),
      PyUnicode_InternFromString("write_closed"), PyUnicode_InternFromString("_buf"),
      PyUnicode_InternFromString("_m2_freed"),    PyUnicode_InternFromString("_m2_retry"),
      PyUnicode_InternFromString("_m2_eof"),      PyUnicode_InternFromString("_m2_flags"),
  };
  return names;
}

// False for a missing key (the Python code reads these with getattr(..., 0)).
int Truthy(PyObject* dict, PyObject* key) {
  PyObject* v = PyDict_GetItemWithError(dict, key);  // borrowed
  if (v == nullptr) return PyErr_Occurred() ? -1 : 0;
  return PyObject_IsTrue(v);
}

// The instance dict of `b` when b is a plain, live MemoryBuffer that is its
// own handle (what _m2_bio._bio accepts without following or raising), and
// its bytearray; nullptr (no error set) otherwise.
PyObject* PlainMemoryBio(MemoryBioCall* self, PyObject* b, PyObject** buf) {
  if (reinterpret_cast<PyObject*>(Py_TYPE(b)) != self->cls) return nullptr;
  PyObject* dict = PyObject_GenericGetDict(b, nullptr);
  if (dict == nullptr) {
    PyErr_Clear();
    return nullptr;
  }
  const Names& n = N();
  *buf = PyDict_GetItemWithError(dict, n.buf);
  // No `bio` of its own: the class's OwnHandle answers the object itself.
  PyObject* handle = PyDict_GetItemWithError(dict, n.bio);
  if ((handle != nullptr && handle != b) || *buf == nullptr || !PyByteArray_CheckExact(*buf) ||
      Truthy(dict, n.freed) != 0) {
    PyErr_Clear();
    Py_DECREF(dict);
    return nullptr;
  }
  return dict;
}

PyObject* New(MemoryBioCall* self) {
  auto* type = reinterpret_cast<PyTypeObject*>(self->cls);
  PyObject* obj = type->tp_alloc(type, 0);
  if (obj == nullptr) return nullptr;
  // Sized for what the object will hold (these five, then _m2_retry and
  // _m2_eof from the first write, bio and _m2_freed from bio_free): the
  // class's shared-key dict would be resized, then unshared, on the way.
  PyObject* dict = _PyDict_NewPresized(9);
  if (dict != nullptr && PyObject_GenericSetDict(obj, dict, nullptr) < 0) Py_CLEAR(dict);
  PyObject* buf = PyByteArray_FromStringAndSize(nullptr, 0);
  PyObject* one = PyLong_FromLong(1);
  PyObject* zero = PyLong_FromLong(0);
  const Names& n = N();
  // BIO.__init__(_pyfree=1) then MemoryBuffer.__init__, in their order
  // (no `bio`: the class's OwnHandle reads as the object, without a cycle).
  bool ok =
      dict && buf && one && zero && PyDict_SetItem(dict, n.pyfree, one) == 0 &&
      PyDict_SetItem(dict, n.close_cb, Py_None) == 0 && PyDict_SetItem(dict, n.closed, zero) == 0 &&
      PyDict_SetItem(dict, n.write_closed, zero) == 0 && PyDict_SetItem(dict, n.buf, buf) == 0;
  Py_XDECREF(dict);
  Py_XDECREF(buf);
  Py_XDECREF(one);
  Py_XDECREF(zero);
  if (!ok) Py_CLEAR(obj);
  return obj;
}

PyObject* Write(MemoryBioCall* self, PyObject* b, PyObject* data) {
  PyObject* buf = nullptr;
  if (!PyBytes_CheckExact(data)) return nullptr;
  PyObject* dict = PlainMemoryBio(self, b, &buf);
  if (dict == nullptr) return nullptr;
  const Names& n = N();
  if (Truthy(dict, n.write_closed) != 0 || Truthy(dict, n.flags) != 0) {
    PyErr_Clear();
    Py_DECREF(dict);
    return nullptr;  // closed or read-only: the Python function raises
  }
  const Py_ssize_t len = PyBytes_GET_SIZE(data);
  PyObject* result = nullptr;
  if (len == 0) {
    result = PyLong_FromLong(0);
  } else {
    const Py_ssize_t old = PyByteArray_GET_SIZE(buf);
    if (PyByteArray_Resize(buf, old + len) == 0) {
      std::memcpy(PyByteArray_AS_STRING(buf) + old, PyBytes_AS_STRING(data), len);
      PyObject* zero = PyLong_FromLong(0);
      if (zero != nullptr && PyDict_SetItem(dict, n.retry, zero) == 0 &&
          PyDict_SetItem(dict, n.eof, Py_False) == 0) {
        result = PyLong_FromSsize_t(len);
      }
      Py_XDECREF(zero);
    }
  }
  Py_DECREF(dict);
  return result != nullptr ? result : (PyErr_Occurred() ? Py_None : nullptr);
}

PyObject* Read(MemoryBioCall* self, PyObject* b, PyObject* num) {
  if (!PyLong_CheckExact(num)) return nullptr;
  const Py_ssize_t want = PyLong_AsSsize_t(num);
  // 0, negative and above a C int (SWIG's OverflowError) are the Python
  // function's: it answers them as M2Crypto does.
  if (want <= 0 || want > INT_MAX) {
    PyErr_Clear();
    return nullptr;
  }
  PyObject* buf = nullptr;
  PyObject* dict = PlainMemoryBio(self, b, &buf);
  if (dict == nullptr) return nullptr;
  const Py_ssize_t have = PyByteArray_GET_SIZE(buf);
  PyObject* result = nullptr;
  if (have == 0) {
    Py_DECREF(dict);
    return nullptr;  // empty: the Python function sets the retry flags
  }
  const Py_ssize_t take = want < have ? want : have;
  PyObject* out = PyBytes_FromStringAndSize(PyByteArray_AS_STRING(buf), take);
  PyObject* zero = PyLong_FromLong(0);
  // del _buf[:take]: bytearray drops a prefix without moving the rest.
  if (out != nullptr && zero != nullptr && PySequence_DelSlice(buf, 0, take) == 0 &&
      PyDict_SetItem(dict, N().retry, zero) == 0) {
    result = out;
    out = nullptr;
  }
  Py_XDECREF(out);
  Py_XDECREF(zero);
  Py_DECREF(dict);
  return result != nullptr ? result : Py_None;  // Py_None: error set
}

// _m2_bio._release: the bytes go, and bio = None marks the handle freed.
PyObject* Free(MemoryBioCall* self, PyObject* b) {
  PyObject* buf = nullptr;
  PyObject* dict = PlainMemoryBio(self, b, &buf);
  if (dict == nullptr) return nullptr;
  const Names& n = N();
  Py_INCREF(buf);
  const bool ok = PyByteArray_Resize(buf, 0) == 0 && PyDict_SetItem(dict, n.bio, Py_None) == 0 &&
                  PyDict_SetItem(dict, n.freed, Py_True) == 0;
  Py_DECREF(buf);
  Py_DECREF(dict);
  return ok ? PyLong_FromLong(1) : Py_None;
}

// nullptr from a handler: not the common case, the fallback decides. Py_None
// (never a result here): an error is set.
PyObject* MemoryBioCall::Call(MemoryBioCall* self, PyObject* const* args, size_t nargsf,
                              PyObject* kwnames) {
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  PyObject* result = nullptr;
  if (!HasKeywords(kwnames)) {
    switch (self->op) {
      case kMethod:
        if (nargs == 0) return Ref(self->method);
        break;
      case kNew:
        if (nargs == 1 && args[0] == self->method) return New(self);
        break;
      case kWrite:
        if (nargs == 2) result = Write(self, args[0], args[1]);
        break;
      case kRead:
        if (nargs == 2) result = Read(self, args[0], args[1]);
        break;
      case kFree:
        if (nargs == 1) result = Free(self, args[0]);
        break;
    }
  }
  if (result == Py_None) return nullptr;
  if (result != nullptr) return result;
  return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
}

PyObject* NewCall(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  int op = 0;
  PyObject *cls, *method, *fallback;
  static const char* kwlist[] = {"op", "cls", "method", "fallback", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "iOOO:MemoryBioCall", const_cast<char**>(kwlist),
                                   &op, &cls, &method, &fallback)) {
    return nullptr;
  }
  if (op < kMethod || op > kFree || !PyType_Check(cls) || !PyCallable_Check(fallback)) {
    PyErr_SetString(PyExc_ValueError, "MemoryBioCall(op 0-4, class, method, callable)");
    return nullptr;
  }
  auto* self = Alloc<MemoryBioCall>(type);
  if (self == nullptr) return nullptr;
  self->op = op;
  self->cls = Ref(cls);
  self->method = Ref(method);
  self->fallback = Ref(fallback);
  return reinterpret_cast<PyObject*>(self);
}

}  // namespace

void RegisterM2MemoryBio(pybind11::module_& m2crypto) {
  PyTypeObject* type = MakeCallType<MemoryBioCall>(
      "cryptoshim._core.m2crypto.MemoryBioCall",
      "MemoryBioCall(op, cls, method, fallback): one flat m2.bio_* operation on memory BIOs "
      "(0 bio_s_mem, 1 bio_new, 2 bio_write, 3 bio_read, 4 bio_free); fallback does the rest.",
      NewCall, Binding::kCallable);
  m2crypto.attr("MemoryBioCall") = pybind11::handle(reinterpret_cast<PyObject*>(type));
}

}  // namespace cryptoshim::py
