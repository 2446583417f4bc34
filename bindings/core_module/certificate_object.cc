// The type behind certificate_object.h: a heap type (so bind_x509.cc and the
// M2Crypto extensions add their methods with pybind11's class_::def, which
// only sets attributes on it), not garbage-collected (it holds no Python
// references), with weak references as pybind11 instances have them.
#include "certificate_object.h"

#include <structmember.h>

#include <cstddef>
#include <new>
#include <utility>

#include "status_conversion.h"

namespace cryptoshim::py {
namespace {

PyTypeObject* certificate_type = nullptr;

PyObject* Alloc(PyTypeObject* type, Certificate&& cert) {
  PyObject* obj = type->tp_alloc(type, 0);  // zeroed; takes a reference on the heap type
  if (obj == nullptr) return nullptr;
  new (&reinterpret_cast<CertificateObject*>(obj)->cert) Certificate(std::move(cert));
  return obj;
}

// Certificate(): an empty certificate (X509_new), as the pybind11 __init__ was.
PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  if (PyTuple_GET_SIZE(args) != 0 || (kwargs != nullptr && PyDict_GET_SIZE(kwargs) != 0)) {
    PyErr_SetString(PyExc_TypeError, "Certificate() takes no arguments");
    return nullptr;
  }
  try {
    return Alloc(type, ValueOrThrow(Certificate::New()));
  } catch (pybind11::error_already_set& e) {
    e.restore();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

void Dealloc(PyObject* op) {
  auto* self = reinterpret_cast<CertificateObject*>(op);
  PyTypeObject* type = Py_TYPE(op);
  if (self->weakrefs != nullptr) PyObject_ClearWeakRefs(op);
  self->cert.~Certificate();
  type->tp_free(op);
  Py_DECREF(type);
}

PyMemberDef kMembers[] = {
    {"__weaklistoffset__", T_PYSSIZET, offsetof(CertificateObject, weakrefs), READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr},
};

PyType_Slot kSlots[] = {
    {Py_tp_new, reinterpret_cast<void*>(New)},
    {Py_tp_dealloc, reinterpret_cast<void*>(Dealloc)},
    {Py_tp_members, kMembers},
    {Py_tp_doc, const_cast<char*>("An X.509 certificate (an X509 handle).")},
    {0, nullptr},
};

PyType_Spec kSpec = {"cryptoshim._core.Certificate", sizeof(CertificateObject), 0,
                     Py_TPFLAGS_DEFAULT, kSlots};

}  // namespace

PyTypeObject* CertificateType() { return certificate_type; }

PyObject* WrapCertificate(Certificate&& cert) { return Alloc(certificate_type, std::move(cert)); }

void MakeCertificateType(pybind11::module_& m) {
  PyObject* type = PyType_FromSpec(&kSpec);
  if (type == nullptr) throw pybind11::error_already_set();
  certificate_type = reinterpret_cast<PyTypeObject*>(type);  // owned for the process's life
  m.attr("Certificate") = pybind11::handle(type);
}

}  // namespace cryptoshim::py
