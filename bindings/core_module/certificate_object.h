// _core.Certificate as a plain CPython object with the Certificate inside it,
// and the pybind11 caster that lets every binding take and return it as if it
// were a registered class. Programs keep many certificates (bench/rss_certs.py
// loads 100,000): a pybind11 instance costs its own 56-byte object, a heap
// block for the C++ value and one for its entry in pybind11's instance
// registry, about 120 bytes on top of the OpenSSL X509, which put the drop-in
// M2Crypto above the real one's SWIG pointer. This object is 32 bytes and
// nothing else.
//
// Every binding TU sees the caster through register.h (a specialization must
// be visible wherever Certificate is cast). What it does, as pybind11 did:
// a `const Certificate&` / `const Certificate*` argument borrows the object's
// own Certificate (None gives nullptr, a reference then ReferenceCastError);
// a returned Certificate moves into a new object; a returned reference or
// pointer becomes a new object on the same X509 (Share). Taking a Certificate
// by value does not compile: that would take the X509 from the Python object.
#pragma once

#include <Python.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <optional>

#include "core_object.h"
#include "cryptoshim/certificate.h"

namespace cryptoshim::py {

struct CertificateObject {
  PyObject_HEAD Certificate cert;
  PyObject* weakrefs;
};

// The type; RegisterX509 makes it, before anything casts a Certificate.
PyTypeObject* CertificateType();
void MakeCertificateType(pybind11::module_& m);

// A new reference holding `cert`, or nullptr with the error set.
PyObject* WrapCertificate(Certificate&& cert);

// The Certificate inside `obj`, or nullptr (no error set) when obj is not one.
inline Certificate* CertificateOf(PyObject* obj) {
  if (!PyObject_TypeCheck(obj, CertificateType())) return nullptr;
  return &reinterpret_cast<CertificateObject*>(obj)->cert;
}

// The C fast paths' accessor (core_object.h) for this non-pybind11 class.
template <>
inline Certificate* CoreObject<Certificate>(PyObject* obj, const char* what) {
  Certificate* cert = CertificateOf(obj);
  if (cert == nullptr) {
    PyErr_Format(PyExc_TypeError, "expected a %s, got %.200s", what, Py_TYPE(obj)->tp_name);
  }
  return cert;
}

}  // namespace cryptoshim::py

namespace pybind11::detail {

template <>
class type_caster<cryptoshim::Certificate> {
 public:
  static constexpr auto name = const_name("cryptoshim._core.Certificate");

  bool load(handle src, bool convert) {
    if (src.is_none()) {  // as pybind11's generic caster: None is a null pointer
      ptr_ = nullptr;
      return convert;
    }
    ptr_ = cryptoshim::py::CertificateOf(src.ptr());
    return ptr_ != nullptr;
  }

  static handle cast(cryptoshim::Certificate&& cert, return_value_policy, handle) {
    PyObject* obj = cryptoshim::py::WrapCertificate(std::move(cert));
    if (obj == nullptr) throw error_already_set();
    return obj;
  }
  static handle cast(const cryptoshim::Certificate& cert, return_value_policy p, handle parent) {
    return cast(cert.Share(), p, parent);
  }
  static handle cast(const cryptoshim::Certificate* cert, return_value_policy p, handle parent) {
    if (cert == nullptr) return none().release();
    return cast(cert->Share(), p, parent);
  }

  template <typename T>
  using cast_op_type = pybind11::detail::cast_op_type<T>;
  operator cryptoshim::Certificate*() { return ptr_; }
  operator cryptoshim::Certificate&() {
    if (ptr_ == nullptr) throw reference_cast_error();
    return *ptr_;
  }

 private:
  cryptoshim::Certificate* ptr_ = nullptr;
};

}  // namespace pybind11::detail

namespace cryptoshim::py {

// handle.cast<const Certificate&>(), which pybind11 refuses to compile for a
// caster of its own (it cannot tell the reference outlives the caster; here
// it points into the Python object): the same cast_error when `h` is not a
// certificate, the same ReferenceCastError for None.
inline const Certificate& CastCertificate(pybind11::handle h) {
  pybind11::detail::make_caster<Certificate> conv;
  pybind11::detail::load_type(conv, h);
  return static_cast<Certificate&>(conv);
}

}  // namespace cryptoshim::py

namespace cryptoshim::py {

// An optional certificate argument: None or a Certificate, `Certificate |
// None` in signatures and stubs (a `const Certificate*` argument accepts None
// too but reads as plain `Certificate`). Pointer(): the certificate or nullptr.
using OptionalCertificate = std::optional<std::reference_wrapper<const Certificate>>;
inline const Certificate* Pointer(const OptionalCertificate& cert) {
  return cert ? &cert->get() : nullptr;
}

// class_<Certificate>::def / def_static for this type, which pybind11's class_
// cannot name (its holder machinery wants a registered type): the same
// overloadable pybind11 functions, set on the type as class_ sets them.
class CertificateClass {
 public:
  explicit CertificateClass(pybind11::handle type) : type_(type) {}

  template <typename F, typename... Extra>
  CertificateClass& def(const char* name, F&& f, const Extra&... extra) {
    pybind11::cpp_function cf(pybind11::method_adaptor<Certificate>(std::forward<F>(f)),
                              pybind11::name(name), pybind11::is_method(type_),
                              pybind11::sibling(pybind11::getattr(type_, name, pybind11::none())),
                              extra...);
    type_.attr(cf.name()) = cf;
    return *this;
  }

  template <typename F, typename... Extra>
  CertificateClass& def_static(const char* name, F&& f, const Extra&... extra) {
    pybind11::cpp_function cf(std::forward<F>(f), pybind11::name(name), pybind11::scope(type_),
                              pybind11::sibling(pybind11::getattr(type_, name, pybind11::none())),
                              extra...);
    type_.attr(cf.name()) = pybind11::staticmethod(cf);
    return *this;
  }

 private:
  pybind11::handle type_;
};

}  // namespace cryptoshim::py
