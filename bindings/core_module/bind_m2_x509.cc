// _core.Asn1Time / _core.Asn1String and the X.509 operations M2Crypto's
// X509 and ASN1 modules need beyond pyOpenSSL's: they are added as methods
// to the classes bind_x509.cc, bind_crl.cc and bind_store.cc register, so
// this must run after those (module.cc orders the calls).
#include <pybind11/stl.h>

#include "cryptoshim/asn1_string.h"
#include "cryptoshim/asn1_time.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/certificate_checks.h"
#include "cryptoshim/certificate_stack.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/crl_checks.h"
#include "cryptoshim/csr.h"
#include "cryptoshim/store.h"
#include "cryptoshim/x509_extension.h"
#include "cryptoshim/x509_name.h"
#include "cryptoshim/x509_name_entries.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

template <typename T>
using Class = ::py::class_<T, std::shared_ptr<T>>;

template <typename T>
Class<T> Existing(::py::module_& m, const char* name) {
  return ::py::reinterpret_borrow<Class<T>>(m.attr(name));
}

std::vector<const Certificate*> CertList(::py::handle items) {
  std::vector<const Certificate*> out;
  for (::py::handle item : items) out.push_back(&CastCertificate(item));
  return out;
}

void RegisterAsn1(::py::module_& m) {
  Class<Asn1Time>(m, "Asn1Time")
      .def(::py::init([](bool utc_only) { return ValueOrThrow(Asn1Time::New(utc_only)); }),
           ::py::arg("utc_only") = false)
      .def_property_readonly("utc_only", &Asn1Time::utc_only)
      .def("set_string", [](Asn1Time& t, const std::string& s) { ThrowIfError(t.SetString(s)); })
      .def("set_unix_time",
           [](Asn1Time& t, std::int64_t seconds) { ThrowIfError(t.SetUnixTime(seconds)); })
      .def("unix_time", [](const Asn1Time& t) { return ValueOrThrow(t.ToUnixTime()); })
      .def("is_present", [](const Asn1Time& t) { return t.get0() != nullptr; })
      .def("print", &Asn1Time::Print);

  Class<Asn1String>(m, "Asn1String")
      .def(::py::init(
          [](::py::bytes data) { return ValueOrThrow(Asn1String::New(std::string_view(data))); }))
      .def("type", [](const Asn1String& s) { return ValueOrThrow(s.type()); })
      .def("data", [](const Asn1String& s) { return ::py::bytes(ValueOrThrow(s.Data())); })
      .def("set",
           [](Asn1String& s, ::py::bytes data) { ThrowIfError(s.Set(std::string_view(data))); })
      .def("print", [](const Asn1String& s) { return ::py::bytes(ValueOrThrow(s.Print())); })
      .def("print_ex", [](const Asn1String& s, unsigned long flags) {
        return ::py::bytes(ValueOrThrow(s.PrintEx(flags)));
      });
}

void ExtendCertificate(::py::module_& m) {
  CertificateClass(m.attr("Certificate"))
      .def("verify_signature",
           [](const Certificate& c, const Key& k) { return VerifyCertificateSignature(c, k); })
      .def("check_ca", [](const Certificate& c) { return CheckCa(c); })
      .def("check_purpose",
           [](const Certificate& c, int purpose, bool as_ca) {
             return ValueOrThrow(CheckPurpose(c, purpose, as_ca));
           })
      .def("not_before_time", [](const Certificate& c) { return NotBeforeTime(c); })
      .def("not_after_time", [](const Certificate& c) { return NotAfterTime(c); })
      .def("set_not_before_time",
           [](const Certificate& c, const Asn1Time& t) { ThrowIfError(SetNotBeforeTime(c, t)); })
      .def("set_not_after_time",
           [](const Certificate& c, const Asn1Time& t) { ThrowIfError(SetNotAfterTime(c, t)); })
      .def("add_subject_key_identifier",
           [](const Certificate& c) { ThrowIfError(AddSubjectKeyIdentifier(c)); });
}

void ExtendName(::py::module_& m) {
  Existing<X509Name>(m, "X509Name")
      .def("add_entry_by_txt",
           [](const X509Name& n, const std::string& field, int type, ::py::bytes value, int loc,
              int set) {
             ThrowIfError(AddNameEntryByText(n, field, type, std::string_view(value), loc, set));
           })
      .def("print_ex",
           [](const X509Name& n, int indent, unsigned long flags) {
             return ::py::bytes(ValueOrThrow(PrintName(n, indent, flags)));
           })
      .def("entry_indices", [](const X509Name& n, int nid) { return NameEntryIndices(n, nid); })
      .def("entry_object",
           [](const X509Name& n, int index) {
             NameEntryObject o = ValueOrThrow(NameEntryObjectAt(n, index));
             return ::py::make_tuple(o.nid, o.short_name, o.oid);
           })
      .def("entry_data", [](const X509Name& n, int index) { return NameEntryDataAt(n, index); })
      .def("set_entry_data",
           [](const X509Name& n, int index, int type, ::py::bytes value) {
             ThrowIfError(SetNameEntryData(n, index, type, std::string_view(value)));
           })
      .def("add_entry_from",
           [](const X509Name& n, const X509Name& source, int index, int loc, int set) {
             ThrowIfError(AddNameEntryCopy(n, source, index, loc, set));
           })
      .def("delete_entry",
           [](const X509Name& n, int index) { ThrowIfError(DeleteNameEntry(n, index)); })
      .def("set_entry_object", [](const X509Name& n, int index, int nid) {
        ThrowIfError(SetNameEntryObject(n, index, nid));
      });
}

void ExtendExtension(::py::module_& m) {
  Existing<X509Extension>(m, "X509Extension")
      // M2Crypto's new_extension: an empty config database, so r2i
      // extensions (proxyCertInfo, ...) can be made.
      .def_static(
          "create_with_empty_config",
          [](::py::bytes type_name, ::py::bytes value, const OptionalCertificate& subject) {
            return ValueOrThrow(X509Extension::Create(std::string_view(type_name), false,
                                                      std::string_view(value), Pointer(subject),
                                                      nullptr, true));
          },
          ::py::arg("type_name"), ::py::arg("value"), ::py::arg("subject") = ::py::none())
      .def_static("authority_key_identifier",
                  [](::py::bytes key_id, bool critical) {
                    return ValueOrThrow(
                        X509Extension::AuthorityKeyIdentifier(std::string_view(key_id), critical));
                  })
      .def("print", [](const X509Extension& e, unsigned long flags,
                       int indent) { return ::py::bytes(e.Print(flags, indent)); })
      .def("set_critical",
           [](X509Extension& e, bool critical) { ThrowIfError(e.SetCritical(critical)); });
}

void ExtendRequest(::py::module_& m) {
  Existing<CertificateRequest>(m, "CertificateRequest")
      .def("set_subject",
           [](CertificateRequest& r, const X509Name& n) { ThrowIfError(r.SetSubject(n)); });
}

void ExtendCrl(::py::module_& m) {
  Existing<Crl>(m, "Crl")
      .def("verify_signature", [](const Crl& c, const Key& k) { return VerifyCrlSignature(c, k); })
      .def("last_update_time", [](const Crl& c) { return CrlLastUpdate(c); })
      .def("next_update_time", [](const Crl& c) { return CrlNextUpdate(c); })
      .def("set_issuer", [](const Crl& c, const X509Name& n) { ThrowIfError(SetCrlIssuer(c, n)); });
}

void RegisterStacks(::py::module_& m) {
  m.def("encode_certificate_sequence", [](::py::handle certs) {
    return ::py::bytes(ValueOrThrow(EncodeCertificateSequence(CertList(certs))));
  });
  m.def("decode_certificate_sequence", [](::py::bytes der) {
    return ValueOrThrow(DecodeCertificateSequence(std::string_view(der)));
  });
  // Like verify_certificate (bind_store.cc), with per-call CRLs. Returns
  // (error, depth, failing certificate or None, verified chain); error 0
  // (X509_V_OK) on success.
  m.def("verify_certificate_with_crls",
        [](const Store& store, const Certificate& leaf, ::py::handle untrusted,
           ::py::handle crls) -> ::py::tuple {
          std::vector<const Certificate*> chain = CertList(untrusted);
          std::vector<const Crl*> crl_list;
          for (::py::handle item : crls) crl_list.push_back(&item.cast<const Crl&>());
          StatusOr<VerifyResult> result = Status(ErrorCode::kInternal, "unset");
          {
            ::py::gil_scoped_release release;
            result = VerifyCertificate(store, leaf, chain, crl_list);
          }
          VerifyResult r = ValueOrThrow(std::move(result));
          ::py::list verified;
          for (Certificate& c : r.chain) verified.append(::py::cast(std::move(c)));
          if (!r.failure) return ::py::make_tuple(0, 0, ::py::none(), verified);
          ::py::object cert = ::py::none();
          if (r.failure->certificate) cert = ::py::cast(std::move(*r.failure->certificate));
          return ::py::make_tuple(r.failure->error, r.failure->depth, cert, verified);
        });
}

}  // namespace

void RegisterM2X509(::py::module_& m) {
  RegisterAsn1(m);
  ExtendCertificate(m);
  ExtendName(m);
  ExtendExtension(m);
  ExtendCrl(m);
  ExtendRequest(m);
  RegisterStacks(m);
}

}  // namespace cryptoshim::py
